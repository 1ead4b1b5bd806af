"""Turning a thread into a printout: the document's fields, and PDF or text bytes.

Pure presentation of what the printing use case has already read and checked; every page
is marked as working material by `fblmail.printing` (R16).
"""

from __future__ import annotations

from fblmail.clock import format_local
from fblmail.errors import InvalidInput
from fblmail.printing.document import PrintDocument, PrintedMessage, render_text
from fblmail.service.context import Actor
from fblmail.service.views import MessageDetail

FORMATS = ("pdf", "text")

__all__ = ["FORMATS", "parse_format", "render", "thread_document"]


def parse_format(value: str) -> str:
    """`pdf` or `text`."""
    wanted = value.strip().lower()
    if wanted not in FORMATS:
        raise InvalidInput(
            f"Okänt format {value!r}. Välj pdf eller text.",
            f"Unknown format {value!r}. Choose pdf or text.",
            field="format",
        )
    return wanted


def thread_document(
    details: list[MessageDetail], actor: Actor, printout_no: int, at: str
) -> PrintDocument:
    """The printout of a thread (oldest first), headed with who printed it, when, and its number."""
    first = details[0].summary
    messages = []
    kinds = {"reply": " (svar)", "forward": " (vidarebefordrat)"}
    for number, detail in enumerate(details, start=1):
        s = detail.summary
        sender = f"{s.sender} – {detail.sender_person}" if detail.sender_person else s.sender
        fields: list[tuple[str, str]] = [
            ("Från", sender),
            ("Till", s.recipient),
            ("Skickat", format_local(s.sent_at)),
            ("Kategori", s.category),
            ("Patient", s.patient),
            ("Ämne", s.subject),
            ("Meddelande-id", s.id),
        ]
        if detail.journal_note:
            note = detail.journal_note
            fields.append(("Journalanteckning", f"{note.title} ({note.reference})"))
        if detail.forwarded_from:
            fwd = detail.forwarded_from
            fields.append(
                (
                    "Vidarebefordrat",
                    f"från {fwd.sender} {format_local(fwd.sent_at)} av {fwd.forwarded_by}"
                    + (f": {fwd.note}" if fwd.note else ""),
                )
            )
        heading = f"Meddelande {number} av {len(details)}{kinds.get(s.kind, '')}"
        messages.append(PrintedMessage(heading, tuple(fields), detail.body))
    return PrintDocument(
        title=f"Ärende: {first.subject} – patient {first.patient}",
        printed_by=f"{actor.full_name} ({actor.login}), {actor.unit}",
        printed_at=at,
        printout_no=printout_no,
        messages=tuple(messages),
    )


def render(doc: PrintDocument, fmt: str) -> tuple[bytes, int]:
    """The document in the chosen format (PDF imports fpdf2 only now)."""
    if fmt == "text":
        text, pages = render_text(doc)
        return text.encode("utf-8"), pages
    from fblmail.printing.pdf import find_unicode_font, render_pdf

    return render_pdf(doc, font=find_unicode_font())

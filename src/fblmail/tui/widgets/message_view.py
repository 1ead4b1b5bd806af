"""A message as text for the reading pane and the reader: headers, body, journal note,
forward history. Every piece of user text goes through `fblmail.tui.safe` (data, never
markup; control characters as visible escapes).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from textual.content import Content

from fblmail.clock import format_local
from fblmail.domain.deadlines import DeadlineState
from fblmail.i18n import tr
from fblmail.present import MESSAGE, count, deadline_mark, waiting_words
from fblmail.service.views import DraftView, MessageDetail, MessageSummary
from fblmail.tui.safe import block, line
from fblmail.tui.widgets.columns import state_of

LABEL = "bold"
RULE = "─" * 40


def _field(label: str, value: Content | str) -> Content:
    shown = value if isinstance(value, Content) else line(value)
    return Content.assemble((f"{label}: ", LABEL), shown)


def kind_label(summary: MessageSummary) -> str:
    """Message, reply or forward in words."""
    return {
        "reply": tr("Svar", "Reply"),
        "forward": tr("Vidarebefordrat", "Forwarded"),
    }.get(summary.kind, tr("Meddelande", "Message"))


def deadline_text(summary: MessageSummary, now: datetime) -> tuple[str, str]:
    """The deadline as words and a style (R10: 72 hours to answer)."""
    state = state_of(summary, now)
    if state is DeadlineState.FYI:
        return tr(
            "◇ För kännedom – inget svar väntas", "◇ For information – no answer expected"
        ), ""
    if state is DeadlineState.ANSWERED:
        when = format_local(summary.answered_at)
        return tr(f"✓ Besvarad {when}", f"✓ Answered {when}"), ""
    if state is DeadlineState.RESOLVED:
        when = format_local(summary.resolved_at)
        return tr(f"✓ Löst på annat sätt {when}", f"✓ Resolved another way {when}"), ""
    assert summary.due_at is not None
    mark = deadline_mark(summary.due_at, now)
    due = format_local(summary.due_at)
    whose = waiting_words(summary.waiting_for)
    if state is DeadlineState.OVERDUE:
        late = tr(f"{mark} (svar senast {due}){whose}", f"{mark} (answer was due {due}){whose}")
        return late, "bold $error"
    style = "bold $warning" if state is DeadlineState.DUE_SOON else ""
    return tr(f"{mark} (svar senast {due}){whose}", f"{mark} (due {due}){whose}"), style


def summary_header(summary: MessageSummary, now: datetime, sender_person: str = "") -> Content:
    """The header lines of one message."""
    sender = summary.sender + (f" – {sender_person}" if sender_person else "")
    deadline, style = deadline_text(summary, now)
    facts = [
        _field(tr("Kategori", "Category"), summary.category),
        _field(tr("Patient", "Patient"), summary.patient),
        _field(tr("Skickat", "Sent"), format_local(summary.sent_at)),
    ]
    if summary.has_journal_note:
        facts.append(Content.styled(tr("⎘ journalanteckning", "⎘ journal note"), "italic"))
    lines = [
        Content.assemble((f"{kind_label(summary)}  ", "bold"), line(summary.subject, style="bold")),
        _field(tr("Från", "From"), sender),
        _field(tr("Till", "To"), summary.recipient),
        Content("   ").join(facts),
        _field(tr("Svarstid", "Deadline"), Content.styled(deadline, style) if style else deadline),
    ]
    return Content("\n").join(lines)


def detail_block(detail: MessageDetail, now: datetime, *, show_note_hint: bool = False) -> Content:
    """A whole message: header, body, journal note and forward history."""
    head = summary_header(detail.summary, now, detail.sender_person)
    return Content("\n").join([head, body_block(detail, show_note_hint=show_note_hint)])


def body_block(
    detail: MessageDetail, *, show_note_hint: bool = False, first_line: Content | None = None
) -> Content:
    """Everything under the header: forward history, the text, the journal note.

    `first_line` replaces the rule that separates it from the header (the preview's note).
    """
    parts = [first_line if first_line is not None else Content(RULE)]
    fwd = detail.forwarded_from
    if fwd is not None:
        parts.append(
            _field(
                tr("Vidarebefordrat", "Forwarded"),
                line(
                    tr(
                        f"av {fwd.forwarded_by}, ursprungligen från {fwd.sender} "
                        f"{format_local(fwd.sent_at)}",
                        f"by {fwd.forwarded_by}, originally from {fwd.sender} "
                        f"{format_local(fwd.sent_at)}",
                    )
                ),
            )
        )
        if fwd.note:
            parts.append(Content.assemble((tr("Kommentar: ", "Note: "), LABEL), block(fwd.note)))
    parts.append(block(detail.body))
    note = detail.journal_note
    if note is not None:
        parts.append(Content(RULE))
        parts.append(_field(tr("Journalanteckning", "Journal note"), note.title))
        parts.append(_field(tr("Referens", "Reference"), note.reference))
        if note.disclosed_to:
            parts.append(_field(tr("Lämnad till", "Disclosed to"), ", ".join(note.disclosed_to)))
        if show_note_hint:
            parts.append(
                Content.styled(
                    tr("Tryck o för att öppna (kopiera) referensen.",
                       "Press o to open (copy) the reference."),
                    "italic",
                )
            )  # fmt: skip
    return Content("\n").join(parts)


def thread_block(details: Sequence[MessageDetail], now: datetime) -> Content:
    """A thread: who answered when, then each message in order."""
    if not details:
        return Content(tr("Tråden är tom.", "The thread is empty."))
    first = details[0].summary
    answer = next(
        (d for d in details if d.summary.kind == "reply" and d.summary.sender == first.recipient),
        None,
    )
    if answer is not None:
        who = answer.summary.sender + (f" – {answer.sender_person}" if answer.sender_person else "")
        when = format_local(answer.summary.sent_at)
        status = tr(f"Besvarad {when} av {who}", f"Answered {when} by {who}")
    else:
        status = deadline_text(first, now)[0]
    messages = count(len(details), MESSAGE)
    head = Content.assemble(
        (tr(f"Tråd om {first.patient} – {messages}",
            f"Thread about {first.patient} – {messages}"), "bold"),
        "\n",
        line(status),
    )  # fmt: skip
    blocks = [head]
    for number, detail in enumerate(details, start=1):
        blocks.append(Content.styled(f"── {number}/{len(details)} " + "─" * 30, "dim"))
        blocks.append(detail_block(detail, now, show_note_hint=detail.journal_note is not None))
    return Content("\n\n").join(blocks)


def draft_block(draft: DraftView) -> tuple[Content, Content]:
    """A draft's header (five lines) and text (the Drafts folder)."""
    head = Content("\n").join(
        [
            Content.assemble(
                (tr("Utkast – Enter skriver vidare  ", "Draft – Enter to go on  "), "bold"),
                line(draft.subject, style="bold"),
            ),
            _field(tr("Från", "From"), draft.from_address),
            _field(tr("Till", "To"), draft.to_address or draft.forward_to_login),
            Content("   ").join([
                _field(tr("Kategori", "Category"), draft.category),
                _field(tr("Patient", "Patient"), draft.patient),
            ]),
            _field(tr("Sparat", "Saved"), format_local(draft.updated_at)),
        ]
    )  # fmt: skip
    return head, Content("\n").join([Content(RULE), block(draft.body)])

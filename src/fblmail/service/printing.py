"""Printing (R14, R16) and closing a case: printouts are working material, destroyed at close.

The routine prefers forwarding to a personal mailbox (R14); the CLI and the app show
`REMINDER_SV` before printing. Each printout is recorded (table `printout`) and logged
("print") in the same transaction that reads the thread, and the document is rendered in
that transaction too, so a printout that could not be made is never recorded. The file
(owner-only, never over an existing file or through a symbolic link) is written whole and
flushed before that transaction commits; if the commit fails the file is removed.

Closing a case (`close_thread`) is refused (R16) while it has printouts not confirmed
destroyed, unless the user confirms they are (`printouts_destroyed=True`). A case is shared
by two units: the one who closes confirms the printouts of people in their own unit; the
other unit's printouts stay open and show in that unit's `check` until someone there
confirms them (`close` on a closed case only confirms).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, select

from fblmail.clock import format_local
from fblmail.errors import AuditTarget, InvalidInput, Refused
from fblmail.printing.document import (
    REMINDER_EN,
    REMINDER_SV,
    PrintDocument,
    PrintedMessage,
    render_text,
)
from fblmail.service.check_printouts import PrintoutView, ThreadPrintouts, open_printouts
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.folders import Folders
from fblmail.service.lookup import accessible_item, find_message
from fblmail.service.views import MessageDetail
from fblmail.store.tables import Account, Printout, Thread

FORMATS = ("pdf", "text")

__all__ = [
    "FORMATS",
    "REMINDER_EN",
    "REMINDER_SV",
    "CloseResult",
    "PrintResult",
    "Printing",
    "PrintoutView",
    "ThreadPrintouts",
    "open_printouts_for",
]


@dataclass(frozen=True)
class PrintResult:
    """A recorded printout; `content` is the rendered document (also when written to `path`)."""

    printout_id: int
    message_id: str
    thread_id: str
    format: str
    pages: int
    path: Path | None
    content: bytes

    def to_json(self) -> dict[str, object]:
        """JSON for scripts."""
        return {
            "printout_id": self.printout_id,
            "message_id": self.message_id,
            "thread_id": self.thread_id,
            "format": self.format,
            "pages": self.pages,
            "path": str(self.path) if self.path else None,
        }


@dataclass(frozen=True)
class CloseResult:
    """The outcome of closing a case."""

    thread_id: str
    message_id: str
    closed_at: datetime
    already_closed: bool
    printouts_destroyed: int


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


def _output_problem(sv: str, en: str) -> InvalidInput:
    """A refusal about the output file; `{hint}` names the field in the caller's words."""
    return InvalidInput(sv, en, field="output", hint="output")


def check_output(path: Path) -> Path:
    """The output file must be new, in an existing folder, and not a symbolic link.

    A printout never overwrites, and never follows a link (even a dangling one) to a place
    the user did not name.
    """
    target = path.expanduser()
    if target.is_symlink():
        raise _output_problem(
            f"{target} är en symbolisk länk. Ange en ny fil, inte en länk{{hint}}.",
            f"{target} is a symbolic link. Give a new file, not a link{{hint}}.",
        )
    if os.path.lexists(target):
        raise _output_problem(
            f"Filen {target} finns redan. Välj ett annat filnamn{{hint}}.",
            f"The file {target} already exists. Choose another file name{{hint}}.",
        )
    if not target.parent.is_dir():
        raise _output_problem(
            f"Mappen {target.parent} finns inte. Välj en befintlig mapp{{hint}}.",
            f"The folder {target.parent} does not exist. Choose an existing folder{{hint}}.",
        )
    return target


def write_private(path: Path, content: bytes) -> None:
    """Put `content` at the new file `path`, readable by its owner only, all or nothing.

    Written to a temporary file (0600) in the same folder, flushed to disk, then linked into
    place, which fails if `path` appeared meanwhile (never overwrites, never follows a link).
    On any failure (a full disk, a read-only folder) nothing is left behind.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        try:
            view = memoryview(content)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temp, path)
        except OSError as exc:
            # A file system without hard links: rename, having checked the name is free.
            if exc.errno not in (errno.EPERM, errno.ENOTSUP) or os.path.lexists(path):
                raise
            os.rename(temp, path)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    with contextlib.suppress(OSError):  # make the new name durable too
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _cannot_write(path: Path, exc: OSError) -> InvalidInput:
    reason = exc.strerror or type(exc).__name__
    return _output_problem(
        f"Filen {path} kunde inte skrivas: {reason}. Ingen utskrift registrerades. Välj en "
        "annan plats{hint}.",
        f"The file {path} could not be written: {reason}. No printout was recorded. Choose "
        "another place{hint}.",
    )


def _document(
    details: list[MessageDetail], actor: Actor, printout_no: int, at: str
) -> PrintDocument:
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


class Printing(ServiceBase):
    """Printing a message with its thread, and closing the case."""

    def print_message(
        self, ref: str, *, fmt: str = "pdf", output: Path | None = None
    ) -> PrintResult:
        """Render, record and log a printout; write it to `output` if given (a new file)."""
        fmt = parse_format(fmt)
        target_path = check_output(output) if output is not None else None

        def work(session: Session, actor: Actor) -> PrintResult:
            message = find_message(session, ref, actor)
            _, box = accessible_item(session, actor, message, typed=ref)
            details = Folders(self.store, self.clock, self.login).thread_in(session, actor, message)
            now = self.clock()
            row = Printout(
                message_id=message.id,
                thread_id=message.thread_id,
                login=actor.login,
                printed_at=now,
                format=fmt,
            )
            session.add(row)
            session.flush()
            content, pages = render(_document(details, actor, row.id or 0, format_local(now)), fmt)
            self._log(
                session,
                actor,
                "print",
                mailbox=box.address,
                message_id=message.id,
                thread_id=message.thread_id,
                patient=message.patient,
                detail=f"printout {row.id}: {fmt}, {len(details)} messages, {pages} pages",
            )
            if target_path is not None:
                # The file is complete on disk before the record commits; if it cannot be
                # written, the transaction rolls back and no printout is recorded.
                write_private(target_path, content)
                written.append(target_path)
            return PrintResult(
                row.id or 0, message.id, message.thread_id, fmt, pages, target_path, content
            )

        written: list[Path] = []
        try:
            return self._unit("print", work, target=AuditTarget(message_id=ref[:36]))
        except BaseException:
            for path in written:  # the commit failed: no record, so no file either
                with contextlib.suppress(OSError):
                    path.unlink()
            raise

    def close_thread(self, ref: str, *, printouts_destroyed: bool = False) -> CloseResult:
        """Close the case of a message's thread; R16: its printouts must be destroyed first."""

        def work(session: Session, actor: Actor) -> CloseResult:
            message = find_message(session, ref, actor)
            _, box = accessible_item(session, actor, message, typed=ref)
            thread = session.get(Thread, message.thread_id)
            assert thread is not None
            aimed = AuditTarget(
                mailbox=box.address,
                message_id=message.id,
                thread_id=thread.id,
                patient=thread.patient,
            )
            # The case is shared by two units; each confirms its own people's printouts.
            pending = session.exec(
                select(Printout)
                .join(Account, col(Account.login) == col(Printout.login))
                .where(
                    Printout.thread_id == thread.id,
                    col(Printout.destroyed_at).is_(None),
                    Account.organisation_id == actor.organisation_id,
                )
                .order_by(col(Printout.id))
            ).all()
            if pending and not printouts_destroyed:
                who = ", ".join(
                    sorted({f"{p.login} {format_local(p.printed_at)}" for p in pending})
                )
                raise Refused(
                    f"Ärendet har {len(pending)} utskrift(er) som inte är bekräftade förstörda "
                    f"({who}). En utskrift är arbetsunderlag: förstör den och stäng sedan med "
                    "--printouts-destroyed.",
                    f"The case has {len(pending)} printout(s) not confirmed destroyed ({who}). "
                    "A printout is working material: destroy it, then close with "
                    "--printouts-destroyed.",
                    field="printouts_destroyed",
                    rule="R16",
                    target=aimed,
                )
            now = self.clock()
            for printout in pending:
                printout.destroyed_at, printout.destroyed_by = now, actor.login
                session.add(printout)
            already = thread.closed_at is not None
            if not already:
                thread.closed_at = now
                session.add(thread)
            self._log(
                session,
                actor,
                "close",
                mailbox=aimed.mailbox,
                message_id=aimed.message_id,
                thread_id=aimed.thread_id,
                patient=aimed.patient,
                detail=("already closed" if already else "case closed")
                + f"; {len(pending)} printouts confirmed destroyed",
            )
            return CloseResult(
                thread.id, message.id, thread.closed_at or now, already, len(pending)
            )

        return self._unit("close", work, target=AuditTarget(message_id=ref[:36]))


def open_printouts_for(session: Session, mailbox_ids: Iterable[int]) -> list[ThreadPrintouts]:
    """Closed cases of these FBLs with printouts not confirmed destroyed (R16), for `check`;
    in the caller's session (see `check_printouts.open_printouts`)."""
    from fblmail.service.check_session import SessionReader

    return open_printouts(SessionReader(session), mailbox_ids)

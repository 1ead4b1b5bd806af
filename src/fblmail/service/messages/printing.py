"""Printing (R14, R16) and closing a case: printouts are working material, destroyed at close.

The routine prefers forwarding to a personal mailbox (R14); the CLI and the app show
`REMINDER_SV` before printing. Each printout is recorded (table `printout`) and logged
("print") in the same transaction that reads the thread, and the document is rendered in
that transaction too, so a printout that could not be made is never recorded. The file
(owner-only, never over an existing file or through a symbolic link) is written whole and
flushed before that transaction commits; if the commit fails the file is removed.
Rendering is in printout_render.py, writing the file in printout_files.py.

Closing a case (`close_thread`) is refused (R16) while it has printouts not confirmed
destroyed, unless the user confirms they are (`printouts_destroyed=True`). A case is shared
by two units: the one who closes confirms the printouts of people in their own unit; the
other unit's printouts stay open and show in that unit's `check` until someone there
confirms them (`close` on a closed case only confirms).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, col, select

from fblmail.clock import format_local
from fblmail.errors import AuditTarget, Refused
from fblmail.printing.document import REMINDER_EN, REMINDER_SV
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.duty.check_printouts import PrintoutView, ThreadPrintouts, open_printouts
from fblmail.service.lookup import accessible_item, find_message
from fblmail.service.mailboxes.folders import Folders
from fblmail.service.messages.printout_files import check_output, write_private
from fblmail.service.messages.printout_render import FORMATS, parse_format, render, thread_document
from fblmail.store.tables import Account, Printout, Thread

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
            content, pages = render(
                thread_document(details, actor, row.id or 0, format_local(now)), fmt
            )
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
    from fblmail.service.duty.check_session import SessionReader

    return open_printouts(SessionReader(session), mailbox_ids)

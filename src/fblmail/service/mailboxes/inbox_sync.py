"""The write side of the inbox: keeping `mailbox_item.due_at` in step, and logging views.

`mailbox_item.due_at` is a copy of the thread's answer deadline (R10) on the questioned
side's copy of each message while the thread waits for that side's answer. It lets the
inbox list "waiting for our answer, most urgent first" by keyset over one index instead of
sorting every open thread on each screenful. It is set when a message is stored and
cleared, for the whole thread, when the thread is answered or resolved another way.

Listing a folder or searching shows patients and subjects, so the app logs each folder it
opens and each search as one access-log row (scrolling within the list is the same view).
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlmodel import Session, col

from fblmail.domain.safe_text import one_line
from fblmail.errors import AuditTarget
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.lookup import require_member

# The deadlines copied onto a new copy are computed in one place, which the DB-API send uses too.
from fblmail.service.mailboxes.copy_due import sent_due_at, waiting_due_at
from fblmail.store.tables import Mailbox, MailboxItem, Message

__all__ = ["InboxAudit", "clear_thread_due", "sent_due_at", "waiting_due_at"]


def clear_thread_due(session: Session, thread_id: str) -> None:
    """The thread no longer waits for an answer (answered or resolved): clear its copies."""
    seqs = select(col(Message.seq)).where(col(Message.thread_id) == thread_id)
    session.execute(
        update(MailboxItem)
        .where(col(MailboxItem.message_seq).in_(seqs), col(MailboxItem.due_at).is_not(None))
        .values(due_at=None)
    )


class InboxAudit(ServiceBase):
    """Access-log rows for what the inbox shows: a folder opened, a search made."""

    def viewed(self, mailbox_id: int, folder: str) -> None:
        """The user opened a folder of one of their mailboxes (one row per opening)."""

        def work(session: Session, actor: Actor) -> None:
            box = session.get(Mailbox, mailbox_id)
            if box is None:
                return
            require_member(actor, box)
            self._log(session, actor, "list", mailbox=box.address, detail=f"folder {folder}")

        self._unit("list", work, target=AuditTarget())

    def searched(self, text: str, hits: int) -> None:
        """The user searched their mailboxes; the query is kept (it may name a patient)."""

        def work(session: Session, actor: Actor) -> None:
            self._log(
                session, actor, "search", mailbox="*", detail=f"{one_line(text, 200)} ({hits})"
            )

        self._unit("search", work)

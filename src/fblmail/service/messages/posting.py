"""What reply and forward share once their rules are checked: storing the message.

Send runs on the DB-API (send.py over store/query/posting.py); reply and forward still run
their rules on the ORM, but store their message, copies, journal links and disclosures
through the same statements, on the session's own connection. A `Posting` is one of those
use cases inside its unit of work (transaction, acting user, clock, and the access-log
writer of the service that opened it): it stores a message with its mailbox copies,
attaches journal links with their disclosure record (R12), drops the draft the message was
written in, and reads back the list row the caller returns. The rules themselves live with
each use case (reply.py, forward.py); `closed_refusal` (send.py, re-exported here) gives
sending and replying the same words for a closed FBL (R15).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlmodel import Session

from fblmail.clock import Clock
from fblmail.errors import NoAccess
from fblmail.service.context import Actor
from fblmail.service.lookup import summary_select, to_summary
from fblmail.service.mailboxes.copy_due import sent_due_at, waiting_due_at
from fblmail.service.messages.send import closed_refusal
from fblmail.service.views import MessageSummary
from fblmail.store.query import posting as q
from fblmail.store.query.connection import DbTarget, Writer
from fblmail.store.tables import Mailbox, MailboxItem, Message, Thread

__all__ = ["LogWriter", "Posting", "closed_refusal"]  # closed_refusal: from send.py


class LogWriter(Protocol):
    """Writes one access-log row in the caller's transaction (`ServiceBase._log`)."""

    def __call__(
        self, session: Session, actor: Actor, action: str, **fields: str | None
    ) -> None: ...


@dataclass(frozen=True)
class Posting:
    """One send, reply or forward inside its unit of work."""

    session: Session
    actor: Actor
    clock: Clock
    # The service's own log writer, so that every access-log row is written one way.
    write_log: LogWriter

    def log(self, action: str, **fields: str | None) -> None:
        """One access-log row for this use case, in its transaction."""
        self.write_log(self.session, self.actor, action, **fields)

    def store_message(
        self,
        thread: Thread,
        kind: str,
        sender: Mailbox,
        recipient: Mailbox,
        subject: str,
        body: str,
        now: datetime,
        *,
        message_id: str,
        in_reply_to: str | None = None,
        forwarded_from: str | None = None,
        forward_note: str | None = None,
        informed: bool = False,
        sender_copy: bool = True,
    ) -> Message:
        """The message, its copy in the recipient's inbox and (unless a forward) the sender's:
        the statements `send` runs (store/query/posting.py), in this unit's transaction."""
        db = self._db()
        seq = q.insert_message(
            db,
            q.NewMessage(
                id=message_id,
                thread_id=thread.id,
                kind=kind,
                sender_mailbox_id=sender.id or 0,
                recipient_mailbox_id=recipient.id or 0,
                sender_account_id=self.actor.account_id or 0,
                category=thread.category,
                patient=thread.patient,
                subject=subject,
                body=body,
                sent_at=now,
                in_reply_to_id=in_reply_to,
                forwarded_from_id=forwarded_from,
                forward_note=forward_note,
                recipient_informed=informed,
            ),
        )
        inbox_due = waiting_due_at(thread, recipient.id or 0)
        q.insert_copy(db, seq, recipient.id or 0, "inbox", sort_at=now, due_at=inbox_due)
        if sender_copy:
            sent_due = sent_due_at(thread, sender.id or 0, recipient.id or 0)  # late first (R10)
            q.insert_copy(
                db, seq, sender.id or 0, "sent", sort_at=now, read_at=now, due_at=sent_due
            )
        message = self.session.get(Message, seq)
        assert message is not None
        return message

    def attach_journal_note(
        self,
        message: Message,
        reference: str,
        title: str,
        now: datetime,
        *,
        via: str,
        to_mailbox: str | None = None,
        to_login: str | None = None,
        attached_by: str | None = None,
    ) -> None:
        """R12: link a journal note to the message and record whom it was disclosed to."""
        # A forwarded note keeps its author; the disclosure records who passed it on.
        q.insert_journal_note(
            self._db(),
            message.seq or 0,
            reference,
            title,
            attached_by=attached_by or self.actor.login,
            at=now,
            disclosed_by=self.actor.login,
            via=via,
            to_mailbox=to_mailbox,
            to_login=to_login,
        )

    def drop_draft(self, draft_id: str) -> None:
        """The draft the message was written in, if it is the user's own, goes."""
        q.drop_draft(self._db(), draft_id, self.actor.account_id or 0)

    def _db(self) -> Writer:
        """This unit's own DB-API connection (the same transaction) for store/query's
        statements; what the session holds back (a changed thread) is written first."""
        self.session.flush()
        conn = self.session.connection()
        url = conn.engine.url
        if conn.dialect.name == "sqlite":
            target = DbTarget("sqlite", url.database or "")
        else:
            target = DbTarget("postgres", url.render_as_string(hide_password=False))
        return Writer(conn.connection.driver_connection, target)

    def summary(self, message: Message, mailbox_id: int) -> MessageSummary:
        """The message's list row as the mailbox `mailbox_id` holds it."""
        self.session.flush()
        row = self.session.exec(
            summary_select().where(
                MailboxItem.message_seq == message.seq, MailboxItem.mailbox_id == mailbox_id
            )
        ).first()
        if row is None:
            raise NoAccess("Meddelandet finns inte.", "The message does not exist.", field="id")
        return to_summary(row, self.clock())

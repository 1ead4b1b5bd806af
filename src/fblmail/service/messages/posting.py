"""What reply and forward share once their rules are checked: storing the message.

Send runs on the DB-API (send.py over store/query/posting.py); reply and forward still run
here, on the ORM. A `Posting` is one of those use cases inside its unit of work
(transaction, acting user, clock, and the access-log writer of the service that opened it).
It stores a message with its mailbox copies, attaches journal links with their disclosure
record (R12), drops the draft the message was written in, and reads back the list row the
caller returns. The rules themselves live with each use case (reply.py, forward.py);
`closed_refusal` (send.py, re-exported here) gives sending and replying the same words for
a closed FBL (R15).
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
from fblmail.store.tables import (
    Disclosure,
    Draft,
    JournalNote,
    Mailbox,
    MailboxItem,
    Message,
    Thread,
)

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
        """The message, its copy in the recipient's inbox and (unless a forward) the sender's."""
        session = self.session
        message = Message(
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
        )
        session.add(message)
        session.flush()
        seq = message.seq or 0
        session.add(
            MailboxItem(
                message_seq=seq,
                mailbox_id=recipient.id or 0,
                folder="inbox",
                sort_at=now,
                due_at=waiting_due_at(thread, recipient.id or 0),
            )
        )
        if sender_copy:
            session.add(
                MailboxItem(
                    message_seq=seq,
                    mailbox_id=sender.id or 0,
                    folder="sent",
                    read_at=now,
                    sort_at=now,
                    due_at=sent_due_at(
                        thread, sender.id or 0, recipient.id or 0
                    ),  # late ones first (R10)
                )
            )
        session.flush()
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
        note = JournalNote(
            message_seq=message.seq or 0,
            reference=reference,
            title=title,
            attached_by=attached_by or self.actor.login,
            attached_at=now,
        )
        self.session.add(note)
        self.session.flush()
        self.session.add(
            Disclosure(
                journal_note_id=note.id or 0,
                to_mailbox=to_mailbox,
                to_login=to_login,
                via=via,
                disclosed_at=now,
                disclosed_by=self.actor.login,
            )
        )

    def drop_draft(self, draft_id: str) -> None:
        """The draft the message was written in, if it is the user's own, goes."""
        draft = self.session.get(Draft, draft_id)
        if draft is not None and draft.account_id == self.actor.account_id:
            self.session.delete(draft)

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

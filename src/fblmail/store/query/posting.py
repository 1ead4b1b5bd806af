"""Storing a new message over the DB-API: its thread, the message, its mailbox copies, a
journal link with its disclosure record (R12), and what a repeated send compares against.

The statements of `service/messages/send.py`, for the command line and the app alike. Each
runs in the caller's write transaction (`Connector.writing`); on a shared PostgreSQL store
they run as the person's own role, so row-level security admits exactly the rows a sender
may write (a copy in their own FBL's Skickat and in the recipient's inbox), and the one
read a person may not do (the coordination register, R3) goes through its definer function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fblmail.domain.ids import new_id
from fblmail.store.query.connection import Reader, Writer
from fblmail.store.query.rows import ROW_COLUMNS, ROW_JOINS
from fblmail.store.shared_sql import MODE_SQL

__all__ = [
    "NewMessage",
    "NewThread",
    "SentMessage",
    "coordination_case_exists",
    "copy_row",
    "drop_draft",
    "insert_copy",
    "insert_journal_note",
    "insert_message",
    "insert_thread",
    "journal_link_of",
    "new_id",
    "sent_message",
]


@dataclass(frozen=True)
class NewThread:
    """A thread as a new question opens it (no answer, no resolution yet)."""

    id: str
    patient: str
    category: str
    subject: str
    origin_mailbox_id: int
    counterpart_mailbox_id: int
    created_at: datetime
    due_at: datetime | None
    answered_at: datetime | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class NewMessage:
    """The columns of a message as a use case writes it."""

    id: str
    thread_id: str
    kind: str
    sender_mailbox_id: int
    recipient_mailbox_id: int
    sender_account_id: int
    category: str
    patient: str
    subject: str
    body: str
    sent_at: datetime
    in_reply_to_id: str | None = None
    forwarded_from_id: str | None = None
    forward_note: str | None = None
    recipient_informed: bool = False


@dataclass(frozen=True)
class SentMessage:
    """What a repeated send (the same client id) is compared against."""

    seq: int
    id: str
    thread_id: str
    sender_mailbox_id: int
    recipient_mailbox_id: int
    sender_account_id: int
    patient: str
    category: str
    subject: str
    body: str


def sent_message(db: Reader, message_id: str) -> SentMessage | None:
    """The stored message with that full id, whoever's it is (the caller checks access)."""
    row = db.one(
        "SELECT seq, id, thread_id, sender_mailbox_id, recipient_mailbox_id, "
        "sender_account_id, patient, category, subject, body FROM message WHERE id = ?",
        (message_id,),
    )
    if row is None:
        return None
    seq, mid, thread_id, sender, recipient, account, patient, category, subject, body = row
    return SentMessage(
        int(seq), str(mid), str(thread_id), int(sender), int(recipient), int(account),
        str(patient), str(category), str(subject), str(body),
    )  # fmt: skip


def journal_link_of(db: Reader, seq: int) -> tuple[str, str] | None:
    """(reference, title) of the journal note linked to the message, if any."""
    row = db.one("SELECT reference, title FROM journal_note WHERE message_seq = ?", (seq,))
    return (str(row[0]), str(row[1])) if row is not None else None


def coordination_case_exists(db: Reader, patient: str) -> bool:
    """R3: has this patient an ongoing coordination case? On a shared store a person cannot
    read the register (a list of patients): its definer function answers for one patient."""
    if not db.target.sqlite:
        mode = db.one(MODE_SQL)
        if mode is not None and bool(mode[0]):
            return bool(db.scalar("SELECT fblmail_coordination_case(?)", (patient,)))
    return db.one("SELECT 1 FROM coordination_case WHERE patient = ?", (patient,)) is not None


def insert_thread(db: Writer, thread: NewThread) -> None:
    """Store a new thread (before its first message)."""
    db.execute(
        "INSERT INTO thread (id, patient, category, subject, origin_mailbox_id, "
        "counterpart_mailbox_id, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            thread.id,
            thread.patient,
            thread.category,
            thread.subject,
            thread.origin_mailbox_id,
            thread.counterpart_mailbox_id,
            db.time(thread.created_at),
            _time(db, thread.due_at),
        ),
    )


def insert_message(db: Writer, message: NewMessage) -> int:
    """Store a message; its `seq` (what copies and journal notes refer to)."""
    seq = db.scalar(
        "INSERT INTO message (id, thread_id, kind, sender_mailbox_id, recipient_mailbox_id, "
        "sender_account_id, category, patient, subject, body, sent_at, in_reply_to_id, "
        "forwarded_from_id, forward_note, recipient_informed) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
        (
            message.id,
            message.thread_id,
            message.kind,
            message.sender_mailbox_id,
            message.recipient_mailbox_id,
            message.sender_account_id,
            message.category,
            message.patient,
            message.subject,
            message.body,
            db.time(message.sent_at),
            message.in_reply_to_id,
            message.forwarded_from_id,
            message.forward_note,
            message.recipient_informed,
        ),
    )
    return int(seq)


def insert_copy(
    db: Writer,
    seq: int,
    mailbox_id: int,
    folder: str,
    *,
    sort_at: datetime,
    read_at: datetime | None = None,
    due_at: datetime | None = None,
) -> None:
    """A copy of the message in one mailbox's folder."""
    db.execute(
        "INSERT INTO mailbox_item (message_seq, mailbox_id, folder, read_at, sort_at, due_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (seq, mailbox_id, folder, _time(db, read_at), db.time(sort_at), _time(db, due_at)),
    )


def insert_journal_note(
    db: Writer,
    seq: int,
    reference: str,
    title: str,
    *,
    attached_by: str,
    at: datetime,
    disclosed_by: str,
    via: str,
    to_mailbox: str | None = None,
    to_login: str | None = None,
) -> None:
    """R12: link a journal note to the message and record whom it was disclosed to."""
    note_id = db.scalar(
        "INSERT INTO journal_note (message_seq, reference, title, attached_by, attached_at) "
        "VALUES (?, ?, ?, ?, ?) RETURNING id",
        (seq, reference, title, attached_by, db.time(at)),
    )
    db.execute(
        "INSERT INTO disclosure (journal_note_id, to_mailbox, to_login, via, disclosed_at, "
        "disclosed_by) VALUES (?, ?, ?, ?, ?, ?)",
        (int(note_id), to_mailbox, to_login, via, db.time(at), disclosed_by),
    )


def drop_draft(db: Writer, draft_id: str, account_id: int) -> None:
    """The draft the message was written in goes, if it is the user's own."""
    db.execute("DELETE FROM draft WHERE id = ? AND account_id = ?", (draft_id, account_id))


def copy_row(db: Reader, seq: int, mailbox_id: int) -> tuple[Any, ...] | None:
    """The `ROW_COLUMNS` row of the message's copy in that mailbox."""
    return db.one(
        f"SELECT {ROW_COLUMNS} FROM mailbox_item i {ROW_JOINS} "  # noqa: S608
        "WHERE i.message_seq = ? AND i.mailbox_id = ?",
        (seq, mailbox_id),
    )


def _time(db: Reader, value: datetime | None) -> object:
    return db.time(value) if value is not None else None

"""Messages and what hangs on them: threads (R2, R10), messages, each mailbox's copies and
their counts, drafts, journal links and their disclosures (R12), the coordination register
(R3), who handles a question, and printouts (R16)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from fblmail.store.tables.columns import utc_time

__all__ = [
    "FYI_MESSAGE",
    "OPEN_QUESTION",
    "CoordinationCase",
    "Disclosure",
    "Draft",
    "FolderTally",
    "JournalNote",
    "MailboxItem",
    "Message",
    "Printout",
    "Thread",
    "ThreadHandler",
]

OPEN_QUESTION = "answered_at IS NULL AND resolved_at IS NULL AND due_at IS NOT NULL"
"""A thread still waiting for its answer (the WHERE of the partial indexes on thread)."""
FYI_MESSAGE = "category = 'För kännedom'"
"""A message of category FYI (R7; the WHERE of `ix_message_fyi`)."""


class Thread(SQLModel, table=True):
    """One question about one patient (R2) between two FBLs, with its answer deadline (R10)."""

    __tablename__ = "thread"
    __table_args__ = (
        # The questions still waiting for an answer, per side, by deadline: the check and
        # the late lists read these, never the whole history of the FBL.
        Index(
            "ix_thread_open_to",
            "counterpart_mailbox_id",
            "due_at",
            sqlite_where=text(OPEN_QUESTION),
            postgresql_where=text(OPEN_QUESTION),
        ),
        Index(
            "ix_thread_open_from",
            "origin_mailbox_id",
            "due_at",
            sqlite_where=text(OPEN_QUESTION),
            postgresql_where=text(OPEN_QUESTION),
        ),
    )
    id: str = Field(primary_key=True, max_length=36)
    patient: str = Field(max_length=12, index=True)
    category: str = Field(max_length=40)
    subject: str = Field(max_length=200)
    origin_mailbox_id: int = Field(foreign_key="mailbox.id", index=True)
    counterpart_mailbox_id: int = Field(foreign_key="mailbox.id", index=True)
    created_at: datetime = utc_time()
    due_at: datetime | None = utc_time(nullable=True, index=True)
    answered_at: datetime | None = utc_time(nullable=True)
    resolved_at: datetime | None = utc_time(nullable=True)
    resolved_by: str | None = Field(default=None, max_length=64)
    resolved_how: str | None = Field(default=None, max_length=20)
    resolved_note: str | None = Field(default=None, sa_type=Text)
    closed_at: datetime | None = utc_time(nullable=True)


class Message(SQLModel, table=True):
    """A sent message. `seq` orders and keys the full-text index; `id` is the public UUID."""

    __tablename__ = "message"
    __table_args__ = (
        # "För kännedom" received per FBL, newest first, for the check (R7); FYI is rare.
        Index(
            "ix_message_fyi",
            "recipient_mailbox_id",
            "sent_at",
            sqlite_where=text(FYI_MESSAGE),
            postgresql_where=text(FYI_MESSAGE),
        ),
    )
    seq: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True))
    id: str = Field(max_length=36, unique=True)
    thread_id: str = Field(
        sa_column=Column(String(36), ForeignKey("thread.id", ondelete="CASCADE"), index=True)
    )
    kind: str = Field(max_length=10)
    sender_mailbox_id: int = Field(foreign_key="mailbox.id")
    recipient_mailbox_id: int = Field(foreign_key="mailbox.id")
    sender_account_id: int = Field(foreign_key="account.id")
    category: str = Field(max_length=40)
    patient: str = Field(max_length=12, index=True)
    subject: str = Field(max_length=200)
    body: str = Field(sa_type=Text)
    sent_at: datetime = utc_time(index=True)
    in_reply_to_id: str | None = Field(default=None, max_length=36)
    forwarded_from_id: str | None = Field(default=None, max_length=36)
    forward_note: str | None = Field(default=None, sa_type=Text)
    recipient_informed: bool = False


class MailboxItem(SQLModel, table=True):
    """A message's place in one mailbox: folder, read state. Lists page over this table.

    `due_at` is the thread's answer deadline copied onto the questioned side's copy while
    the thread waits for that side's answer (NULL otherwise), so the inbox can list "waiting
    for our answer, most urgent first" by keyset over `ix_item_due` (service/mailboxes/inbox_sync.py
    keeps it in step: set on send, cleared when answered or resolved).
    """

    __tablename__ = "mailbox_item"
    __table_args__ = (
        UniqueConstraint("message_seq", "mailbox_id"),
        Index("ix_item_list", "mailbox_id", "folder", "sort_at", "id"),
        Index("ix_item_unread", "mailbox_id", "folder", "read_at"),
        Index("ix_item_due", "mailbox_id", "folder", "due_at", "sort_at", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    message_seq: int = Field(
        sa_column=Column(Integer, ForeignKey("message.seq", ondelete="CASCADE"), nullable=False)
    )
    mailbox_id: int = Field(foreign_key="mailbox.id")
    folder: str = Field(max_length=10)
    previous_folder: str | None = Field(default=None, max_length=10)
    read_at: datetime | None = utc_time(nullable=True)
    sort_at: datetime = utc_time()
    due_at: datetime | None = utc_time(nullable=True)


class FolderTally(SQLModel, table=True):
    """How many messages each folder of a mailbox holds, kept by triggers on `mailbox_item`.

    `count(*)` reads every index entry it counts, which for an FBL of a million messages
    is most of a second; the check reads these instead. Kept by the database (migration
    0005), so no code path can forget it; `fyi` counts "För kännedom" messages (R7).
    """

    __tablename__ = "folder_tally"
    mailbox_id: int = Field(foreign_key="mailbox.id", primary_key=True)
    folder: str = Field(max_length=10, primary_key=True)
    items: int = 0
    unread: int = 0
    fyi: int = 0
    fyi_unread: int = 0


class Draft(SQLModel, table=True):
    """A message being written. Fields are raw text: a draft is saved before it is valid."""

    __tablename__ = "draft"
    __table_args__ = (
        # The purge's draft deletions (R17): an FBL's drafts up to a moment, and the daily
        # deletion's drafts untouched too long; without these both read the whole table.
        Index("ix_draft_from_updated", "from_address", "updated_at"),
        Index("ix_draft_updated", "updated_at"),
    )
    id: str = Field(primary_key=True, max_length=36)
    account_id: int = Field(foreign_key="account.id", index=True)
    from_address: str = Field(default="", max_length=200)
    to_address: str = Field(default="", max_length=200)
    category: str = Field(default="", max_length=40)
    patient: str = Field(default="", max_length=40)
    subject: str = Field(default="", max_length=400)
    body: str = Field(default="", sa_type=Text)
    journal_reference: str = Field(default="", max_length=400)
    journal_title: str = Field(default="", max_length=400)
    reply_to_id: str | None = Field(default=None, max_length=36)
    forward_of_id: str | None = Field(default=None, max_length=36)
    forward_to_login: str = Field(default="", max_length=64)
    created_at: datetime = utc_time()
    updated_at: datetime = utc_time()


class JournalNote(SQLModel, table=True):
    """A link to a journal note attached by health-centre staff (R12)."""

    __tablename__ = "journal_note"
    id: int | None = Field(default=None, primary_key=True)
    message_seq: int = Field(
        sa_column=Column(
            Integer, ForeignKey("message.seq", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    reference: str = Field(max_length=400)
    title: str = Field(max_length=200)
    attached_by: str = Field(max_length=64)
    attached_at: datetime = utc_time()


class Disclosure(SQLModel, table=True):
    """Which FBL or person a journal note was disclosed to (R12), and how."""

    __tablename__ = "disclosure"
    id: int | None = Field(default=None, primary_key=True)
    journal_note_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("journal_note.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    to_mailbox: str | None = Field(default=None, max_length=200)
    to_login: str | None = Field(default=None, max_length=64)
    via: str = Field(max_length=10)
    disclosed_at: datetime = utc_time()
    disclosed_by: str = Field(max_length=64)


class CoordinationCase(SQLModel, table=True):
    """A patient with an ongoing coordination case: handled in Cosmic Link, not here (R3)."""

    __tablename__ = "coordination_case"
    patient: str = Field(primary_key=True, max_length=12)
    registered_at: datetime = utc_time()
    registered_by: str = Field(max_length=64)


class ThreadHandler(SQLModel, table=True):
    """Who in one FBL handles a question ("Jag tar den"): at most one per thread and side.

    Holds no patient data itself (the thread does); a row goes with its thread on purge.
    """

    __tablename__ = "thread_handler"
    __table_args__ = (UniqueConstraint("thread_id", "mailbox_id"),)
    id: int | None = Field(default=None, primary_key=True)
    thread_id: str = Field(
        sa_column=Column(
            String(36), ForeignKey("thread.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    mailbox_id: int = Field(foreign_key="mailbox.id", index=True)
    login: str = Field(max_length=64)
    taken_at: datetime = utc_time()


class Printout(SQLModel, table=True):
    """A printout: working material to be destroyed when the case is closed (R16)."""

    __tablename__ = "printout"
    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(max_length=36)
    thread_id: str = Field(max_length=36, index=True)
    login: str = Field(max_length=64)
    printed_at: datetime = utc_time()
    format: str = Field(max_length=10)
    destroyed_at: datetime | None = utc_time(nullable=True)
    destroyed_by: str | None = Field(default=None, max_length=64)

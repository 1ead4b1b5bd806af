"""The SQLModel tables. Schema changes go through an Alembic migration (store/migrations).

Conventions: times are aware UTC (`UTCDateTime`); message and thread ids are UUID strings
chosen by the client (idempotent send); the access log stores names and ids as plain text,
not foreign keys, because it outlives the messages, mailboxes and accounts it speaks of.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from fblmail.store.types import UTCDateTime

# Foldable string enums are kept as short text columns; the domain layer owns their values.
ORG_KINDS = ("municipality", "health_centre", "support")
MAILBOX_KINDS = ("fbl", "personal")
ROLES = ("staff", "manager", "support")
FOLDERS = ("inbox", "sent", "drafts", "trash")
MESSAGE_KINDS = ("message", "reply", "forward")
OPEN_QUESTION = "answered_at IS NULL AND resolved_at IS NULL AND due_at IS NOT NULL"
"""A thread still waiting for its answer (the WHERE of the partial indexes on thread)."""
FYI_MESSAGE = "category = 'För kännedom'"
"""A message of category FYI (R7; the WHERE of `ix_message_fyi`)."""


def _time(*, nullable: bool = False, index: bool = False) -> datetime:
    return Field(  # type: ignore[no-any-return]
        default=None, sa_type=UTCDateTime, nullable=nullable, index=index
    )


class Organisation(SQLModel, table=True):
    """A municipality, a health centre, or the support unit."""

    __tablename__ = "organisation"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=20)
    # The unit's phone number from the directory (`telefon`), for R10's "ring them".
    phone: str | None = Field(default=None, max_length=40)


class Mailbox(SQLModel, table=True):
    """A functional mailbox (one per unit, R1) or a person's personal mailbox (R13/R14)."""

    __tablename__ = "mailbox"
    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=10)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    owner_account_id: int | None = Field(default=None, foreign_key="account.id")
    created_at: datetime = _time()
    closed_at: datetime | None = _time(nullable=True)
    closed_by: str | None = Field(default=None, max_length=64)


class PresetEntry(SQLModel, table=True):
    """One health-centre FBL on a municipality's preset list (R5), in order."""

    __tablename__ = "preset_entry"
    __table_args__ = (UniqueConstraint("municipality_id", "mailbox_id"),)
    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="organisation.id", index=True)
    mailbox_id: int = Field(foreign_key="mailbox.id")
    position: int


class Account(SQLModel, table=True):
    """A member of staff who may log in (R18)."""

    __tablename__ = "account"
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True)
    full_name: str = Field(max_length=200)
    title: str = Field(default="", max_length=100)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    role: str = Field(default="staff", max_length=10)
    active: bool = True
    created_at: datetime = _time()
    ended_at: datetime | None = _time(nullable=True)
    last_active_at: datetime | None = _time(nullable=True)


class Membership(SQLModel, table=True):
    """An account's permission on a functional mailbox."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("account_id", "mailbox_id"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    mailbox_id: int = Field(foreign_key="mailbox.id", index=True)
    active: bool = True
    added_at: datetime = _time()
    ended_at: datetime | None = _time(nullable=True)


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
    created_at: datetime = _time()
    due_at: datetime | None = _time(nullable=True, index=True)
    answered_at: datetime | None = _time(nullable=True)
    resolved_at: datetime | None = _time(nullable=True)
    resolved_by: str | None = Field(default=None, max_length=64)
    resolved_how: str | None = Field(default=None, max_length=20)
    resolved_note: str | None = Field(default=None, sa_type=Text)
    closed_at: datetime | None = _time(nullable=True)


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
    sent_at: datetime = _time(index=True)
    in_reply_to_id: str | None = Field(default=None, max_length=36)
    forwarded_from_id: str | None = Field(default=None, max_length=36)
    forward_note: str | None = Field(default=None, sa_type=Text)
    recipient_informed: bool = False


class MailboxItem(SQLModel, table=True):
    """A message's place in one mailbox: folder, read state. Lists page over this table.

    `due_at` is the thread's answer deadline copied onto the questioned side's copy while
    the thread waits for that side's answer (NULL otherwise), so the inbox can list "waiting
    for our answer, most urgent first" by keyset over `ix_item_due` (service/inbox_sync.py
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
    read_at: datetime | None = _time(nullable=True)
    sort_at: datetime = _time()
    due_at: datetime | None = _time(nullable=True)


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
    created_at: datetime = _time()
    updated_at: datetime = _time()


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
    attached_at: datetime = _time()


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
    disclosed_at: datetime = _time()
    disclosed_by: str = Field(max_length=64)


class CoordinationCase(SQLModel, table=True):
    """A patient with an ongoing coordination case: handled in Cosmic Link, not here (R3)."""

    __tablename__ = "coordination_case"
    patient: str = Field(primary_key=True, max_length=12)
    registered_at: datetime = _time()
    registered_by: str = Field(max_length=64)


class AccessLog(SQLModel, table=True):
    """Append-only record of every action on patient data, chained by hash."""

    __tablename__ = "access_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _time(index=True)
    actor: str = Field(max_length=64, index=True)
    actor_unit: str = Field(default="", max_length=200)
    action: str = Field(max_length=40)
    outcome: str = Field(max_length=10)
    mailbox: str | None = Field(default=None, max_length=200, index=True)
    message_id: str | None = Field(default=None, max_length=36)
    thread_id: str | None = Field(default=None, max_length=36)
    patient: str | None = Field(default=None, max_length=12, index=True)
    rule: str | None = Field(default=None, max_length=10)
    detail: str | None = Field(default=None, sa_type=Text)
    prev_hash: str = Field(max_length=64)
    row_hash: str = Field(max_length=64)


class AuditHead(SQLModel, table=True):
    """The single row holding the newest access-log hash; locking it serialises the chain."""

    __tablename__ = "audit_head"
    id: int = Field(default=1, primary_key=True)
    last_id: int = 0
    last_hash: str = Field(max_length=64)


class LocalRoutine(SQLModel, table=True):
    """A unit's local routine (R20): who monitors, who purges, check times, cover."""

    __tablename__ = "local_routine"
    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)
    monitors: str = Field(default="", max_length=400)
    purger: str = Field(default="", max_length=400)
    morning_start: str = Field(default="08:00", max_length=5)
    morning_end: str = Field(default="11:00", max_length=5)
    afternoon_start: str = Field(default="13:00", max_length=5)
    afternoon_end: str = Field(default="16:00", max_length=5)
    holiday_cover: str = Field(default="", max_length=400)
    permissions_updater: str = Field(default="", max_length=400)
    draft_days: int = Field(default=30, sa_column_kwargs={"server_default": "30"})
    """R17: drafts untouched this many days go in the daily `purge --expired`."""
    updated_at: datetime = _time()
    updated_by: str = Field(max_length=64)


class CheckSignature(SQLModel, table=True):
    """The duty nurse's signed check of one FBL for one shift (R4), with what they saw."""

    __tablename__ = "check_signature"
    id: int | None = Field(default=None, primary_key=True)
    mailbox_id: int = Field(foreign_key="mailbox.id", index=True)
    login: str = Field(max_length=64)
    day: date
    shift: str = Field(max_length=10)
    signed_at: datetime = _time()
    figures: str = Field(default="{}", sa_type=Text)


class PurgeRun(SQLModel, table=True):
    """One run of a purge (R17), manual or the automatic one-year deletion."""

    __tablename__ = "purge_run"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)
    mailbox: str | None = Field(default=None, max_length=200)
    actor: str = Field(max_length=64)
    started_at: datetime = _time(index=True)
    finished_at: datetime | None = _time(nullable=True)
    deleted: int = 0
    outcome: str | None = Field(default=None, max_length=12)
    """"done", "interrupted" (closed by a later run), or NULL while running."""


class AccessRequest(SQLModel, table=True):
    """A request for a new account or the end of one (R18)."""

    __tablename__ = "access_request"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)
    login: str = Field(max_length=64, index=True)
    full_name: str = Field(default="", max_length=200)
    title: str = Field(default="", max_length=100)
    organisation_code: str = Field(default="", max_length=64)
    mailboxes: str = Field(default="", sa_type=Text)
    reason: str = Field(sa_type=Text)
    status: str = Field(default="pending", max_length=10)
    filed_by: str = Field(max_length=64)
    filed_at: datetime = _time()
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = _time(nullable=True)
    decision_reason: str | None = Field(default=None, sa_type=Text)


class Printout(SQLModel, table=True):
    """A printout: working material to be destroyed when the case is closed (R16)."""

    __tablename__ = "printout"
    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(max_length=36)
    thread_id: str = Field(max_length=36, index=True)
    login: str = Field(max_length=64)
    printed_at: datetime = _time()
    format: str = Field(max_length=10)
    destroyed_at: datetime | None = _time(nullable=True)
    destroyed_by: str | None = Field(default=None, max_length=64)


class AuditReview(SQLModel, table=True):
    """A recorded follow-up of an access-log sample (HSLF-FS 2016:40 4 kap. 9 §)."""

    __tablename__ = "audit_review"
    id: int | None = Field(default=None, primary_key=True)
    reviewed_at: datetime = _time()
    reviewer: str = Field(max_length=64)
    sample_seed: int
    sample_size: int
    period_from: datetime | None = _time(nullable=True)
    period_to: datetime | None = _time(nullable=True)
    row_ids: str = Field(default="", sa_type=Text)
    outcome: str = Field(max_length=20)
    note: str = Field(default="", sa_type=Text)


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
    taken_at: datetime = _time()


class StoreDamage(SQLModel, table=True):
    """Damage `fblmail doctor` found on a PostgreSQL store: while the row exists, writes refuse.

    SQLite keeps the same fact in a marker file beside the store (`store.db-damaged`); a
    PostgreSQL store has no such place, so it is this single row (id 1), read by every
    write transaction with one primary-key lookup. Holds check names and counts only.
    """

    __tablename__ = "store_damage"
    id: int = Field(default=1, primary_key=True)
    found_at: datetime = _time()
    findings: str = Field(max_length=2000)

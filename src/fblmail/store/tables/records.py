"""The records the store keeps about itself: the hash-chained access log and its head,
reviews of log samples, each unit's local routine (R20), the duty nurse's check signatures
(R4), purge runs (R17), and the damage `fblmail doctor` found."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from fblmail.store.tables.columns import utc_time

__all__ = [
    "AccessLog",
    "AuditHead",
    "AuditReview",
    "CheckSignature",
    "LocalRoutine",
    "PurgeRun",
    "StoreDamage",
]


class AccessLog(SQLModel, table=True):
    """Append-only record of every action on patient data, chained by hash."""

    __tablename__ = "access_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = utc_time(index=True)
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


class AuditReview(SQLModel, table=True):
    """A recorded follow-up of an access-log sample (HSLF-FS 2016:40 4 kap. 9 §)."""

    __tablename__ = "audit_review"
    id: int | None = Field(default=None, primary_key=True)
    reviewed_at: datetime = utc_time()
    reviewer: str = Field(max_length=64)
    sample_seed: int
    sample_size: int
    period_from: datetime | None = utc_time(nullable=True)
    period_to: datetime | None = utc_time(nullable=True)
    row_ids: str = Field(default="", sa_type=Text)
    outcome: str = Field(max_length=20)
    note: str = Field(default="", sa_type=Text)


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
    updated_at: datetime = utc_time()
    updated_by: str = Field(max_length=64)


class CheckSignature(SQLModel, table=True):
    """The duty nurse's signed check of one FBL for one shift (R4), with what they saw."""

    __tablename__ = "check_signature"
    id: int | None = Field(default=None, primary_key=True)
    mailbox_id: int = Field(foreign_key="mailbox.id", index=True)
    login: str = Field(max_length=64)
    day: date
    shift: str = Field(max_length=10)
    signed_at: datetime = utc_time()
    figures: str = Field(default="{}", sa_type=Text)


class PurgeRun(SQLModel, table=True):
    """One run of a purge (R17), manual or the automatic one-year deletion."""

    __tablename__ = "purge_run"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)
    mailbox: str | None = Field(default=None, max_length=200)
    actor: str = Field(max_length=64)
    started_at: datetime = utc_time(index=True)
    finished_at: datetime | None = utc_time(nullable=True)
    deleted: int = 0
    outcome: str | None = Field(default=None, max_length=12)
    """"done", "interrupted" (closed by a later run), or NULL while running."""


class StoreDamage(SQLModel, table=True):
    """Damage `fblmail doctor` found on a PostgreSQL store: while the row exists, writes refuse.

    SQLite keeps the same fact in a marker file beside the store (`store.db-damaged`); a
    PostgreSQL store has no such place, so it is this single row (id 1), read by every
    write transaction with one primary-key lookup. Holds check names and counts only.
    """

    __tablename__ = "store_damage"
    id: int = Field(default=1, primary_key=True)
    found_at: datetime = utc_time()
    findings: str = Field(max_length=2000)

"""The directory and the people: units, mailboxes, preset lists, accounts, memberships,
and the access requests that create and end accounts (R1, R5, R18)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from fblmail.store.tables.columns import utc_time

__all__ = ["AccessRequest", "Account", "Mailbox", "Membership", "Organisation", "PresetEntry"]


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
    created_at: datetime = utc_time()
    closed_at: datetime | None = utc_time(nullable=True)
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
    created_at: datetime = utc_time()
    ended_at: datetime | None = utc_time(nullable=True)
    last_active_at: datetime | None = utc_time(nullable=True)


class Membership(SQLModel, table=True):
    """An account's permission on a functional mailbox."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("account_id", "mailbox_id"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    mailbox_id: int = Field(foreign_key="mailbox.id", index=True)
    active: bool = True
    added_at: datetime = utc_time()
    ended_at: datetime | None = utc_time(nullable=True)


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
    filed_at: datetime = utc_time()
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = utc_time(nullable=True)
    decision_reason: str | None = Field(default=None, sa_type=Text)

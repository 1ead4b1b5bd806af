"""The acting user as a use case sees them, and their load over the DB-API.

`Actor` is a plain frozen dataclass so that both units of work hand the same thing to the
rules: `ServiceBase._unit` loads it through the ORM (`service/context.load_actor`), the
light unit through `read_actor` here, with the same answers (an unknown login is an
inactive actor; an ended account keeps its unit for the log but has no mailboxes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fblmail.service.unit import no_account
from fblmail.store.query.connection import Reader, read_time

__all__ = ["Actor", "active_actor", "read_actor"]


@dataclass(frozen=True)
class Actor:
    """The acting user as loaded at the start of a unit of work."""

    login: str
    account_id: int | None
    full_name: str
    organisation_id: int | None
    unit: str
    org_kind: str
    role: str
    active: bool
    fbl_ids: frozenset[int]
    personal_mailbox_id: int | None
    last_active_at: datetime | None = None

    @property
    def mailbox_ids(self) -> frozenset[int]:
        """Every mailbox the user may read: their FBLs and their personal mailbox."""
        own = {self.personal_mailbox_id} if self.personal_mailbox_id else set()
        return self.fbl_ids | own

    @property
    def is_support(self) -> bool:
        """Support unit staff administer accounts, FBLs and the directory."""
        return self.active and self.role == "support"


def read_actor(db: Reader, login: str) -> Actor:
    """The user and their active memberships; unknown logins get an inactive Actor."""
    row = db.one(
        "SELECT a.id, a.full_name, o.id, o.name, o.kind, a.role, a.active, a.last_active_at "
        "FROM account a JOIN organisation o ON o.id = a.organisation_id WHERE a.login = ?",
        (login,),
    )
    if row is None:
        return Actor(login, None, "", None, "", "", "", False, frozenset(), None)
    account_id, full_name, org_id, unit, org_kind, role, active, last_active = row
    fbls: frozenset[int] = frozenset()
    personal = None
    if active:
        fbls = frozenset(
            int(r[0])
            for r in db.all(
                "SELECT ms.mailbox_id FROM membership ms JOIN mailbox mb ON mb.id = ms.mailbox_id "
                "WHERE ms.account_id = ? AND ms.active = ?",
                (account_id, True),
            )
        )
        personal = db.scalar(
            "SELECT id FROM mailbox WHERE owner_account_id = ? AND kind = 'personal'",
            (account_id,),
        )
    return Actor(
        login=str(login),
        account_id=int(account_id),
        full_name=str(full_name),
        organisation_id=int(org_id),
        unit=str(unit),
        org_kind=str(org_kind),
        role=str(role),
        active=bool(active),
        fbl_ids=fbls,
        personal_mailbox_id=int(personal) if personal is not None else None,
        last_active_at=read_time(last_active),
    )


def active_actor(db: Reader, login: str) -> Actor:
    """`read_actor`, refusing a login without an active account (R18)."""
    actor = read_actor(db, login)
    if not actor.active:
        raise no_account(login)
    return actor

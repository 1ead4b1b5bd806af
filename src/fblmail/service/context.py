"""What every use case shares: the acting user, one unit of work, and the access log.

A use case is `self._unit(action, work)`: one write transaction in which `work(session,
actor)` checks the routine's rules and writes its change together with its access-log row.
If the work raises an `FblError`, the transaction is rolled back (nothing stored changes)
and the refused attempt is logged in a transaction of its own, then the error goes on up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import update
from sqlmodel import Session, col, select

from fblmail.clock import Clock
from fblmail.errors import AuditTarget, FblError, StoreProblem
from fblmail.service.actor import Actor
from fblmail.service.unit import (
    LAST_ACTIVE_RESOLUTION,
    UNIT_ATTEMPTS,
    is_refusal,
    last_active_due,
    no_account,
    pause_before_retry,
    refusal_entry,
)
from fblmail.store import audit
from fblmail.store.engine import Store
from fblmail.store.faults import worth_retrying
from fblmail.store.tables import Account, Mailbox, Membership, Organisation

T = TypeVar("T")

# `Actor`, `UNIT_ATTEMPTS` and `LAST_ACTIVE_RESOLUTION` (service/actor.py, service/unit.py)
# are re-exported: use cases have imported them from here.
__all__ = [
    "LAST_ACTIVE_RESOLUTION",
    "UNIT_ATTEMPTS",
    "Actor",
    "ServiceBase",
    "ask_for_account",
    "load_actor",
    "touch_last_active",
]

ask_for_account = no_account
"""The refusal of a login without an active account (R18): one set of words for both paths."""


def load_actor(session: Session, login: str) -> Actor:
    """Load the user and their active memberships; unknown logins get an inactive Actor."""
    row = session.exec(
        select(Account, Organisation)
        .join(Organisation, col(Organisation.id) == col(Account.organisation_id))
        .where(Account.login == login)
    ).first()
    if row is None:
        return Actor(login, None, "", None, "", "", "", False, frozenset(), None)
    account, org = row
    fbls = session.exec(
        select(Membership.mailbox_id)
        .join(Mailbox, col(Mailbox.id) == col(Membership.mailbox_id))
        .where(Membership.account_id == account.id, Membership.active)
    ).all()
    personal = session.exec(
        select(Mailbox.id).where(Mailbox.owner_account_id == account.id, Mailbox.kind == "personal")
    ).first()
    return Actor(
        login=account.login,
        account_id=account.id,
        full_name=account.full_name,
        organisation_id=org.id,
        unit=org.name,
        org_kind=org.kind,
        role=account.role,
        active=account.active,
        fbl_ids=frozenset(fbls) if account.active else frozenset(),
        personal_mailbox_id=personal if account.active else None,
        last_active_at=account.last_active_at,
    )


def touch_last_active(session: Session, actor: Actor, now: datetime) -> None:
    """Record that an active account did something (at most once per hour)."""
    if actor.account_id is None or not actor.active:
        return
    if not last_active_due(actor.last_active_at, now):
        return
    session.execute(
        update(Account).where(col(Account.id) == actor.account_id).values(last_active_at=now)
    )


class ServiceBase:
    """Base of the use-case classes; holds the store, the clock and the acting login."""

    def __init__(self, store: Store, clock: Clock, login: str) -> None:
        self.store = store
        self.clock = clock
        self.login = login

    # -- units of work -------------------------------------------------------------------

    def _unit(
        self,
        action: str,
        work: Callable[[Session, Actor], T],
        *,
        target: AuditTarget | None = None,
        require_account: bool = True,
        despite_damage: bool = False,
    ) -> T:
        """Run `work` as one write transaction; log and re-raise a refusal.

        `despite_damage` lets `fblmail doctor` log its run on a store it found damaged but
        still writable (see `Store.write`)."""
        actor: Actor | None = None
        for attempt in range(1, UNIT_ATTEMPTS + 1):
            try:
                with self.store.write(despite_damage=despite_damage) as session:
                    actor = load_actor(session, self.login)
                    if require_account and not actor.active:
                        raise ask_for_account(self.login)
                    result = work(session, actor)
                    touch_last_active(session, actor, self.clock())
                    return result
            except Exception as exc:
                if is_refusal(exc):
                    assert isinstance(exc, FblError)
                    self._log_refusal(action, exc, actor, target)
                    raise
                if attempt == UNIT_ATTEMPTS or not worth_retrying(exc):
                    raise
                # PostgreSQL chose this transaction to break a deadlock and rolled it back
                # whole: run it again after a short random pause.
                pause_before_retry(attempt)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _read_unit(
        self,
        action: str,
        work: Callable[[Session, Actor], T],
        *,
        target: AuditTarget | None = None,
    ) -> T:
        """Like `_unit` for a read-only step (a plan, a permission check): nothing is
        written on success, but a refusal is still logged as an attempt."""
        actor: Actor | None = None
        try:
            with self.store.read() as session:
                actor = load_actor(session, self.login)
                if not actor.active:
                    raise ask_for_account(self.login)
                return work(session, actor)
        except StoreProblem:
            raise
        except FblError as exc:
            self._log_refusal(action, exc, actor, target)
            raise

    def _log_refusal(
        self, action: str, exc: FblError, actor: Actor | None, target: AuditTarget | None
    ) -> None:
        unit = actor.unit if actor else ""
        with self.store.write() as session:
            entry = refusal_entry(self.login, unit, action, exc, target)
            audit.append(session, entry, self.clock())

    def _log(self, session: Session, actor: Actor, action: str, **fields: str | None) -> None:
        """Write one access-log row in the caller's transaction."""
        audit.append(
            session,
            audit.LogEntry(actor=actor.login, actor_unit=actor.unit, action=action, **fields),  # type: ignore[arg-type]
            self.clock(),
        )

    def actor(self) -> Actor:
        """The acting user (read-only; refuses an unknown or deactivated login)."""
        with self.store.read() as session:
            actor = load_actor(session, self.login)
        if not actor.active:
            raise ask_for_account(self.login)
        return actor

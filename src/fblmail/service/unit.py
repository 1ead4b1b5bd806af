"""One unit of work over the DB-API, and the policy every unit of work follows.

A use case runs as one write transaction: load the acting user afresh, refuse one without
an active account (R18), do the work and write its access-log row in that transaction,
record the account's last activity, commit. A refusal (`FblError`, not a `StoreProblem`)
rolls everything back and is logged in a transaction of its own; a deadlock or
serialization failure that PostgreSQL broke by rolling the transaction back is run again.

`LightUnit` is that shape over `store/query` (the read commands, the check and `send`);
`ServiceBase._unit` (service/context.py) is the same over the ORM and takes its policy
from here: what a refusal logs (`refusal_entry`), when last activity is written
(`last_active_due`), how often and after what pause a unit is run again. Nothing here
imports SQLAlchemy, so the light commands stay fast.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol, Self, TypeVar

from fblmail.clock import Clock, utc_now
from fblmail.errors import AuditTarget, FblError, NoAccess, StoreProblem
from fblmail.store.query import log
from fblmail.store.query.connection import Connector, Reader, Writer

__all__ = [
    "LAST_ACTIVE_RESOLUTION",
    "UNIT_ATTEMPTS",
    "LightService",
    "LightUnit",
    "UnitActor",
    "is_refusal",
    "last_active_due",
    "no_account",
    "pause_before_retry",
    "refusal_entry",
    "unit_of_login",
]

if TYPE_CHECKING:
    from fblmail.settings import Settings

T = TypeVar("T")
A = TypeVar("A", bound="UnitActor")

UNIT_ATTEMPTS = 3
"""How often a unit of work is run when PostgreSQL breaks a deadlock by rolling it back."""

# `admin accounts --inactive-days` reads account.last_active_at; refreshing it at most once
# an hour keeps every unit of work from also rewriting the account row.
LAST_ACTIVE_RESOLUTION = timedelta(hours=1)


class UnitActor(Protocol):
    """What a unit of work needs of the acting user, whichever loader built it."""

    @property
    def login(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def account_id(self) -> int | None: ...
    @property
    def last_active_at(self) -> datetime | None: ...


def no_account(login: str) -> NoAccess:
    """The refusal for a login without an active account, with the way to get one (R18)."""
    return NoAccess(
        f"Användaren {login!r} har inget aktivt konto i fblmail. Ansök om behörighet med "
        f"`fblmail access request new --reason ...` eller kontakta support.",
        f"The user {login!r} has no active fblmail account. Request access with "
        f"`fblmail access request new --reason ...` or contact support.",
        field="user",
    )


def is_refusal(exc: BaseException) -> bool:
    """A refusal of the routine or of access (logged as an attempt), not a store failure."""
    return isinstance(exc, FblError) and not isinstance(exc, StoreProblem)


def last_active_due(last_active_at: datetime | None, now: datetime) -> bool:
    """Whether the account's last activity should be written now (at most once an hour)."""
    return last_active_at is None or now - last_active_at >= LAST_ACTIVE_RESOLUTION


def refusal_entry(
    login: str, unit: str, action: str, exc: FblError, target: AuditTarget | None
) -> log.LogEntry:
    """The access-log row of a refused attempt: what it aimed at, the rule, the words."""
    aimed = exc.target or target or AuditTarget()
    return log.LogEntry(
        actor=login,
        actor_unit=unit,
        action=action,
        outcome=exc.outcome,
        mailbox=aimed.mailbox,
        message_id=aimed.message_id,
        thread_id=aimed.thread_id,
        patient=aimed.patient,
        rule=exc.rule,
        detail=exc.sv[:2000],
    )


def pause_before_retry(attempt: int) -> None:
    """A short random pause before running a unit again that PostgreSQL rolled back."""
    time.sleep(random.uniform(0.01, 0.05) * attempt)


UNIT_OF_LOGIN_SQL = (
    "SELECT o.name FROM account a JOIN organisation o ON o.id = a.organisation_id "
    "WHERE a.login = ?"
)


def unit_of_login(db: Reader, login: str) -> str:
    """The unit of an account that may not act (ended): the log names it; an unknown
    login has none."""
    unit = db.scalar(UNIT_OF_LOGIN_SQL, (login,))
    return str(unit) if unit is not None else ""


class LightUnit:
    """Units of work for one acting user over one store's DB-API connector."""

    def __init__(
        self,
        connector: Connector,
        login: str,
        clock: Clock,
        *,
        on_store_problem: Callable[[StoreProblem], None] | None = None,
    ) -> None:
        self.connector = connector
        self.login = login
        self.clock = clock
        # The check notes a corrupt file as damage (store/query/check_guard.note_damage).
        self._on_store_problem = on_store_problem

    def run(
        self,
        action: str,
        load: Callable[[Writer, str], A],
        work: Callable[[Writer, A], T],
        *,
        target: AuditTarget | None = None,
    ) -> T:
        """Run `work` in one write transaction as the user `load` finds (it refuses a login
        without an active account); log and re-raise a refusal; run a unit that PostgreSQL
        rolled back to break a deadlock again."""
        from fblmail.store.faults import worth_retrying

        actor: A | None = None
        for attempt in range(1, UNIT_ATTEMPTS + 1):
            try:
                with self.connector.writing() as db:
                    actor = None
                    actor = load(db, self.login)
                    result = work(db, actor)
                    self.touch(db, actor)
                    return result
            except Exception as exc:
                if is_refusal(exc):
                    assert isinstance(exc, FblError)
                    self.log_refusal(action, exc, actor, target)
                    raise
                if attempt < UNIT_ATTEMPTS and worth_retrying(exc):
                    pause_before_retry(attempt)
                    continue
                if isinstance(exc, StoreProblem) and self._on_store_problem is not None:
                    self._on_store_problem(exc)
                raise
        raise AssertionError("unreachable: the last attempt returns or raises")

    def touch(self, db: Writer, actor: UnitActor) -> None:
        """Record that the account did something (`admin accounts --inactive-days`)."""
        now = self.clock()
        if actor.account_id is None or not last_active_due(actor.last_active_at, now):
            return
        db.execute(
            "UPDATE account SET last_active_at = ? WHERE id = ?", (db.time(now), actor.account_id)
        )

    def log(self, db: Writer, actor: UnitActor, action: str, **fields: str | None) -> None:
        """One access-log row in the unit's transaction."""
        entry = log.LogEntry(actor.login, actor.unit, action, **fields)  # type: ignore[arg-type]
        log.append(db, entry, self.clock())

    def log_refusal(
        self, action: str, exc: FblError, actor: UnitActor | None, target: AuditTarget | None
    ) -> None:
        """Log a refused attempt in a transaction of its own."""
        with self.connector.writing() as db:
            unit = actor.unit if actor is not None else unit_of_login(db, self.login)
            log.append(db, refusal_entry(self.login, unit, action, exc, target), self.clock())


class LightService:
    """Base of the use-case classes on the DB-API (`Reads`, `Sends`, `LightChecks`): the
    store's connector, the acting login and the clock, and one `LightUnit` over them."""

    def __init__(self, connector: Connector, login: str, clock: Clock = utc_now) -> None:
        self.connector = connector
        self.login = login
        self.clock = clock

    @classmethod
    def for_settings(cls, settings: Settings, clock: Clock = utc_now) -> Self:
        """Decide who acts (as every command does) and check the store's schema."""
        from fblmail.service.acting import acting_login
        from fblmail.store.query.connection import parse_target
        from fblmail.store.query.version import check_revision

        connector = Connector(parse_target(settings.database_url))
        try:
            login = acting_login(settings, connector)
            with connector.reading() as db:
                check_revision(db)
        except BaseException:
            connector.close()
            raise
        return cls(connector, login, clock)

    def close(self) -> None:
        """Close the connections."""
        self.connector.close()

    def units(self) -> LightUnit:
        """The shared unit of work for this user, store and clock."""
        return LightUnit(self.connector, self.login, self.clock)

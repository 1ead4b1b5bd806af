"""A shared PostgreSQL store: set it up, tell it apart, and keep roles in step with accounts.

The deployment mode is a property of the store, not of the client: a PostgreSQL store is
*shared* once its owner has run `fblmail init` on it, which turns on row-level security
(`store/shared_sql.py`). Every session then asks the store (one query, `MODE_SQL`) whether
it is shared and whether the session's database user is the owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, text
from sqlmodel import Session

from fblmail.errors import StoreProblem
from fblmail.store.shared_sql import MODE_SQL, setup_sql
from fblmail.store.tables import CoordinationCase

WRITERS_SQL = "SELECT writer_name FROM fblmail_thread_writers(CAST(:threads AS text[]), :now)"


@dataclass(frozen=True)
class StoreMode:
    """What a session learns about the store it is connected to."""

    shared: bool
    owner: bool
    session_user: str


def store_mode(conn: Connection | Session) -> StoreMode:
    """The store's mode as seen by this connection (SQLite: never shared)."""
    bind = conn.get_bind() if isinstance(conn, Session) else conn
    if bind.dialect.name == "sqlite":
        return StoreMode(False, True, "")
    row = conn.execute(text(MODE_SQL)).first()
    if row is None:
        return StoreMode(False, True, "")
    return StoreMode(bool(row[0]), bool(row[1]), str(row[2]))


def make_shared(engine: Engine) -> None:
    """Run the idempotent shared-store set-up as the owner (`fblmail init` on PostgreSQL)."""
    if engine.dialect.name == "sqlite":
        return
    try:
        with engine.begin() as conn:
            # Straight to psycopg: the set-up's `format('%I', ...)` are not placeholders.
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute(setup_sql())
    except Exception as exc:  # the connecting user is not the owner, or may not create roles
        reason = (str(getattr(exc, "orig", None) or exc).splitlines() or [""])[0]
        raise StoreProblem(
            f"Den delade databasen kunde inte förberedas ({reason}). Kör `fblmail init` som "
            "databasens ägare (den roll som äger tabellerna, med CREATEROLE); se README, "
            "avsnittet om delad PostgreSQL.",
            f"The shared store could not be set up ({reason}). Run `fblmail init` as the "
            "store's owner (the role owning the tables, with CREATEROLE); see the README, "
            "the section on a shared PostgreSQL.",
            field="database",
        ) from exc


def sync_login_role(session: Session, login: str) -> None:
    """On a shared store, make the person's database role follow their account.

    Creates the LOGIN role in the group of the account's role, or for an ended account
    makes it NOLOGIN and ends its open sessions; in the caller's transaction, so a
    rolled-back approval changes no role either. Does nothing on other stores.
    """
    if session.get_bind().dialect.name == "sqlite":
        return
    if not store_mode(session).shared:
        return
    session.execute(text("SELECT fblmail_sync_role(:login)"), {"login": login})


def coordination_case_exists(session: Session, patient: str) -> bool:
    """R3: has this patient an ongoing coordination case?

    On a shared store persons cannot read the register (a list of patients); the definer
    function `fblmail_coordination_case` answers for the one patient being written about.
    """
    bind = session.get_bind()
    if bind.dialect.name != "sqlite" and store_mode(session).shared:
        found = session.execute(text("SELECT fblmail_coordination_case(:p)"), {"p": patient})
        return bool(found.scalar_one())
    return session.get(CoordinationCase, patient) is not None


def shared_thread_writers(
    session: Session, thread_id: str, now: datetime
) -> tuple[str, ...] | None:
    """Others in the caller's FBLs with a reply draft on the thread saved in the 30 minutes
    before `now`, by full name; None when the store is not shared (read the drafts then).

    On a shared store each person reads only their own drafts; the definer function
    `fblmail_thread_writers` answers for threads the caller may see, with names only.
    """
    if session.get_bind().dialect.name == "sqlite" or not store_mode(session).shared:
        return None
    rows = session.execute(
        text(WRITERS_SQL),
        {"threads": [thread_id], "now": now},
    ).all()
    return tuple(str(r[0]) for r in rows)

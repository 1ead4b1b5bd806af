"""Reading and damaging a store behind the program's back: row counts, access-log rows,
a tampered or cut log, an account or FBL changed directly, the test server's admin link."""

from __future__ import annotations

import psycopg
from sqlalchemy import func, text
from sqlalchemy.engine import make_url
from sqlmodel import col, select

from fblmail.store.engine import Store
from fblmail.store.tables import AccessLog, Account, Mailbox
from kit.people import World

# Tables whose row counts must not move when something is refused.
STORED_TABLES = ("message", "thread", "mailbox_item", "journal_note", "disclosure")

# Every table the duty check, the purge and the local routine write (`table_counts`).
ROUTINE_TABLES = (
    *STORED_TABLES,
    "access_log",
    "purge_run",
    "check_signature",
    "local_routine",
)

LOGGED_FIELDS = ("at", "actor", "actor_unit", "action", "outcome", "prev_hash", "row_hash")
MESSAGE_FIELDS = ("mailbox", "message_id", "thread_id", "patient")


def row_counts(store: Store, tables: tuple[str, ...] = STORED_TABLES) -> dict[str, int]:
    """Rows per table (the message tables unless told)."""
    counts = {}
    with store.read() as session:
        conn = session.connection()
        for name in tables:
            # The table names are the constants above, never input.
            query = text(f"SELECT count(*) FROM {name}")  # noqa: S608
            counts[name] = int(conn.execute(query).scalar_one())
    return counts


def table_counts(store: Store) -> dict[str, int]:
    """Rows per table of `ROUTINE_TABLES` (the log, purge runs and signatures too)."""
    return row_counts(store, ROUTINE_TABLES)


def log_rows(store: Store, after_id: int = 0) -> list[AccessLog]:
    """Access-log rows with an id above `after_id`, oldest first."""
    with store.read() as session:
        return list(
            session.exec(
                select(AccessLog).where(col(AccessLog.id) > after_id).order_by(col(AccessLog.id))
            ).all()
        )


def last_log_id(store: Store) -> int:
    """The id of the newest access-log row (0 for none)."""
    with store.read() as session:
        newest = session.exec(select(func.max(AccessLog.id))).one()
    return int(newest or 0)


def refusals(store: Store, login: str, after_id: int = 0) -> list[AccessLog]:
    """Rows of refused attempts (any outcome but ok) by `login` after `after_id`."""
    return [r for r in log_rows(store, after_id) if r.actor == login and r.outcome != "ok"]


def tamper(store: Store, row_id: int, detail: str) -> None:
    """Edit a log row behind the program's back (the append-only trigger switched off)."""
    with store.engine.begin() as conn:
        if store.sqlite:
            conn.execute(text("DROP TRIGGER access_log_no_update"))
            conn.execute(
                text("UPDATE access_log SET detail = :d WHERE id = :i"), {"d": detail, "i": row_id}
            )
        else:
            conn.execute(text("ALTER TABLE access_log DISABLE TRIGGER access_log_no_change"))
            conn.execute(
                text("UPDATE access_log SET detail = :d WHERE id = :i"), {"d": detail, "i": row_id}
            )
            conn.execute(text("ALTER TABLE access_log ENABLE TRIGGER access_log_no_change"))


def cut_tail(store: Store, rows: int) -> None:
    """Delete the newest `rows` log rows behind the program's back."""
    with store.engine.begin() as conn:
        newest = conn.execute(text("SELECT max(id) FROM access_log")).scalar_one()
        if store.sqlite:
            conn.execute(text("DROP TRIGGER access_log_no_delete"))
            conn.execute(text("DELETE FROM access_log WHERE id > :n"), {"n": newest - rows})
        else:
            conn.execute(text("ALTER TABLE access_log DISABLE TRIGGER access_log_no_change"))
            conn.execute(text("DELETE FROM access_log WHERE id > :n"), {"n": newest - rows})
            conn.execute(text("ALTER TABLE access_log ENABLE TRIGGER access_log_no_change"))


def set_active(store: Store, login: str, active: bool) -> None:
    """Deactivate or reactivate an account directly in the store."""
    with store.write() as session:
        account = session.exec(select(Account).where(Account.login == login)).one()
        account.active = active
        session.add(account)


def close_mailbox(world: World, address: str) -> None:
    """R15: close an FBL for good, set directly (the support command has its own tests)."""
    with world.store.write() as session:
        box = session.exec(select(Mailbox).where(Mailbox.address == address)).one()
        box.closed_at = world.clock()
        box.closed_by = "sara.support"
        session.add(box)


def admin_connection(base_url: str) -> psycopg.Connection[tuple[object, ...]]:
    """An autocommit connection to the test server's `postgres` database."""
    url = make_url(base_url).set(drivername="postgresql", database="postgres")
    return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)

"""`make_engine` and `Store`: SQLite pragmas, BEGIN IMMEDIATE, PostgreSQL over psycopg 3."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from fblmail.store.engine import SQLITE_BUSY_TIMEOUT_MS, Store, make_engine, normalise_url


@pytest.fixture
def sqlite_store(sqlite_store_url: str) -> Iterator[Store]:
    """A `Store` over a fresh, migrated SQLite file."""
    engine = make_engine(sqlite_store_url)
    yield Store(engine)
    engine.dispose()


def _pragmas(session: object) -> dict[str, object]:
    conn = session.connection()  # type: ignore[attr-defined]
    return {
        name: conn.execute(text(f"PRAGMA {name}")).scalar_one()
        for name in ("journal_mode", "synchronous", "foreign_keys", "secure_delete", "busy_timeout")
    }


def test_sqlite_pragmas_on_every_connection(sqlite_store: Store) -> None:
    expected = {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "foreign_keys": 1,
        "secure_delete": 1,
        "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
    }
    assert SQLITE_BUSY_TIMEOUT_MS >= 5_000
    with sqlite_store.read() as session:
        assert _pragmas(session) == expected
    with sqlite_store.write() as session:
        assert _pragmas(session) == expected
    # A second connection from the pool is set up the same way.
    with sqlite_store.read() as first, sqlite_store.read() as second:
        assert _pragmas(first) == _pragmas(second) == expected


def _sqlite_path(store: Store) -> Path:
    database = make_url(str(store.engine.url)).database
    assert database is not None
    return Path(database)


def test_write_transaction_holds_the_write_lock_from_its_first_statement(
    sqlite_store: Store,
) -> None:
    # Even a write transaction that has only read so far holds the lock (BEGIN IMMEDIATE):
    # another writer cannot start, so ours can never fail later with "database is locked".
    other = sqlite3.connect(_sqlite_path(sqlite_store), timeout=0, isolation_level=None)
    try:
        with sqlite_store.write() as session:
            session.connection().execute(text("SELECT count(*) FROM audit_head"))
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again once ours has committed
        other.execute("ROLLBACK")
        # A read transaction takes no write lock.
        with sqlite_store.read() as session:
            session.connection().execute(text("SELECT count(*) FROM audit_head"))
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_second_writer_waits_instead_of_failing(sqlite_store: Store) -> None:
    holding = threading.Event()
    release = threading.Event()
    errors: list[BaseException] = []
    order: list[str] = []

    def first() -> None:
        try:
            with sqlite_store.write() as session:
                conn = session.connection()
                conn.execute(text("SELECT last_id FROM audit_head")).scalar_one()
                holding.set()
                release.wait(timeout=30)
                # Read-then-write in one transaction: must not fail with "database is locked".
                conn.execute(text("UPDATE audit_head SET last_hash = last_hash"))
                order.append("first")
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)

    def second() -> None:
        try:
            holding.wait(timeout=30)
            with sqlite_store.write() as session:
                session.connection().execute(text("UPDATE audit_head SET last_hash = last_hash"))
                order.append("second")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert holding.wait(timeout=30)
    threads[1].join(timeout=0.5)
    # The second writer is still waiting for the lock (it has not failed, not finished).
    assert threads[1].is_alive()
    assert errors == []
    release.set()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert order == ["first", "second"]


def test_a_writer_that_waits_too_long_gets_the_usual_locked_error(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The short-poll wait gives up at the busy timeout like SQLite's own handler, with the
    same "busy" answer, and leaves the connection's busy timeout as it was."""
    from sqlalchemy.exc import OperationalError

    from fblmail.errors import StoreProblem
    from fblmail.store import engine as engine_module

    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 30)
    other = sqlite3.connect(_sqlite_path(sqlite_store), timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        # The store turns a driver failure in a write into a StoreProblem that names it.
        gave_up = (OperationalError, StoreProblem)
        with pytest.raises(gave_up, match="upptagen"), sqlite_store.write() as session:
            session.connection().execute(text("SELECT 1"))
        other.execute("ROLLBACK")
    finally:
        other.close()
    monkeypatch.undo()
    with sqlite_store.write() as session:
        assert _pragmas(session)["busy_timeout"] == SQLITE_BUSY_TIMEOUT_MS


def test_purge_batches_commit_without_fsync_and_others_with(sqlite_store: Store) -> None:
    with sqlite_store.write(durable=False) as session:
        assert _pragmas(session)["synchronous"] == 1  # NORMAL: redone if lost
    with sqlite_store.write() as session:
        assert _pragmas(session)["synchronous"] == 2  # FULL again for the next one


def test_postgres_urls_use_psycopg_3() -> None:
    for url in ("postgres://u@h/db", "postgresql://u@h/db", "postgresql+psycopg://u@h/db"):
        assert normalise_url(url) == "postgresql+psycopg://u@h/db"
    with pytest.raises(ValueError, match="unsupported"):
        make_engine("mysql://u@h/db")


def test_store_reports_its_back_end(store: Store, backend: str) -> None:
    assert store.sqlite is (backend == "sqlite")
    if backend == "postgres":
        assert store.engine.dialect.driver == "psycopg"
    with store.write() as session:
        session.connection().execute(text("UPDATE audit_head SET last_id = last_id"))
    with store.read() as session:
        assert (
            session.connection().execute(text("SELECT last_id FROM audit_head")).scalar_one() == 0
        )

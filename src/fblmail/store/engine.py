"""`make_engine`: the one place that knows SQLite from PostgreSQL.

SQLite: WAL so readers never block the writer, `synchronous=FULL` so a reported send
survives a power cut, foreign keys on, a busy timeout, `secure_delete` so purged text is
overwritten, and every write transaction starts with `BEGIN IMMEDIATE`: a deferred
transaction that reads and then writes fails with "database is locked" at once, whatever
the busy timeout, because SQLite cannot upgrade its read lock while another writer waits.

PostgreSQL: psycopg 3, plain READ COMMITTED; concurrency is handled by unique keys and the
access-log head row lock (see audit.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_BUSY = 5
WRITE_POLL_FIRST_S, WRITE_POLL_MAX_S = 0.001, 0.005
WRITE_OPTION = "fblmail_write"
DURABLE_OPTION = "fblmail_durable"


def normalise_url(url: str) -> str:
    """Accept `postgresql://` and `postgres://` and use the psycopg 3 driver for both."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def is_sqlite(engine: Engine) -> bool:
    """True for an SQLite store."""
    return engine.dialect.name == "sqlite"


def _sqlite_engine(url: str, echo: bool) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        pool_size=4,
        max_overflow=4,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite's own
        # transaction handling would start a deferred one behind our back).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "foreign_keys=ON",
            f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
            "secure_delete=ON",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if not options.get(WRITE_OPTION, False):
            connection.exec_driver_sql("BEGIN")
            return
        raw = connection.connection.dbapi_connection
        # The level can only change outside a transaction, so it is set on every write.
        durable = options.get(DURABLE_OPTION, True)
        raw.execute("PRAGMA synchronous=FULL" if durable else "PRAGMA synchronous=NORMAL")
        if not _begin_immediate_polling(raw):
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # waits busy_timeout, then fails

    return engine


def _begin_immediate_polling(raw: Any) -> bool:
    """Take the write lock, asking every few milliseconds; False if it stayed taken.

    SQLite's own busy handler sleeps up to 100 ms between tries, so a writer can miss a
    lock that another writer (a purge between its batches) leaves free for 50 ms, and waits
    for the lock's next release. Asking every 1-5 ms hands the lock over within a few
    milliseconds of its release.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    delay = WRITE_POLL_FIRST_S
    raw.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return True
            except Exception as exc:  # the driver's OperationalError: only "busy" is retried
                if getattr(exc, "sqlite_errorcode", None) != SQLITE_BUSY:
                    raise
            if time.monotonic() + delay > deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, WRITE_POLL_MAX_S)
    finally:
        raw.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create the engine for a database URL (SQLite file or PostgreSQL)."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url, echo)
    if url.startswith("postgresql"):
        return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=4, max_overflow=4)
    raise ValueError(f"unsupported database URL: {url.split(':', 1)[0]}")


class Store:
    """Hands out sessions: `write()` for a unit of work, `read()` for queries only."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})
        self._batch_engine = engine.execution_options(
            **{WRITE_OPTION: True, DURABLE_OPTION: False}
        )

    @property
    def sqlite(self) -> bool:
        """True for an SQLite store."""
        return is_sqlite(self.engine)

    @contextmanager
    def write(self, *, durable: bool = True) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE on SQLite); commits on success.

        `durable=False` (SQLite) commits without waiting for the disk: for work that is
        redone if lost, such as a purge batch; the next durable commit syncs it too.
        """
        engine = self._write_engine if durable else self._batch_engine
        with Session(engine, expire_on_commit=False) as session, session.begin():
            if not durable and not self.sqlite:
                session.connection().exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read transaction, ended (rolled back) on exit so an idle screen holds nothing.

        `close()` rather than `rollback()`: it releases the connection without expiring the
        objects already loaded, so read models can still be built from them afterwards.
        """
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()

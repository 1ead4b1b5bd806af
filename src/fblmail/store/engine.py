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
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from fblmail.errors import StoreProblem
from fblmail.store.file_guard import StoreFile, read_only_store, store_unusable

SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_BUSY = 5
WRITE_POLL_FIRST_S, WRITE_POLL_MAX_S = 0.001, 0.005
WRITE_OPTION = "fblmail_write"
DURABLE_OPTION = "fblmail_durable"
READ_ONLY_SQLSTATE = "25006"  # PostgreSQL: read_only_sql_transaction


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


def sqlite_path(engine: Engine) -> str | None:
    """The file of an SQLite store (None for PostgreSQL or an in-memory database)."""
    if not is_sqlite(engine):
        return None
    database = engine.url.database
    return database if database and database != ":memory:" else None


def _translate(exc: DBAPIError, write: bool, where: str) -> StoreProblem | None:
    """A driver's operational failure in plain words (None: not the store's fault)."""
    if getattr(exc.orig, "sqlstate", None) == READ_ONLY_SQLSTATE:
        return read_only_store(where)  # PostgreSQL: a read-only transaction or standby
    if not isinstance(exc, OperationalError):
        return None
    text = str(exc.orig).lower()
    if "readonly" in text or "read-only" in text or "read only" in text:
        return read_only_store(where)
    if write or "disk" in text or "unable to open" in text:
        return store_unusable(str(exc.orig)[:120])
    return None


class Store:
    """Hands out sessions: `write()` for a unit of work, `read()` for queries only.

    On SQLite each unit first checks that the file is still the one opened (and, for a
    write, writable): see `fblmail.store.file_guard`. A driver's "read-only" or I/O failure
    becomes a `StoreProblem` in plain words instead of an SQLAlchemy message.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})
        self._batch_engine = engine.execution_options(
            **{WRITE_OPTION: True, DURABLE_OPTION: False}
        )
        path = sqlite_path(engine)
        self.file = StoreFile(path) if path else None
        self._where = str(self.file.path) if self.file else ""

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
        if self.file is not None:
            self.file.check(write=True)
        engine = self._write_engine if durable else self._batch_engine
        try:
            with Session(engine, expire_on_commit=False) as session, session.begin():
                if not durable and not self.sqlite:
                    session.connection().exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
                yield session
            if self.file is not None:
                self.file.remember()  # a store created by this very unit (`fblmail init`)
        except DBAPIError as exc:
            problem = _translate(exc, True, self._where)
            if problem is None:
                raise
            raise problem from exc

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read transaction, ended (rolled back) on exit so an idle screen holds nothing.

        `close()` rather than `rollback()`: it releases the connection without expiring the
        objects already loaded, so read models can still be built from them afterwards.
        """
        if self.file is not None:
            self.file.check(write=False)
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
        except DBAPIError as exc:
            problem = _translate(exc, False, self._where)
            if problem is None:
                raise
            raise problem from exc
        finally:
            session.close()

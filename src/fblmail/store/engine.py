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

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from fblmail.domain.storable import not_storable, unstorable_text
from fblmail.errors import StoreProblem
from fblmail.store.faults import store_error
from fblmail.store.file_guard import StoreFile, read_only_store, store_unusable
from fblmail.store.files import (
    create_private_file,
    damage_marker,
    no_store_at,
)
from fblmail.store.write_lock import BUSY_TIMEOUT_MS, begin_immediate_polling

SQLITE_BUSY_TIMEOUT_MS = BUSY_TIMEOUT_MS  # a module name tests patch to wait less
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


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL (`~` expanded), or None for PostgreSQL or `:memory:`."""
    parsed = make_url(normalise_url(url))
    if not parsed.drivername.startswith("sqlite"):
        return None
    if parsed.database in (None, "", ":memory:"):
        return None
    database = parsed.database or ""
    if parsed.query.get("uri") == "true" and database.startswith("file:"):
        database = database[len("file:") :]  # `sqlite:///file:PATH?mode=ro&uri=true`
    return Path(database).expanduser()


def engine_sqlite_path(engine: Engine) -> Path | None:
    """The file of an SQLite engine, or None."""
    return sqlite_path(engine.url.render_as_string(hide_password=False))


def _text_guard(
    conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
) -> None:
    """Refuse a NUL character or a lone surrogate in any text, on both back ends alike.

    SQLite would store a NUL and PostgreSQL refuses it; a lone surrogate (an invalid byte on
    the command line) cannot be encoded at all. The service checks the fields it knows; this
    is the net under all the others, naming the column.
    """
    names: list[str] = []
    compiled = getattr(context, "compiled", None)
    if compiled is not None and getattr(compiled, "positiontup", None):
        names = [str(n) for n in compiled.positiontup]
    for name, value in _named_values(parameters, names):
        if isinstance(value, str) and not_storable(value):
            raise unstorable_text(name.rstrip("0123456789").rstrip("_") or "text")


def _named_values(parameters: Any, names: list[str]) -> Iterator[tuple[str, Any]]:
    """(bind name, value) for every value, whatever shape the driver's parameters have."""
    if isinstance(parameters, dict):
        yield from ((str(k), v) for k, v in parameters.items())
    elif isinstance(parameters, list | tuple):
        if parameters and all(isinstance(p, dict | list | tuple) for p in parameters):
            for row in parameters:
                yield from _named_values(row, names)
            return
        for i, value in enumerate(parameters):
            yield (names[i % len(names)] if names else "", value)


def _sqlite_engine(url: str, echo: bool, create: bool) -> Engine:
    path = sqlite_path(url)
    # A URI URL may ask for read-only (`mode=ro`); otherwise read-write, never create.
    asked = make_url(url).query.get("mode")
    mode = asked if isinstance(asked, str) and asked in ("ro", "rw") else "rw"
    if path is not None and not path.exists():
        if not create:
            raise no_store_at(path)
        create_private_file(path)

    def connect() -> sqlite3.Connection:
        timeout = SQLITE_BUSY_TIMEOUT_MS / 1000
        if path is None:
            return sqlite3.connect(":memory:", check_same_thread=False, timeout=timeout)
        # mode=rw: SQLite never creates the file, so a store deleted behind our back is
        # reported as gone instead of silently replaced by an empty one.
        uri = f"file:{quote(str(path))}?mode={mode}"
        return sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=timeout)

    engine = create_engine(
        url,
        echo=echo,
        creator=connect,
        pool_size=4,
        max_overflow=4,
        hide_parameters=True,
    )
    event.listen(engine, "before_cursor_execute", _text_guard)

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
        if not begin_immediate_polling(raw, SQLITE_BUSY_TIMEOUT_MS):
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # waits busy_timeout, then fails

    return engine


def make_engine(url: str, *, echo: bool = False, create: bool = True) -> Engine:
    """Create the engine for a database URL (SQLite file or PostgreSQL).

    `create=False` (every command but `init`) refuses a missing SQLite file instead of
    creating it; a new file is created 0600 in 0700 folders. SQL parameters are never part
    of an error's text (`hide_parameters`): they hold personnummer and message text.
    """
    url = normalise_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url, echo, create)
    if url.startswith("postgresql"):
        engine = create_engine(
            url,
            echo=echo,
            pool_pre_ping=True,
            pool_size=4,
            max_overflow=4,
            hide_parameters=True,
        )
        event.listen(engine, "before_cursor_execute", _text_guard)
        return engine
    raise ValueError(f"unsupported database URL: {url.split(':', 1)[0]}")


def kind(exc: DBAPIError) -> str:
    """The driver error's class name: enough to tell failures apart, and holds no data."""
    return type(exc.orig).__name__


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
        # The cause by its error code, never the driver's text (it can quote values).
        named = store_error(exc)
        return named if isinstance(named, StoreProblem) else store_unusable(kind(exc))
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
        path = engine_sqlite_path(engine)
        self.file = StoreFile(path) if path else None
        self._where = str(self.file.path) if self.file else ""

    @property
    def sqlite(self) -> bool:
        """True for an SQLite store."""
        return is_sqlite(self.engine)

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None on PostgreSQL."""
        return engine_sqlite_path(self.engine) if self.sqlite else None

    def refuse_if_damaged(self) -> None:
        """Refuse to write to a store that `fblmail doctor` (or `check`) found damaged."""
        path = self.path
        if path is None or not damage_marker(path).exists():
            return
        raise StoreProblem(
            f"Databasen {path} har befunnits skadad (se `fblmail doctor`), så ingenting skrivs "
            "i den. Återställ den från en säkerhetskopia; `fblmail doctor` tar bort "
            "spärren när databasen är hel igen.",
            f"The store {path} was found damaged (see `fblmail doctor`), so nothing is written "
            "to it. Restore it from a backup; `fblmail doctor` lifts the block once the store "
            "is whole again.",
            field="database",
        )

    def _refuse_if_marked(self, session: Session) -> None:
        """PostgreSQL: refuse inside the write transaction while `store_damage` has a row.

        One primary-key lookup per write; the row is set and lifted by `fblmail doctor`.
        """
        found = (
            session.connection()
            .exec_driver_sql("SELECT 1 FROM store_damage WHERE id = 1")
            .first()
        )
        if found is None:
            return
        raise StoreProblem(
            "Databasen har befunnits skadad (se `fblmail doctor`), så ingenting skrivs i den. "
            "Återställ den från en säkerhetskopia (pg_restore); `fblmail doctor`, körd av "
            "support eller databasens ägare, tar bort spärren när databasen är hel igen.",
            "The store was found damaged (see `fblmail doctor`), so nothing is written to it. "
            "Restore it from a backup (pg_restore); `fblmail doctor`, run by support or the "
            "database owner, lifts the block once the store is whole again.",
            field="database",
        )

    @contextmanager
    def write(self, *, durable: bool = True, despite_damage: bool = False) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE on SQLite); commits on success.

        `durable=False` (SQLite) commits without waiting for the disk: for work that is
        redone if lost, such as a purge batch; the next durable commit syncs it too.
        `despite_damage=True` is for `fblmail doctor`'s own access-log row only, written
        when the doctor found the pages whole (a broken log chain still blocks the rest).
        """
        if not despite_damage:
            self.refuse_if_damaged()
        if self.file is not None:
            self.file.check(write=True)
        engine = self._write_engine if durable else self._batch_engine
        try:
            with Session(engine, expire_on_commit=False) as session, session.begin():
                if not self.sqlite and not despite_damage:
                    self._refuse_if_marked(session)
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


def restore_autocheckpoint(raw: Any, pages: int) -> None:
    """Give an SQLite connection back its `wal_autocheckpoint` (the purge turns it off for
    its batches). A connection broken by the error being raised has nothing to restore."""
    with suppress(sqlite3.Error):
        raw.execute(f"PRAGMA wal_autocheckpoint={int(pages)}")

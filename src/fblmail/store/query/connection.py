"""Plain DB-API connections to the store: read snapshots and short write transactions.

The read commands and the app's first screen must answer before SQLAlchemy and SQLModel
would even have finished importing (about 0.55 s on the target machine), so this layer
uses the standard library's `sqlite3` or `psycopg` directly, with hand-written SQL that
both back ends accept (`?` placeholders, rewritten for psycopg).

- `Connector.reading()`: one consistent snapshot. SQLite connections for reading are
  opened with `query_only`; PostgreSQL ones as read-only REPEATABLE READ transactions.
  Every read ends before the call returns, so an idle screen holds nothing open.
- `Connector.writing()`: one write transaction for what a read must also write (a read
  mark, its access-log row). SQLite takes the write lock first (`BEGIN IMMEDIATE`, polled
  like `store/engine.py` does, since a deferred read-then-write transaction fails with
  "database is locked" at once); PostgreSQL runs a normal READ COMMITTED transaction. A
  store found damaged refuses every write, as `Store.write` does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from fblmail.domain.storable import not_storable, unstorable_text
from fblmail.errors import FblError, StoreProblem
from fblmail.store.file_guard import StoreFile
from fblmail.store.schema import not_set_up
from fblmail.store.write_lock import BUSY_TIMEOUT_MS, begin_immediate_polling

SQLITE_TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
"""How SQLAlchemy stores a DateTime on SQLite (naive UTC text that sorts correctly)."""
POOL_IDLE_MAX = 2
PAGE_CACHE_KIB = 512
WRITE_PRAGMAS = (
    "synchronous=FULL",
    "foreign_keys=ON",
    f"busy_timeout={BUSY_TIMEOUT_MS}",
    "secure_delete=ON",
)
"""What `store/engine.py` sets on every SQLite connection that may write (WAL is the file's)."""


@dataclass(frozen=True)
class DbTarget:
    """Where the store is: an SQLite file or a PostgreSQL conninfo."""

    kind: str  # "sqlite" | "postgres"
    location: str  # file path or libpq URI

    @property
    def sqlite(self) -> bool:
        """True for an SQLite file."""
        return self.kind == "sqlite"


def parse_target(url: str) -> DbTarget:
    """A database URL as the settings hold it (`sqlite:///f.db`, `postgresql://...`)."""
    if url.startswith("sqlite"):
        rest = url.split(":", 1)[1]
        if not rest.startswith("///") or rest in ("///", "///:memory:"):
            raise StoreProblem(
                "Appen behöver en databasfil (sqlite:///sökväg/fblmail.db).",
                "The app needs a database file (sqlite:///path/fblmail.db).",
                field="database",
            )
        path = unquote(rest[3:].split("?", 1)[0])
        return DbTarget("sqlite", str(Path(path).expanduser()))
    for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://", "postgres://"):
        if url.startswith(prefix):
            return DbTarget("postgres", "postgresql://" + url[len(prefix) :])
    if url.startswith("postgresql://"):
        return DbTarget("postgres", url)
    raise StoreProblem(
        f"Okänd databasadress {url.split(':', 1)[0]!r}: använd sqlite:/// eller postgresql://.",
        f"Unknown database URL {url.split(':', 1)[0]!r}: use sqlite:/// or postgresql://.",
        field="database",
    )


def cannot_open(exc: BaseException) -> FblError:
    """An open failure named by its cause like the CLI's (never the driver's text)."""
    from fblmail.store.faults import store_error

    return store_error(exc) or StoreProblem(
        f"Databasen går inte att läsa ({type(exc).__name__}). Kör `fblmail doctor`.",
        f"The store cannot be read ({type(exc).__name__}). Run `fblmail doctor`.",
        field="database",
    )


class Reader:
    """One transaction on one connection; SQL is written with `?` placeholders."""

    def __init__(self, conn: Any, target: DbTarget) -> None:
        self._conn = conn
        self.target = target

    def sql(self, text: str) -> str:
        """`?` placeholders in the driver's style (psycopg wants `%s`)."""
        return text if self.target.sqlite else text.replace("?", "%s")

    def all(self, text: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Every row of a query."""
        if text.lstrip()[:6].upper() in ("INSERT", "UPDATE"):  # INSERT ... RETURNING
            _refuse_unstorable(params)
        cursor = self._conn.execute(self.sql(text), tuple(params))
        try:
            return [tuple(r) for r in cursor.fetchall()]
        finally:
            cursor.close()

    def one(self, text: str, params: Sequence[object] = ()) -> tuple[Any, ...] | None:
        """The first row of a query, or None."""
        rows = self.all(text, params)
        return rows[0] if rows else None

    def scalar(self, text: str, params: Sequence[object] = ()) -> Any:
        """The first column of the first row (None when there is no row)."""
        row = self.one(text, params)
        return row[0] if row else None

    def time(self, value: datetime) -> object:
        """A datetime as this back end stores and compares it."""
        moment = value.astimezone(UTC)
        return moment.strftime(SQLITE_TIME_FORMAT) if self.target.sqlite else moment


class Writer(Reader):
    """A write transaction: `execute` for statements that return no rows."""

    def execute(self, text: str, params: Sequence[object] = ()) -> int:
        """Run one statement; the number of rows it changed."""
        _refuse_unstorable(params)
        cursor = self._conn.execute(self.sql(text), tuple(params))
        try:
            return int(cursor.rowcount)
        finally:
            cursor.close()


def _refuse_unstorable(params: Sequence[object]) -> None:
    """The net under the use cases' own checks, as `store/engine.py` has for the ORM: no
    NUL or invalid UTF-8 is written (SQLite would keep a NUL, PostgreSQL refuses it)."""
    if any(isinstance(value, str) and not_storable(value) for value in params):
        raise unstorable_text("text")


def read_time(value: Any) -> datetime | None:
    """A stored time (SQLite text or a PostgreSQL timestamptz) as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def connect(target: DbTarget, *, write: bool = False) -> Any:
    """A new connection: `query_only` (SQLite) or read-only (PostgreSQL) unless `write`."""
    if target.sqlite:
        import sqlite3

        if not Path(target.location).is_file():
            from fblmail.store.files import no_store_at

            raise no_store_at(Path(target.location))
        try:
            lite = sqlite3.connect(
                f"file:{target.location}?mode=rw",
                uri=True,
                isolation_level=None,  # we BEGIN and end every transaction ourselves
                check_same_thread=False,  # one thread at a time, handed over by the pool
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
            if write:
                for pragma in WRITE_PRAGMAS:
                    lite.execute(f"PRAGMA {pragma}")
            else:
                lite.execute("PRAGMA query_only = ON")
                lite.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Index pages come from the OS cache quickly; a small page cache per connection
            # keeps the app's memory flat however large the mailbox (a COUNT reads them all).
            lite.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
        except sqlite3.Error as exc:
            raise cannot_open(exc) from exc
        return lite
    import psycopg

    try:
        pg = psycopg.connect(target.location, autocommit=False)
    except psycopg.Error as exc:
        raise cannot_open(exc) from exc
    if not write:
        pg.read_only = True
        pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    return pg


def damaged_store(path: Path | None) -> StoreProblem:
    """The refusal to write to a store that `fblmail doctor` (or `check`) found damaged:
    the same words as `Store.write` gives."""
    if path is not None:
        return StoreProblem(
            f"Databasen {path} har befunnits skadad (se `fblmail doctor`), så ingenting skrivs "
            "i den. Återställ den från en säkerhetskopia; `fblmail doctor` tar bort "
            "spärren när databasen är hel igen.",
            f"The store {path} was found damaged (see `fblmail doctor`), so nothing is written "
            "to it. Restore it from a backup; `fblmail doctor` lifts the block once the store "
            "is whole again.",
            field="database",
        )
    return StoreProblem(
        "Databasen har befunnits skadad (se `fblmail doctor`), så ingenting skrivs i den. "
        "Återställ den från en säkerhetskopia (pg_restore); `fblmail doctor`, körd av "
        "support eller databasens ägare, tar bort spärren när databasen är hel igen.",
        "The store was found damaged (see `fblmail doctor`), so nothing is written to it. "
        "Restore it from a backup (pg_restore); `fblmail doctor`, run by support or the "
        "database owner, lifts the block once the store is whole again.",
        field="database",
    )


class Connector:
    """Hands out connections, one transaction at a time, from small idle pools."""

    def __init__(
        self,
        target: DbTarget,
        *,
        opener: Callable[[bool], Any] | None = None,
        file: StoreFile | None = None,
    ) -> None:
        self.target = target
        # Where connections come from (`opener(write)`): our own `connect` by default, or
        # another pool's (the app's engine hands out its DB-API connections, already set
        # up as `store/engine.py` sets them; closing one gives it back to that pool).
        self._open: Callable[[bool], Any] = opener or (lambda write: connect(target, write=write))
        # A file deleted or replaced under a running app is named as such, not "run init";
        # a connector over the app's engine shares the identity its store took at start.
        self.file = file or (StoreFile(target.location) if target.sqlite else None)
        self._idle: list[Any] = []
        self._writer: Any = None
        self._lock = threading.Lock()

    def _take(self) -> Any:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._open(False)

    def _give_back(self, conn: Any) -> None:
        with self._lock:
            if len(self._idle) < POOL_IDLE_MAX:
                self._idle.append(conn)
                return
        conn.close()

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        """A consistent snapshot for a few queries, ended (rolled back) on the way out."""
        if self.file is not None:
            self.file.check(write=False)
        conn = self._take()
        healthy = False
        try:
            if self.target.sqlite:
                conn.execute("BEGIN")
            yield Reader(conn, self.target)
            healthy = True
        except Exception as exc:
            raise self._translate(exc) from exc
        finally:
            try:
                if self.target.sqlite:
                    conn.execute("ROLLBACK")
                else:
                    conn.rollback()
            except Exception:  # a broken connection is closed, not pooled
                healthy = False
            if healthy:
                self._give_back(conn)
            else:
                with suppress(Exception):
                    conn.close()

    @contextmanager
    def writing(self) -> Iterator[Writer]:
        """One write transaction, committed on success and rolled back on any error.

        Refuses a store marked damaged (the marker file beside an SQLite store, the
        `store_damage` row of a PostgreSQL one) before anything is written.
        """
        path = Path(self.target.location) if self.target.sqlite else None
        if path is not None:
            from fblmail.store.files import damage_marker

            if damage_marker(path).exists():
                raise damaged_store(path)
        if self.file is not None:
            self.file.check(write=True)
        with self._lock:
            conn, self._writer = self._writer, None
        if conn is None:
            conn = self._open(True)
        healthy = False
        try:
            writer = Writer(conn, self.target)
            if self.target.sqlite:
                if not begin_immediate_polling(conn):
                    conn.execute("BEGIN IMMEDIATE")  # waits the busy timeout, then fails
            elif writer.one("SELECT 1 FROM store_damage WHERE id = 1") is not None:
                raise damaged_store(None)
            yield writer
            if self.target.sqlite:
                conn.execute("COMMIT")
            else:
                conn.commit()
            healthy = True
        except Exception as exc:
            with suppress(Exception):
                if self.target.sqlite:
                    conn.execute("ROLLBACK")
                else:
                    conn.rollback()
            raise self._translate(exc, write=True) from exc
        finally:
            if healthy:
                with self._lock:
                    if self._writer is None:
                        self._writer, conn = conn, None
            if conn is not None:  # broken, or another writer is already kept
                with suppress(Exception):
                    conn.close()

    def _translate(self, exc: Exception, *, write: bool = False) -> Exception:
        """Driver errors become a StoreProblem with advice; our own errors pass through."""
        if isinstance(exc, FblError) or not _is_driver_error(exc):
            return exc
        text = str(exc).lower()
        if "no such table" in text or ("does not exist" in text and "relation" in text):
            return not_set_up()
        if write and ("readonly" in text or "read-only" in text or "read only" in text):
            from fblmail.store.file_guard import read_only_store

            return read_only_store(self.target.location if self.target.sqlite else "")
        if write:
            from fblmail.store.faults import answered_with_error, store_error

            # A write the store refused (a constraint, a trigger): not "cannot be read".
            return store_error(exc) or answered_with_error(type(exc).__name__)
        return cannot_open(exc)

    def close(self) -> None:
        """Close the idle connections."""
        with self._lock:
            idle, self._idle = self._idle, []
            if self._writer is not None:
                idle.append(self._writer)
                self._writer = None
        for conn in idle:
            with suppress(Exception):
                conn.close()


def _is_driver_error(exc: Exception) -> bool:
    module = type(exc).__module__
    return module.startswith(("sqlite3", "psycopg"))

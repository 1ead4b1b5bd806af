"""Plain DB-API access for the inbox reader: connections, SQL dialects, change feeds.

The inbox must paint its first rows before SQLAlchemy and SQLModel have even finished
importing (about 0.35 s on the target machine), so its reads use the standard library's
`sqlite3` or `psycopg` directly, with hand-written SQL that both back ends accept. It only
reads: SQLite connections are opened with `query_only`, PostgreSQL ones as read-only
transactions, and every read runs in a short transaction that ends before the call returns,
so an idle screen holds nothing open.

Change feeds tell the app that something may have changed: on SQLite by polling
`PRAGMA data_version` (which moves when *another* connection commits, so one dedicated
connection polls it), on PostgreSQL by LISTEN on the `fblmail_changes` channel that a
trigger on `mailbox_item` notifies with the mailbox id (migration 0001).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote

from fblmail.errors import FblError, StoreProblem
from fblmail.store.file_guard import StoreFile
from fblmail.store.shared_sql import MODE_SQL

SQLITE_TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
"""How SQLAlchemy stores a DateTime on SQLite (naive UTC text that sorts correctly)."""
BUSY_TIMEOUT_MS = 30_000
POOL_IDLE_MAX = 2
PAGE_CACHE_KIB = 512
CHANNEL = "fblmail_changes"


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
        return DbTarget("sqlite", unquote(rest[3:].split("?", 1)[0]))
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


def _not_set_up() -> StoreProblem:
    return StoreProblem(
        "Databasen är inte förberedd. Kör `fblmail init` först.",
        "The store is not set up. Run `fblmail init` first.",
        field="database",
    )


def _cannot_open(exc: BaseException) -> FblError:
    """The app's open failure, named by its cause like the CLI's (never the driver's text)."""
    from fblmail.store.faults import store_error

    return store_error(exc) or StoreProblem(
        f"Databasen går inte att läsa ({type(exc).__name__}). Kör `fblmail doctor`.",
        f"The store cannot be read ({type(exc).__name__}). Run `fblmail doctor`.",
        field="database",
    )


class Reader:
    """One read transaction on one connection; SQL is written with `?` placeholders."""

    def __init__(self, conn: Any, target: DbTarget) -> None:
        self._conn = conn
        self.target = target

    def sql(self, text: str) -> str:
        """`?` placeholders in the driver's style (psycopg wants `%s`)."""
        return text if self.target.sqlite else text.replace("?", "%s")

    def all(self, text: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Every row of a query."""
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
        """A datetime as this back end compares it."""
        moment = value.astimezone(UTC)
        return moment.strftime(SQLITE_TIME_FORMAT) if self.target.sqlite else moment


def read_time(value: Any) -> datetime | None:
    """A stored time (SQLite text or a PostgreSQL timestamptz) as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _connect(target: DbTarget) -> Any:
    if target.sqlite:
        import sqlite3

        if not Path(target.location).is_file():
            from fblmail.store.files import no_store_at

            raise no_store_at(Path(target.location))
        try:
            lite = sqlite3.connect(
                f"file:{target.location}?mode=rw",
                uri=True,
                isolation_level=None,  # we BEGIN and end every read ourselves
                check_same_thread=False,  # one thread at a time, handed over by the pool
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
            lite.execute("PRAGMA query_only = ON")
            lite.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Index pages come from the OS cache quickly; a small page cache per connection
            # keeps the app's memory flat however large the mailbox (a COUNT reads them all).
            lite.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
        except sqlite3.Error as exc:
            raise _cannot_open(exc) from exc
        return lite
    import psycopg

    try:
        pg = psycopg.connect(target.location, autocommit=False)
    except psycopg.Error as exc:
        raise _cannot_open(exc) from exc
    pg.read_only = True
    pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    return pg


class Connector:
    """Hands out connections, one read transaction at a time, from a small idle pool."""

    def __init__(self, target: DbTarget) -> None:
        self.target = target
        # A file deleted or replaced under a running app is named as such, not "run init".
        self.file = StoreFile(target.location) if target.sqlite else None
        self._idle: list[Any] = []
        self._lock = threading.Lock()

    def _take(self) -> Any:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return _connect(self.target)

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

    def _translate(self, exc: Exception) -> Exception:
        """Driver errors become a StoreProblem with advice; our own errors pass through."""
        from fblmail.errors import FblError

        if isinstance(exc, FblError) or not _is_driver_error(exc):
            return exc
        text = str(exc).lower()
        if "no such table" in text or ("does not exist" in text and "relation" in text):
            return _not_set_up()
        return _cannot_open(exc)

    def close(self) -> None:
        """Close the idle connections."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            with suppress(Exception):
                conn.close()


def _is_driver_error(exc: Exception) -> bool:
    module = type(exc).__module__
    return module.startswith(("sqlite3", "psycopg"))


# -- change feeds --------------------------------------------------------------------------


class ChangeFeed(Protocol):
    """Waits until the store may have changed for the user; `wait` returns True then."""

    def wait(self, timeout: float) -> bool:
        """Block up to `timeout` seconds; True if a change was seen."""
        ...

    def close(self) -> None:
        """Release the feed's connection."""
        ...


class SqliteChanges:
    """Polls `PRAGMA data_version` on one dedicated connection (it is per connection)."""

    def __init__(self, target: DbTarget, interval: float = 0.3) -> None:
        self._conn = _connect(target)
        self._interval = interval
        self._seen = self._version()

    def _version(self) -> int:
        # Outside any transaction (autocommit), so polling holds no snapshot open.
        row = self._conn.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def wait(self, timeout: float) -> bool:
        """True as soon as another connection has committed since the last call."""
        deadline = time.monotonic() + timeout
        while True:
            version = self._version()
            if version != self._seen:
                self._seen = version
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(self._interval, left))

    def close(self) -> None:
        """Close the polling connection."""
        with suppress(Exception):
            self._conn.close()


class PostgresChanges:
    """LISTENs for changes to the user's mailboxes.

    On a shared store (issue 8) each mailbox has its own opaque channel
    (`fblmail_channel(id)`, a salted hash only the database can compute) and notifications
    carry nothing: a person learns their channels from `fblmail_my_channels()`, which knows
    only their own memberships, so LISTEN tells nobody about other FBLs. Older single-role
    stores still use the one `fblmail_changes` channel with the mailbox id as payload.
    """

    def __init__(self, target: DbTarget, mailbox_ids: frozenset[int]) -> None:
        import psycopg

        self._mine: set[str] | None = {str(i) for i in mailbox_ids}
        try:
            self._conn = psycopg.connect(target.location, autocommit=True)
            mode = self._conn.execute(MODE_SQL).fetchone()
            if mode is not None and mode[0]:
                self._mine = None
                if mode[1]:  # the owner acting for an account (administration, tests)
                    rows = self._conn.execute(
                        "SELECT fblmail_channel(b) FROM unnest(%s::int[]) AS b",
                        (sorted(mailbox_ids),),
                    ).fetchall()
                else:
                    rows = self._conn.execute("SELECT fblmail_my_channels()").fetchall()
                for (channel,) in rows:
                    self._conn.execute(f'LISTEN "{channel}"')
            else:
                self._conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as exc:
            raise _cannot_open(exc) from exc

    def wait(self, timeout: float) -> bool:
        """True when a notification about one of the user's mailboxes arrives."""
        deadline = time.monotonic() + timeout
        changed = False
        while not changed:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            for note in self._conn.notifies(timeout=left, stop_after=1):
                changed = changed or self._mine is None or note.payload in self._mine
        if changed:  # drain what is already queued, so one burst is one reload
            for note in self._conn.notifies(timeout=0.01):
                del note
        return changed

    def close(self) -> None:
        """Close the listening connection."""
        with suppress(Exception):
            self._conn.close()


def log_identity_refusal(target: DbTarget, asked: str, outcome: str) -> None:
    """Log, through the shared store's log function, that someone was refused as `asked`."""
    import psycopg

    from fblmail.identity import REFUSAL_ACTION, REFUSAL_DETAIL

    with suppress(psycopg.Error), psycopg.connect(target.location, autocommit=True) as conn:
        conn.execute(
            "SELECT fblmail_log_append(%s, %s, NULL, NULL, NULL, NULL, NULL, %s)",
            (REFUSAL_ACTION, outcome, REFUSAL_DETAIL.format(asked=asked[:64])),
        )


def change_feed(target: DbTarget, mailbox_ids: frozenset[int]) -> ChangeFeed:
    """The right feed for the back end."""
    if target.sqlite:
        return SqliteChanges(target)
    return PostgresChanges(target, mailbox_ids)

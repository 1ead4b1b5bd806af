"""The inbox's reads: the user's mailboxes with unread counts, folder lists by keyset in
urgent-first (or newest/oldest) order with filters, full-text search, and a change feed.

This module is the app's first-screen data path, so it imports neither SQLAlchemy nor
SQLModel: it reads through plain DB-API connections (`store/query`), which lets the inbox
paint rows while the rest of the service layer is still loading. It never writes; what the
user does to a message (read, move, delete) goes through `Folders`, which logs it.

Every call loads the user afresh (account active, memberships active) and restricts every
query to their mailboxes, like the use cases do. A list never loads a whole mailbox: it
returns windows of rows after or before a key, a count, or a key's position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from fblmail.clock import Clock, utc_now
from fblmail.errors import InvalidInput, NoAccess
from fblmail.service.mailboxes.inbox_rows import (
    SEARCH_LIMIT,
    open_as_acting_user,
    search_rows,
    walk,
)
from fblmail.service.mailboxes.inbox_views import InboxMailbox, InboxRow, Viewer, load_viewer
from fblmail.store.query.changes import ChangeFeed, change_feed
from fblmail.store.query.connection import Connector, Reader, parse_target
from fblmail.store.query.listing import (
    SHARED_WRITERS_SQL,
    WRITERS_SQL,
    WRITING_FRESH,
    ListFilter,
    ListOrder,
    ListQuery,
    RowKey,
    Waiting,
    segment_count,
    segments_for,
)
from fblmail.store.shared_sql import MODE_SQL

if TYPE_CHECKING:
    from fblmail.settings import Settings
    from fblmail.store.engine import Store

__all__ = [
    "FOLDERS",
    "SEARCH_LIMIT",
    "Inbox",
    "InboxMailbox",
    "InboxRow",
    "ListFilter",
    "ListOrder",
    "ListQuery",
    "RowKey",
    "Viewer",
    "Waiting",
]

FOLDERS = ("inbox", "sent", "trash")
"""The folders of a mailbox (drafts belong to the person, not the mailbox)."""
MAILBOXES_SQL = (
    "SELECT mb.id, mb.address, mb.kind, o.name, mb.closed_at FROM mailbox mb "
    "JOIN organisation o ON o.id = mb.organisation_id"
)


class Inbox:
    """Read-only inbox queries for one user over one store."""

    def __init__(
        self, connector: Connector, login: str, clock: Clock = utc_now, store: Store | None = None
    ) -> None:
        self.connector = connector
        self.login = login
        self.clock = clock
        self._store = store
        self._shared: bool | None = None  # learnt from the store on first need

    @classmethod
    def open(cls, url: str, login: str, clock: Clock = utc_now) -> Inbox:
        """An inbox reader straight from a database URL (no SQLAlchemy needed)."""
        return cls(Connector(parse_target(url)), login, clock)

    @classmethod
    def for_settings(cls, settings: Settings, clock: Clock = utc_now) -> Inbox:
        """The app's first screen: the same identity decision as every command.

        On a shared PostgreSQL store the acting user is the database user; naming someone
        else (`--user`) is refused before a single row is read, and the refusal is logged.
        """
        connector, login = open_as_acting_user(settings)
        return cls(connector, login, clock)

    @classmethod
    def for_store(cls, store: Store, login: str, clock: Clock = utc_now) -> Inbox:
        """An inbox reader on the same database as `store` (which also logs views)."""
        url = store.engine.url.render_as_string(hide_password=False)
        return cls(Connector(parse_target(url)), login, clock, store)

    def close(self) -> None:
        """Close pooled connections."""
        self.connector.close()

    # -- the user and their mailboxes ---------------------------------------------------------

    def _viewer(self, db: Reader) -> Viewer:
        return load_viewer(db, self.login)

    def viewer(self) -> Viewer:
        """The acting user; refuses an unknown or deactivated login with advice."""
        with self.connector.reading() as db:
            return self._viewer(db)

    def mailboxes(self) -> list[InboxMailbox]:
        """The user's FBLs, then their personal mailbox, with unread counts per folder."""
        with self.connector.reading() as db:
            viewer = self._viewer(db)
            ids = sorted(viewer.mailbox_ids)
            if not ids:
                return []
            marks = ", ".join("?" for _ in ids)
            sql = f"{MAILBOXES_SQL} WHERE mb.id IN ({marks}) ORDER BY mb.kind, mb.address"
            boxes = db.all(sql, ids)
            result = []
            for box_id, address, kind, org, closed in boxes:
                # One index seek per folder on ix_item_unread (never a scan of the box).
                unread = tuple(
                    (
                        folder,
                        int(
                            db.scalar(
                                "SELECT count(*) FROM mailbox_item WHERE mailbox_id = ? "
                                "AND folder = ? AND read_at IS NULL",
                                (box_id, folder),
                            )
                        ),
                    )
                    for folder in FOLDERS
                )
                result.append(InboxMailbox(box_id, address, kind, org, closed is not None, unread))
            return result

    def draft_count(self) -> int:
        """How many drafts the user has saved."""
        with self.connector.reading() as db:
            viewer = self._viewer(db)
            return int(
                db.scalar("SELECT count(*) FROM draft WHERE account_id = ?", (viewer.account_id,))
            )

    # -- folder lists ---------------------------------------------------------------------------

    def _check(self, db: Reader, query: ListQuery) -> None:
        viewer = self._viewer(db)
        if query.mailbox_id not in viewer.mailbox_ids:
            raise NoAccess(
                "Du har inte längre behörighet till den brevlådan.",
                "You no longer have access to that mailbox.",
                field="mailbox",
            )
        if query.folder not in FOLDERS:
            raise InvalidInput(
                f"Okänd mapp {query.folder!r}. Välj en av: {', '.join(FOLDERS)}.",
                f"Unknown folder {query.folder!r}. Choose one of: {', '.join(FOLDERS)}.",
                field="folder",
            )

    def _walk(
        self,
        db: Reader,
        query: ListQuery,
        start: int,
        bound: tuple[object, ...] | None,
        forward: bool,
        limit: int,
        offset: int = 0,
        inclusive: bool = False,
    ) -> list[InboxRow]:
        """Up to `limit` rows from segment `start` on (in list order, or reverse)."""
        found = walk(db, query, start, bound, forward, limit, self.clock(), offset, inclusive)
        return self._with_writers(db, found)

    def _is_shared(self, db: Reader) -> bool:
        if self._shared is None:
            row = None if db.target.sqlite else db.one(MODE_SQL)
            self._shared = bool(row and row[0])
        return self._shared

    def _with_writers(self, db: Reader, rows: list[InboxRow]) -> list[InboxRow]:
        """Rows with `writers` filled in: others in the user's FBLs with a reply draft on
        the thread saved in the last 30 minutes ("{name} skriver ett svar", issue 11)."""
        threads = sorted({r.summary.thread_id for r in rows})
        if not threads:
            return rows
        since = db.time(self.clock() - WRITING_FRESH)
        if self._is_shared(db):
            found = db.all(SHARED_WRITERS_SQL, [threads, self.clock()])
        else:
            marks = ", ".join("?" for _ in threads)
            found = db.all(WRITERS_SQL.format(marks=marks), [self.login, *threads, since, True])
        if not found:
            return rows
        names: dict[str, list[str]] = {}
        for thread_id, name in found:
            names.setdefault(str(thread_id), []).append(str(name))
        return [
            InboxRow(replace(r.summary, writers=tuple(names[r.summary.thread_id])), r.key)
            if r.summary.thread_id in names
            else r
            for r in rows
        ]

    def first(self, query: ListQuery, limit: int) -> list[InboxRow]:
        """The first rows of the list."""
        with self.connector.reading() as db:
            self._check(db, query)
            return self._walk(db, query, 0, None, True, limit)

    def last(self, query: ListQuery, limit: int) -> list[InboxRow]:
        """The last rows of the list, in list order (jumping to the end walks nothing)."""
        with self.connector.reading() as db:
            self._check(db, query)
            last = len(segments_for(query)) - 1
            return self._walk(db, query, last, None, False, limit)[::-1]

    def after(
        self, query: ListQuery, key: RowKey, limit: int, *, inclusive: bool = False
    ) -> list[InboxRow]:
        """Rows after `key` (and the row at `key` itself when `inclusive`)."""
        with self.connector.reading() as db:
            self._check(db, query)
            return self._walk(db, query, key[0], key[1], True, limit, inclusive=inclusive)

    def before(self, query: ListQuery, key: RowKey, limit: int) -> list[InboxRow]:
        """Rows before `key`, in list order."""
        with self.connector.reading() as db:
            self._check(db, query)
            return self._walk(db, query, key[0], key[1], False, limit)[::-1]

    def count(self, query: ListQuery, cap: int | None = None) -> int:
        """How many rows the list has: an index range count, or at most `cap`.

        A folder's count reads only its index entries; a category or "waiting for them"
        filter reads every row, which is why the list asks for a capped count then.
        """
        with self.connector.reading() as db:
            self._check(db, query)
            if cap is not None:
                sql, params = segment_count(query, None, cap=cap)
                return int(db.scalar(sql, params))
            return self._count(db, query)

    def rank(self, query: ListQuery, key: RowKey) -> int:
        """The position `key` has (or would have) in the list: the rows before it."""
        with self.connector.reading() as db:
            self._check(db, query)
            return self._rank(db, query, key)

    def around(
        self, query: ListQuery, key: RowKey, before: int, after: int, cap: int | None = None
    ) -> tuple[int, list[InboxRow], int, int]:
        """Re-anchor on a key (after a change): (first row's position, rows, total, key's).

        The row at `key` comes first in the "after" part if it still exists; if it has gone
        (deleted, moved), the rows close to where it was are returned. One snapshot. The
        total is capped like `count` when `cap` is given.
        """
        with self.connector.reading() as db:
            self._check(db, query)
            tail = self._walk(db, query, key[0], key[1], True, after, inclusive=True)
            head = self._walk(db, query, key[0], key[1], False, before)[::-1]
            rank = self._rank(db, query, key)
            if cap is None:
                total = self._count(db, query)
            else:
                sql, params = segment_count(query, None, cap=cap)
                total = int(db.scalar(sql, params))
            return rank - len(head), head + tail, total, rank

    def _count(self, db: Reader, query: ListQuery) -> int:
        sql, params = segment_count(query, None)
        return int(db.scalar(sql, params))

    def _rank(self, db: Reader, query: ListQuery, key: RowKey) -> int:
        segments = segments_for(query)
        total = 0
        for number in range(key[0]):
            sql, params = segment_count(query, segments[number])
            total += int(db.scalar(sql, params))
        sql, params = segment_count(query, segments[key[0]], key[1])
        return total + int(db.scalar(sql, params))

    def at_offset(self, query: ListQuery, offset: int, limit: int) -> list[InboxRow]:
        """Rows from a position (OFFSET within a segment): only for a jump by the mouse."""
        with self.connector.reading() as db:
            self._check(db, query)
            segments = segments_for(query)
            for number, segment in enumerate(segments):
                if number == len(segments) - 1:
                    break
                sql, params = segment_count(query, segment)
                size = int(db.scalar(sql, params))
                if offset < size:
                    break
                offset -= size
            return self._walk(db, query, number, None, True, limit, offset=offset)

    def thread_sizes(self, query: ListQuery, thread_ids: Sequence[str]) -> dict[str, int]:
        """How many messages each thread has in the folder (for one row per thread)."""
        if not thread_ids:
            return {}
        with self.connector.reading() as db:
            self._check(db, query)
            marks = ", ".join("?" for _ in thread_ids)
            rows = db.all(
                "SELECT m.thread_id, count(*) FROM mailbox_item i "  # noqa: S608 (fixed)
                "JOIN message m ON m.seq = i.message_seq "
                f"WHERE i.mailbox_id = ? AND i.folder = ? AND m.thread_id IN ({marks}) "
                "GROUP BY m.thread_id",
                [query.mailbox_id, query.folder, *thread_ids],
            )
        return {str(r[0]): int(r[1]) for r in rows}

    # -- search -----------------------------------------------------------------------------

    def search(self, text: str, limit: int = SEARCH_LIMIT) -> list[InboxRow]:
        """The newest `limit` messages in the user's mailboxes matching every word typed.

        Uses the database's full-text index (FTS5 / tsvector), newest stored first, never a
        scan. Words match as prefixes; a personnummer matches the patient. Text that holds
        no word (only quotes or brackets) finds nothing rather than failing.
        """
        with self.connector.reading() as db:
            return search_rows(db, load_viewer(db, self.login), text, self.clock(), limit)

    # -- changes and the access log -----------------------------------------------------------

    def changes(self) -> ChangeFeed:
        """A feed that reports changes to the user's mailboxes (poll it from a thread)."""
        viewer = self.viewer()
        return change_feed(self.connector.target, viewer.mailbox_ids)

    def log_view(self, mailbox_id: int, folder: str) -> None:
        """Log that the user opened a folder (needs the store: `Messenger.inbox`)."""
        self._audit().viewed(mailbox_id, folder)

    def log_search(self, text: str, hits: int) -> None:
        """Log a search and its number of hits."""
        self._audit().searched(text, hits)

    def _audit(self) -> Any:
        if self._store is None:
            raise RuntimeError("logging needs Inbox.for_store(...) (Messenger.inbox)")
        from fblmail.service.mailboxes.inbox_sync import InboxAudit

        return InboxAudit(self._store, self.clock, self.login)


def orders() -> Sequence[ListOrder]:
    """The orders in the sequence a toggle walks them."""
    return (ListOrder.URGENT, ListOrder.NEWEST, ListOrder.OLDEST)

"""Where the message list gets its rows: a folder (keyset windows) or a fixed set of rows.

Every method here may touch the database, so the list calls them only from thread
workers, never on the event loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from fblmail.service.mailboxes.inbox import Inbox, InboxRow, ListQuery, RowKey
from fblmail.service.views import DraftView
from fblmail.store.query.listing import filter_scans

COUNT_CAP = 1000
"""A filter checked row by row is counted up to here ("1000+"); the rest pages by keyset."""


@dataclass(frozen=True)
class DraftRow:
    """A draft shown in the list (the Drafts folder)."""

    draft: DraftView
    key: RowKey


Row = InboxRow | DraftRow


@dataclass(frozen=True)
class Around:
    """Rows around a key after a reload."""

    start: int  # position of rows[0]
    rows: Sequence[Row]
    total: int
    exact: bool  # False: at least `total` rows (a capped count)
    cursor: int  # position of the key


class Pager(Protocol):
    """Windows of one list."""

    def head(self, limit: int) -> Sequence[Row]:
        """The first rows."""
        ...

    def tail(self, limit: int) -> Sequence[Row]:
        """The last rows, in list order."""
        ...

    def after(self, key: RowKey, limit: int) -> Sequence[Row]:
        """Rows after a key."""
        ...

    def before(self, key: RowKey, limit: int) -> Sequence[Row]:
        """Rows before a key, in list order."""
        ...

    def around(self, key: RowKey, before: int, after: int) -> Around:
        """Rows around the key, where they are, and the total."""
        ...

    def count(self) -> tuple[int, bool]:
        """(rows, exact): a capped count may say "at least"."""
        ...

    def exact_count(self) -> int:
        """The exact number of rows (may read the whole folder: jump to the end only)."""
        ...

    def at(self, offset: int, limit: int) -> Sequence[Row]:
        """Rows from a position (mouse jumps only)."""
        ...


class FolderPager:
    """A folder of a mailbox, paged by keyset through the inbox reader.

    With `ListFilter(threads=True)` each row is a thread's newest message; `sizes` (shared
    with the list, which paints "(3)") learns how many messages each fetched thread has.
    """

    def __init__(
        self, inbox: Inbox, query: ListQuery, sizes: dict[str, int] | None = None
    ) -> None:
        self.inbox = inbox
        self.query = query
        self._cap = COUNT_CAP + 1 if filter_scans(query) else None
        self.sizes = sizes if sizes is not None else {}

    def _sized(self, rows: list[InboxRow]) -> list[InboxRow]:
        if self.query.filter.threads and rows:
            threads = sorted({r.summary.thread_id for r in rows})
            self.sizes.update(self.inbox.thread_sizes(self.query, threads))
        return rows

    def head(self, limit: int) -> Sequence[Row]:
        """The first rows."""
        return self._sized(self.inbox.first(self.query, limit))

    def tail(self, limit: int) -> Sequence[Row]:
        """The last rows (a reverse-order query: nothing in between is read)."""
        return self._sized(self.inbox.last(self.query, limit))

    def after(self, key: RowKey, limit: int) -> Sequence[Row]:
        """Rows after a key."""
        return self._sized(self.inbox.after(self.query, key, limit))

    def before(self, key: RowKey, limit: int) -> Sequence[Row]:
        """Rows before a key."""
        return self._sized(self.inbox.before(self.query, key, limit))

    def around(self, key: RowKey, before: int, after: int) -> Around:
        """Rows around a key, the total and the key's position, in one snapshot."""
        start, rows, total, cursor = self.inbox.around(self.query, key, before, after, self._cap)
        exact = self._cap is None or total < self._cap
        return Around(start, self._sized(rows), total, exact, cursor)

    def count(self) -> tuple[int, bool]:
        """The folder's row count (capped for a filter checked row by row)."""
        total = self.inbox.count(self.query, self._cap)
        return total, self._cap is None or total < self._cap

    def exact_count(self) -> int:
        """The exact count."""
        return self.inbox.count(self.query)

    def at(self, offset: int, limit: int) -> Sequence[Row]:
        """Rows from a position."""
        return self._sized(self.inbox.at_offset(self.query, offset, limit))


class FixedPager:
    """A small list already in memory: search hits, drafts."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = list(rows)

    def _index(self, key: RowKey) -> int:
        for number, row in enumerate(self.rows):
            if row.key == key:
                return number
        return 0

    def head(self, limit: int) -> Sequence[Row]:
        """The first rows."""
        return self.rows[:limit]

    def tail(self, limit: int) -> Sequence[Row]:
        """The last rows."""
        return self.rows[-limit:]

    def after(self, key: RowKey, limit: int) -> Sequence[Row]:
        """Rows after a key."""
        start = self._index(key) + 1
        return self.rows[start : start + limit]

    def before(self, key: RowKey, limit: int) -> Sequence[Row]:
        """Rows before a key."""
        end = self._index(key)
        return self.rows[max(0, end - limit) : end]

    def around(self, key: RowKey, before: int, after: int) -> Around:
        """Everything (it is small)."""
        return Around(0, self.rows, len(self.rows), True, self._index(key))

    def count(self) -> tuple[int, bool]:
        """How many rows."""
        return len(self.rows), True

    def exact_count(self) -> int:
        """How many rows."""
        return len(self.rows)

    def at(self, offset: int, limit: int) -> Sequence[Row]:
        """Rows from a position."""
        return self.rows[offset : offset + limit]

"""The message list's loaded rows: a bounded window onto a list of any length.

Pure bookkeeping, no Textual and no database: where the loaded rows sit in the list,
how long the list is (or at least is), merging fetched rows, dropping far-away ones, and
deciding what to fetch next for a range of positions the screen needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fblmail.tui.widgets.pager import Pager, Row

WINDOW = 200
"""Rows fetched on a first load or a jump."""
FETCH = 200
"""Rows fetched when scrolling reaches the edge of the loaded window."""
MAX_ROWS = 600
"""Rows kept in memory at most (the window slides)."""


@dataclass(frozen=True)
class Fetch:
    """What to fetch: `kind` is after/before (a key), head/tail (an end) or at (a position)."""

    kind: str
    key: Any
    index: int  # after: first new position; before/tail: position after the last new row
    limit: int


class RowWindow:
    """Rows `start .. start+len(rows)` of a list of `total` rows (`exact`: or at least)."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.start = 0
        self.counted: int | None = None  # None until the count arrives
        self.exact = True

    def reset(self, rows: Sequence[Row]) -> None:
        """A new list; a short first window is the whole list."""
        self.rows, self.start, self.exact = list(rows), 0, True
        self.counted = len(self.rows) if rows and len(self.rows) < WINDOW else None

    @property
    def total(self) -> int:
        """The list's length (as counted, or as loaded while the count is on its way)."""
        return self.counted if self.counted is not None else self.start + len(self.rows)

    @property
    def end(self) -> int:
        """The position after the last loaded row."""
        return self.start + len(self.rows)

    def row_at(self, index: int) -> Row | None:
        """The row at a position, if loaded."""
        offset = index - self.start
        if 0 <= offset < len(self.rows) and index < self.total:
            return self.rows[offset]
        return None

    def merge(self, start: int, rows: Sequence[Row], replace: bool, limit: int) -> None:
        """Fetched rows: appended, prepended, or (a jump, a reload) replacing the window."""
        fresh = list(rows)
        if replace:
            self.rows, self.start = fresh, start
            if start == 0 and len(fresh) < limit and self.counted is None:
                self.counted = len(fresh)
        elif start == self.end:
            self.rows.extend(fresh)
            if len(fresh) < limit:  # the list ends here (it may have shrunk meanwhile)
                self.counted, self.exact = self.end, True
            elif not self.exact:  # a capped count: the list is at least this long
                self.counted = max(self.counted or 0, self.end + 1)
        elif start + len(fresh) == self.start:
            self.rows[:0] = fresh
            self.start = start
        else:
            self.rows, self.start = fresh, start

    def trim(self, centre: int) -> None:
        """Keep at most MAX_ROWS rows, around position `centre`."""
        if len(self.rows) <= MAX_ROWS:
            return
        first = max(0, min(centre - self.start - MAX_ROWS // 2, len(self.rows) - MAX_ROWS))
        self.rows = self.rows[first : first + MAX_ROWS]
        self.start += first

    def next_fetch(self, lo: int, hi: int) -> Fetch | None:
        """What to fetch so that positions lo..hi are loaded (None: they are)."""
        if self.counted is None or self.counted == 0:
            return None
        hi = min(hi, self.counted)
        if self.start <= lo and hi <= self.end:
            return None
        if self.rows and self.start <= lo <= self.end < hi:
            return Fetch("after", self.rows[-1].key, self.end, max(FETCH, hi - self.end))
        if self.rows and lo < self.start <= hi <= self.end:
            return Fetch("before", self.rows[0].key, self.start, max(FETCH, self.start - lo))
        if self.exact and hi >= self.counted - WINDOW // 2:
            return Fetch("tail", None, self.counted, WINDOW)  # reverse order: reads the end only
        if lo <= WINDOW // 2:
            return Fetch("head", None, 0, WINDOW)
        return Fetch("at", None, max(0, lo - WINDOW // 4), WINDOW)


def fetch_rows(pager: Pager, fetch: Fetch) -> tuple[int, Sequence[Row]]:
    """Run a fetch (in a worker thread): (position of the first row, the rows)."""
    if fetch.kind == "after":
        return fetch.index, pager.after(fetch.key, fetch.limit)
    if fetch.kind == "before":
        rows = pager.before(fetch.key, fetch.limit)
        return fetch.index - len(rows), rows
    if fetch.kind == "tail":
        rows = pager.tail(fetch.limit)
        return fetch.index - len(rows), rows
    if fetch.kind == "head":
        return 0, pager.head(fetch.limit)
    return fetch.index, pager.at(fetch.index, fetch.limit)

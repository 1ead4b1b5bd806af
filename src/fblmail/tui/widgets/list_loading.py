"""The message list's loading, apart from the widget: what its load worker reads and posts
back (run in the worker thread), where the view scrolls to for a cursor, and the
benchmark's first-paint stamp (`bench/bench_tui.py` sets `FBLMAIL_BENCH_FIRST_PAINT`).

The messages carry the `message_list` namespace, so `MessageList` handles them as
`on_message_list_window_loaded` / `on_message_list_total_loaded`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual.message import Message

from fblmail.tui.widgets.pager import Pager, Row
from fblmail.tui.widgets.row_window import WINDOW

__all__ = ["TotalLoaded", "WindowLoaded", "load_window", "stamp_first_paint", "top_for"]


@dataclass
class WindowLoaded(Message, bubble=False, namespace="message_list"):
    """Internal: rows fetched by a worker."""

    gen: int
    start: int
    rows: Sequence[Row]
    replace: bool
    total: int | None = None
    exact: bool = True
    cursor: int | None = None
    limit: int = 0


@dataclass
class TotalLoaded(Message, bubble=False, namespace="message_list"):
    """Internal: the list's row count."""

    gen: int
    total: int
    exact: bool
    to_end: bool = False


def stamp_first_paint(path: str) -> None:
    """Append the monotonic time of the first painted rows to `path` (a benchmark hook)."""
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"{time.monotonic()}\n")


def load_window(gen: int, pager: Pager, anchor: Any, have_rows: bool) -> list[Message]:
    """A (re)load's messages: the first rows (unless given) and the count, or the window
    around the row with key `anchor`. Reads the store: call it in a worker thread."""
    if anchor is None:
        found: list[Message] = []
        if not have_rows:
            found.append(WindowLoaded(gen, 0, pager.head(WINDOW), True, limit=WINDOW))
        total, exact = pager.count()
        return [*found, TotalLoaded(gen, total, exact)]
    got = pager.around(anchor, WINDOW // 2, WINDOW // 2)
    return [WindowLoaded(gen, got.start, got.rows, True, got.total, got.exact, got.cursor)]


def top_for(index: int, top: int, height: int) -> int:
    """The first visible row that keeps row `index` in a view of `height` rows from `top`."""
    if index < top:
        return index
    if index >= top + height:
        return index - height + 1
    return top

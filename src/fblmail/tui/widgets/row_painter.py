"""Painting the message list's rows as strips, with the caches that keep it cheap.

A row's cell texts are worked out once per load (they depend on the clock: time left), and
its strip once per (row, selected, width, focus); moving the cursor repaints two rows from
these caches, and scrolling only paints the rows that come into view.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from fblmail.i18n import tr
from fblmail.tui.widgets.columns import (
    MARK,
    TAGGED,
    UNREAD,
    draft_cells,
    fit,
    layout,
    message_cells,
    state_cell,
    widths,
)
from fblmail.tui.widgets.pager import DraftRow, Row

CACHE_MAX = 1500

ROW_STYLES = (
    "message-list--cursor", "message-list--unread", "message-list--overdue",
    "message-list--due-soon", "message-list--fyi", "message-list--answered",
    "message-list--placeholder",
)  # fmt: skip
"""The list's component classes (styled in app.tcss) that rows are painted with."""


def identity(row: Row) -> tuple[Any, ...]:
    """What makes a row look the way it does (a change here repaints it)."""
    if isinstance(row, DraftRow):
        return ("d", row.draft.id, row.draft.updated_at)
    summary = row.summary
    return (
        "m", summary.item_id, summary.read, summary.folder, summary.answered_at,
        summary.taken_by_name, summary.writers,
    )  # fmt: skip


class RowPainter:
    """Strips for rows; `style_of(component class)` gives the widget's styles."""

    def __init__(self, style_of: Callable[[str], Style], now: datetime) -> None:
        self.style_of = style_of
        self.now = now
        self._cells: dict[tuple[Any, ...], tuple[list[str], str, bool]] = {}
        self._strips: dict[tuple[Any, ...], Strip] = {}
        self._layout: tuple[int, list[int]] = (-1, [])
        self.thread_sizes: dict[str, int] = {}  # thread id → messages (one row per thread)

    def forget(self, *, now: datetime | None = None) -> None:
        """Drop painted rows (styles or width changed; with `now`, the clock moved too)."""
        self._strips.clear()
        if now is not None:
            self.now = now
            self._cells.clear()

    def strip(
        self, row: Row, selected: bool, width: int, focused: bool, tagged: bool = False
    ) -> Strip:
        """The row as one line of `width` cells (`tagged`: marked with `*`)."""
        key = (*identity(row), selected, width, focused, tagged)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > CACHE_MAX:
                self._strips.clear()
            strip = self._strips[key] = self._paint(row, selected, width, tagged)
        return strip

    def _widths(self, width: int) -> list[int]:
        if self._layout[0] != width:
            self._layout = (width, widths(layout(width)))
        return self._layout[1]

    def cells(self, row: Row) -> tuple[list[str], str, bool]:
        """(cell texts, deadline style class, unread), worked out once per load."""
        key = identity(row)
        cached = self._cells.get(key)
        if cached is not None:
            return cached
        if isinstance(row, DraftRow):
            result = ([tr("✎ utkast", "✎ draft"), *draft_cells(row.draft, self.now)], "", False)
        else:
            summary = row.summary
            state_text, state_class = state_cell(summary, self.now)
            texts = [state_text, *message_cells(summary, self.now)]
            size = self.thread_sizes.get(summary.thread_id, 1)
            if size > 1:
                texts[3] = f"({size}) {texts[3]}"
            result = (texts, state_class, not summary.read)
        if len(self._cells) > CACHE_MAX:
            self._cells.clear()
        self._cells[key] = result
        return result

    def _paint(self, row: Row, selected: bool, width: int, tagged: bool) -> Strip:
        sizes = self._widths(width)
        texts, state_class, unread = self.cells(row)
        style = self.style_of("")
        if unread:
            style += self.style_of("message-list--unread")
        if selected:
            style += self.style_of("message-list--cursor")
        # As few segments as possible (one per style run): every segment costs again in
        # Textual's line pipeline, on every repaint of every row.
        cells = [fit(text, size) + " " for text, size in zip(texts, sizes, strict=True) if size]
        mark = f"{TAGGED if tagged else ' '}{UNREAD if unread else ' '} "
        used = MARK + sum(s + 1 for s in sizes if s)
        tail = "".join(cells[1:]) + " " * max(0, width - used)
        if state_class:
            segments = [
                Segment(mark, style),
                Segment(cells[0], style + self.style_of(state_class)),
                Segment(tail, style),
            ]
        else:
            segments = [Segment(mark + cells[0] + tail, style)]
        return Strip(segments, width).crop(0, width)

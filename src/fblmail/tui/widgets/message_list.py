"""The message list: a virtual list over a mailbox of any size (Textual's Line API).

Only the visible lines are rendered (`render_line`), from a bounded window of rows (at most
`MAX_ROWS`) fetched by keyset in thread workers: the rows after the last loaded one, before
the first, or, for a jump, the first or last `WINDOW` rows of the folder (the last ones by a
reverse-order query, so jumping to the end reads nothing in between). The list's height
comes from one COUNT. Rows not loaded yet show as "…" for the few milliseconds a fetch
takes. A reload after a change re-anchors on the selected row's key, so the same message
stays selected while new mail arrives above it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from fblmail.i18n import tr
from fblmail.tui.bindings import key
from fblmail.tui.widgets.columns import fit
from fblmail.tui.widgets.list_loading import (
    TotalLoaded,
    WindowLoaded,
    load_window,
    stamp_first_paint,
    top_for,
)
from fblmail.tui.widgets.pager import DraftRow, Pager, Row
from fblmail.tui.widgets.row_painter import ROW_STYLES, RowPainter, identity
from fblmail.tui.widgets.row_window import MAX_ROWS, WINDOW, Fetch, RowWindow, fetch_rows

__all__ = ["MAX_ROWS", "WINDOW", "MessageList"]

MARGIN = 50
"""Rows kept loaded beyond the viewport and the cursor on each side."""
_GROUPS = ("list-load", "list-fetch")
FIRST_PAINT_ENV = "FBLMAIL_BENCH_FIRST_PAINT"
"""Benchmark hook: a file to which the monotonic time of the first painted rows is written."""


class MessageList(ScrollView, can_focus=True):
    """A keyboard-driven virtual list of messages (or drafts)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(ROW_STYLES)

    BINDINGS: ClassVar[list[BindingType]] = [
        key("down,j", "cursor_down", "Nästa", "Next", show=False, id="list.down"),
        key("up,k", "cursor_up", "Föregående", "Previous", show=False, id="list.up"),
        key("pagedown", "page_down", "Sida ned", "Page down", show=False, id="list.page_down"),
        key("pageup", "page_up", "Sida upp", "Page up", show=False, id="list.page_up"),
        key("home,g", "first", "Första", "First", show=False, id="list.first"),
        key("end,G", "last", "Sista", "Last", show=False, id="list.last"),
    ]  # fmt: skip

    @dataclass
    class Highlighted(Message):
        """The row under the cursor changed (None: nothing, or not loaded yet).

        `by_user` is True when a key or click moved the cursor, False when a (re)load did.
        """

        row: Row | None
        by_user: bool = False

    @dataclass
    class Loaded(Message):
        """A (re)load finished; `total` rows in the list."""

        total: int

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.header: Widget | None = None
        self.cursor = 0
        self.tagged: frozenset[int] = frozenset()  # mailbox item ids shown with `*`
        self.empty_text = tr("Laddar…", "Loading…")
        self._pager: Pager | None = None
        self._gen = 0
        self._win = RowWindow()
        self._fetching = False
        self._announced: tuple[Any, ...] | None = ("none",)
        self._user_moved = False
        self._anchor_in_flight: Any = None
        self._header_width = -1
        self._styles: dict[str, Style] = {}
        self._painter = RowPainter(self._style, clock())
        self.thread_sizes = self._painter.thread_sizes
        self._stamp_path = os.environ.get(FIRST_PAINT_ENV)

    # -- public ---------------------------------------------------------------------------

    @property
    def pager(self) -> Pager | None:
        """Where the rows come from."""
        return self._pager

    @property
    def total(self) -> int:
        """Rows in the list (as counted, or as loaded while the count is on its way)."""
        return self._win.total

    @property
    def counted(self) -> bool:
        """True once the list's length is known (counted, or the whole list is loaded)."""
        return self._win.counted is not None

    @property
    def exact(self) -> bool:
        """False while the list only knows it has at least `total` rows."""
        return self._win.exact

    @property
    def current(self) -> Row | None:
        """The row under the cursor, if loaded."""
        return self.row_at(self.cursor)

    @property
    def loaded(self) -> tuple[int, int]:
        """The loaded window as (first index, row count)."""
        return self._win.start, len(self._win.rows)

    @property
    def busy(self) -> bool:
        """True while a load or fetch is on its way."""
        return self._fetching

    def row_at(self, index: int) -> Row | None:
        """The row at an index, if loaded."""
        return self._win.row_at(index)

    def show(self, pager: Pager, rows: Sequence[Row] | None = None, empty_text: str = "") -> None:
        """Show another list (first rows may be given); the cursor goes to the top."""
        self._gen += 1
        self._pager = pager
        self._win.reset(rows or [])
        self._anchor_in_flight = None
        self._painter.forget(now=self.clock())
        self.cursor = 0
        self.empty_text = empty_text or tr("Inga meddelanden", "No messages")
        self._fetching = True
        self._set_height()
        self.scroll_to(y=0, animate=False, force=True)
        self.refresh()
        self._announce()
        self._load(self._gen, pager, None, rows is not None)

    def reload(self, anchor: Any = None) -> None:
        """Fetch the window again around the selected row (or the row with key `anchor`)."""
        if self._pager is None:
            return
        self._gen += 1
        rows = self._win.rows
        row = self.current or (rows[-1] if self.cursor >= self.total and rows else None)
        if anchor is None:
            # A reload asked for a row (after an undo) and not landed yet keeps that row.
            anchor = self._anchor_in_flight or (row.key if row is not None else None)
        self._anchor_in_flight = anchor
        self._fetching = True
        now = self.clock()
        if now != self._painter.now:  # times left have moved on: paint every row again
            self._painter.forget(now=now)
        self._load(self._gen, self._pager, anchor, False)

    def replace_row(self, row: Row) -> None:
        """Show a changed copy of a loaded row (e.g. now read) without a fetch."""
        for offset, held in enumerate(self._win.rows):
            if identity(held)[:2] == identity(row)[:2]:
                self._win.rows[offset] = row
                if self._win.start + offset == self.cursor:  # shown already: no new announcement
                    self._announced = identity(row)
                self.refresh_line(self._win.start + offset)
                return

    def move_to(self, index: int) -> None:
        """Put the cursor on a row and scroll it into view."""
        self._move(index)

    # -- workers --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="list-load", exit_on_error=False)
    def _load(self, gen: int, pager: Pager, anchor: Any, have_rows: bool) -> None:
        for message in load_window(gen, pager, anchor, have_rows):
            self.post_message(message)

    @work(thread=True, exclusive=True, group="list-load", exit_on_error=False)
    def _count_to_end(self, gen: int, pager: Pager) -> None:
        self.post_message(TotalLoaded(gen, pager.exact_count(), True, to_end=True))

    @work(thread=True, group="list-fetch", exit_on_error=False)
    def _fetch(self, gen: int, pager: Pager, fetch: Fetch) -> None:
        start, rows = fetch_rows(pager, fetch)
        replace = fetch.kind not in ("after", "before")
        self.post_message(WindowLoaded(gen, start, rows, replace, limit=fetch.limit))

    def on_message_list_window_loaded(self, message: WindowLoaded) -> None:
        """Merge fetched rows into the window."""
        if message.gen != self._gen:
            return
        self._fetching = False
        old_top, old_cursor = int(self.scroll_offset.y), self.cursor
        if message.replace:
            self._painter.forget()
        self._win.merge(message.start, message.rows, message.replace, message.limit)
        if message.total is not None:
            self._win.counted, self._win.exact = message.total, message.exact
        if message.cursor is not None:
            self._anchor_in_flight = None
            self.cursor = max(0, min(message.cursor, self.total - 1))
            self._set_height()
            self.scroll_to(y=max(0, old_top + self.cursor - old_cursor), animate=False, force=True)
        self._win.trim(int(self.scroll_offset.y) + self.size.height // 2)
        self._set_height()
        top = int(self.scroll_offset.y)
        in_view = message.start < top + self.size.height and top < message.start + len(message.rows)
        if message.replace or message.cursor is not None or in_view:
            self.refresh()  # a prefetch beyond the screen repaints nothing
        self._announce()
        if message.total is not None or message.cursor is not None:
            self.post_message(self.Loaded(self.total))
        self._ensure()

    def on_message_list_total_loaded(self, message: TotalLoaded) -> None:
        """The count arrived: size the list."""
        if message.gen != self._gen:
            return
        self._win.counted, self._win.exact = message.total, message.exact
        self._fetching = False
        self._set_height()
        self.refresh()
        self.post_message(self.Loaded(self.total))
        if message.to_end:
            self._move(self.total - 1)
        else:
            self._announce()
            self._ensure()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed fetch must not leave the list waiting forever; the screen says why.

        The message does not bubble, so the failure is handed to the screen's one handler
        (`FblScreen.worker_failed`) by hand.
        """
        if event.worker.group in _GROUPS and event.state in (
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            self._fetching = False
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            report = getattr(self.screen, "worker_failed", None)
            if report is not None:
                report(event.worker.error)

    # -- the window ---------------------------------------------------------------------------

    def _ensure(self) -> None:
        """Fetch what the viewport and cursor need next, one fetch at a time."""
        pager = self._pager
        if pager is None or self._fetching:
            return
        top, height = int(self.scroll_offset.y), max(1, self.size.height)
        lo = max(0, min(top, self.cursor) - MARGIN)
        hi = max(top + height, self.cursor + 1) + MARGIN
        fetch = self._win.next_fetch(lo, hi)
        if fetch is not None:
            self._fetching = True
            self._fetch(self._gen, pager, fetch)

    def _set_height(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.total)

    def _announce(self, by_user: bool = False) -> None:
        row = self.current
        seen = identity(row) if row is not None else ("none",)
        if seen != self._announced:
            self._announced = seen
            self._user_moved = False
            self.post_message(self.Highlighted(row, by_user or self._user_moved))
        elif by_user:
            self._user_moved = True  # the row is not loaded yet: say so when it is

    # -- moving ---------------------------------------------------------------------------

    def _move(self, index: int, top: int | None = None) -> None:
        total = self.total
        if total == 0:
            return
        index = max(0, min(index, total - 1))
        old, self.cursor = self.cursor, index
        current_top = int(self.scroll_offset.y)
        new_top = top_for(index, current_top if top is None else top, max(1, self.size.height))
        if new_top != current_top:
            self.scroll_to(y=new_top, animate=False, force=True)
        else:
            self.refresh_line(old)
            self.refresh_line(index)
        self._ensure()
        self._announce(by_user=True)

    def action_cursor_down(self) -> None:
        """Next row."""
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        """Previous row."""
        self._move(self.cursor - 1)

    def action_page_down(self) -> None:
        """One screenful down."""
        page = max(1, self.size.height - 1)
        self._move(self.cursor + page, int(self.scroll_offset.y) + page)

    def action_page_up(self) -> None:
        """One screenful up."""
        page = max(1, self.size.height - 1)
        self._move(self.cursor - page, max(0, int(self.scroll_offset.y) - page))

    def action_first(self) -> None:
        """The first row."""
        self._move(0)

    def action_last(self) -> None:
        """The last row (fetched from the end, nothing in between is read)."""
        if not self._win.exact and self._pager is not None and not self._fetching:
            self._fetching = True  # count the whole (filtered) list first, then jump
            self._count_to_end(self._gen, self._pager)
            return
        self._move(self.total - 1)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Mouse wheel or scrollbar: load what comes into view."""
        super().watch_scroll_y(old_value, new_value)
        self._ensure()

    def notify_style_update(self) -> None:
        """Theme, CSS or focus changed: styles and painted rows are stale."""
        super().notify_style_update()
        self._styles.clear()
        self._painter.forget()

    def _style(self, name: str) -> Style:
        """A component style on top of the widget's own (cached: this runs for every line)."""
        style = self._styles.get(name)
        if style is None:
            base = self.rich_style
            style = base if name == "" else base + self.get_component_rich_style(name)
            self._styles[name] = style
        return style

    def on_resize(self, event: events.Resize) -> None:
        """New width: column layout changes."""
        self._painter.forget()
        self._set_height()
        self.call_after_refresh(self._set_height)  # the scrollbar is settled by then

    def on_click(self, event: events.Click) -> None:
        """Click selects a row."""
        self._move(int(self.scroll_offset.y) + event.y)

    # -- painting ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """One visible line: a row, a placeholder while it loads, or blank."""
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if width != self._header_width and self.header is not None:
            self._header_width = width  # the scrollbar came or went: the columns moved
            self.header.refresh()
        base = self._style("")
        if self.total == 0:
            if y == 0:
                return Strip([Segment(fit(self.empty_text, width), base)], width)
            return Strip.blank(width, base)
        if index >= self.total:
            return Strip.blank(width, base)
        row = self.row_at(index)
        if row is None:
            style = self._style("message-list--placeholder")
            return Strip([Segment(fit("  …", width), style)], width)
        tagged = not isinstance(row, DraftRow) and row.summary.item_id in self.tagged
        strip = self._painter.strip(row, index == self.cursor, width, self.has_focus, tagged)
        if self._stamp_path:  # the benchmark's hook: once, after the first rows are painted
            path, self._stamp_path = self._stamp_path, None
            self.call_after_refresh(stamp_first_paint, path)
        return strip

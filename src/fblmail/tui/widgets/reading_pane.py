"""The reading pane under the list: the selected message's header at once, its body after
the selection has rested a moment (a logged read; whether it also marks the message read
is the inbox's rule, `inbox/reading.py`), so merely scrolling past a message does neither.

The header has a fixed height, so showing the next message's header while the user moves
through the list repaints five lines and never re-lays out the screen (that is what keeps
a key press cheap); only opening a body changes the pane's size.
"""

from __future__ import annotations

from datetime import datetime

from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from fblmail.service.views import DraftView, MessageDetail, MessageSummary
from fblmail.tui.widgets.message_view import body_block, draft_block, summary_header

HEAD_LINES = 5


class PaneHead(Widget):
    """The header lines, painted line by line (no text layout: this runs on every key)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Content] = []
        self._strips: dict[int, Strip] = {}

    def show(self, content: Content) -> None:
        """New header text (several lines)."""
        self._lines = content.split("\n")
        self._strips.clear()
        self.refresh()

    @property
    def text(self) -> str:
        """The header as plain text."""
        return "\n".join(line.plain for line in self._lines)

    def render_line(self, y: int) -> Strip:
        """One header line, cut to the width."""
        width = self.size.width
        strip = self._strips.get(y)
        if strip is None or strip.cell_length != width:
            base, style = self.visual_style, self.rich_style
            if y < len(self._lines):
                pieces = self._lines[y].render(base, "", self._get_style)
                segments = [Segment(text, part.rich_style) for text, part in pieces]
                strip = Strip(segments).adjust_cell_length(width, style)
            else:
                strip = Strip([Segment(" " * width, style)], width)
            self._strips[y] = strip
        return strip


class ReadingPane(VerticalScroll, can_focus=False):
    """Shows one message (or draft) as data."""

    _body_shown = False
    _detail: MessageDetail | None = None

    def compose(self) -> ComposeResult:
        """A fixed-height header and the body."""
        yield PaneHead(id="pane-head")
        yield Static(Content(""), id="pane-body")

    def _head(self, content: Content) -> None:
        self.query_one("#pane-head", PaneHead).show(content)

    def _body(self, content: Content) -> None:
        if not content.plain and not self._body_shown:
            return  # already empty: no repaint, no layout
        self._body_shown = bool(content.plain)
        self.query_one("#pane-body", Static).update(content)

    def show_summary(self, summary: MessageSummary, now: datetime) -> None:
        """The header only (the body follows when the selection rests)."""
        self._detail = None
        self._head(summary_header(summary, now))
        self._body(Content(""))
        self.scroll_home(animate=False)

    def show_detail(
        self, detail: MessageDetail, now: datetime, note: Content | None = None
    ) -> None:
        """The whole message; `note` (when it counts as read) instead of the rule."""
        self._detail = detail
        self._head(summary_header(detail.summary, now, detail.sender_person))
        self._body(body_block(detail, first_line=note))

    def show_note(self, note: Content) -> None:
        """A new note over the body shown (e.g. it has just been marked read)."""
        if self._detail is not None:
            self._body(body_block(self._detail, first_line=note))

    def show_draft(self, draft: DraftView) -> None:
        """A draft's fields."""
        self._detail = None
        head, body = draft_block(draft)
        self._head(head)
        self._body(body)
        self.scroll_home(animate=False)

    def show_text(self, text: str) -> None:
        """A line of our own (not user text): "no message selected" and the like."""
        self._head(Content(text))
        self._body(Content(""))

"""The list's column header and the status line under the list."""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from fblmail.tui.widgets.columns import MARK, fit, header_cells, layout, widths


class ListHeader(Widget):
    """Column titles, laid out exactly like the rows of the list it heads."""

    DEFAULT_CSS = """
    ListHeader { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.content_width: Callable[[], int] | None = None

    def render_line(self, y: int) -> Strip:
        """The one header line."""
        width = self.size.width
        style = self.rich_style
        if y:
            return Strip.blank(width, style)
        # The columns of the list below (whose scrollbar may take a cell).
        lay = layout(self.content_width() if self.content_width else width)
        segments = [Segment(" " * MARK, style)]
        for title, size in zip(header_cells(), widths(lay), strict=True):
            if size:
                segments.append(Segment(fit(title, size) + " ", style))
        return Strip(segments).adjust_cell_length(width, style)


class StatusLine(Static):
    """Where we are (mailbox, folder, order, filter, hits) and how many rows there are."""

    def show(self, *parts: str) -> None:
        """Our own words, joined; user text (search words) must come through `safe`."""
        self.update(Content("  ·  ".join(p for p in parts if p)))

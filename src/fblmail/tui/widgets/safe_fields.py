r"""Editable fields that never let a control character reach the terminal.

Textual's `Input` and `TextArea` draw their text as it is: an ESC, a C1 CSI or a bidi
override in the value goes straight to the terminal (Textual's `Content` drops only BEL,
BS, VT, FF and CR, which would silently eat them). Typed keys cannot produce such
characters (`Key.is_printable` is false for them), but a paste or a value loaded from the
store can. These subclasses turn every inserted text into its visible form first
(`fblmail.domain.safe_text.visible`: ESC becomes the four characters `\x1b`), so nothing
is eaten and nothing drives the terminal; what is shown is exactly what will be sent.

Line breaks are not control characters to escape: terminals send CR between pasted lines,
so in the body CR and CRLF become newlines, and in a one-line field a pasted line break
becomes a space (the whole paste is kept, on one line).

Text shown outside editable fields goes through `fblmail.tui.safe` instead.
"""

from __future__ import annotations

import re

from textual import events
from textual.content import Content
from textual.widgets import Input, TextArea
from textual.widgets.text_area import EditResult, Location

from fblmail.domain.safe_text import visible
from fblmail.tui import safe

__all__ = ["SafeInput", "SafeTextArea", "data_line", "data_text", "one_line", "with_newlines"]

_BREAK = re.compile(r"\r\n?|\n")


def with_newlines(text: str) -> str:
    """CR and CRLF (a terminal's pasted line breaks) as newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def one_line(text: str) -> str:
    """Line breaks (CR, LF, CRLF) as single spaces, for a one-line field."""
    return _BREAK.sub(" ", text)


def data_text(text: str | None, style: str = "") -> Content:
    """User text (several lines) as data; the same as `fblmail.tui.safe.block`."""
    return safe.block(text, style)


def data_line(text: str | None, limit: int | None = None, style: str = "") -> Content:
    """User text on one line as data; the same as `fblmail.tui.safe.line`."""
    return safe.line(text, limit, style)


class SafeInput(Input):
    """An `Input` whose every insertion (typing, paste, API) is made visible first."""

    def validate_value(self, value: str) -> str:
        """Every value assigned (also `Input(value=...)`) is shown as data."""
        return visible(value)

    def replace(self, text: str, start: int, end: int) -> None:
        """Replace a range; control characters in `text` become visible escapes."""
        super().replace(visible(text), start, end)

    def _on_paste(self, event: events.Paste) -> None:
        """A pasted text on one line: its line breaks become spaces (Textual keeps only the
        first line)."""
        event.stop()
        event.prevent_default()  # Input's own handler would insert the first line again
        if not event.text:
            return
        line = one_line(event.text.strip("\r\n"))
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(line)
        else:
            self.replace(line, *selection)


class SafeTextArea(TextArea):
    """A `TextArea` whose every insertion (typing, paste, API) is made visible first."""

    def __init__(self, text: str = "", **kwargs: object) -> None:
        super().__init__(visible(with_newlines(text)), **kwargs)  # type: ignore[arg-type]

    def load_text(self, text: str) -> None:
        """Replace the whole text (also `area.text = ...`), shown as data."""
        super().load_text(visible(with_newlines(text)))

    def replace(
        self,
        insert: str,
        start: Location,
        end: Location,
        *,
        maintain_selection_offset: bool = True,
    ) -> EditResult:
        """Replace a range; CR/CRLF become newlines, other control characters visible escapes."""
        return super().replace(
            visible(with_newlines(insert)),
            start,
            end,
            maintain_selection_offset=maintain_selection_offset,
        )

r"""User text on screen: always data, never markup, never a control character.

Everything other people typed (subjects, bodies, names, journal titles, forward notes,
search text) goes through these helpers before it reaches a widget:

* it is wrapped in `Content(...)` / `Text(...)` or a plain `Segment`, never parsed as
  markup, so `[TODO] x` stays visible and `[@click=app.quit]` is just text;
* control and format characters become visible escapes (`fblmail.domain.safe_text`), so
  an ESC, OSC 52, a C1 CSI or a bidi override cannot drive the terminal.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from fblmail.domain.safe_text import one_line, visible

__all__ = ["block", "cell", "line", "plain_line", "rich_line"]


def block(text: str | None, style: str = "") -> Content:
    """Several lines of user text (a message body) as data."""
    shown = visible(text or "")
    return Content.styled(shown, style) if style else Content(shown)


def line(text: str | None, limit: int | None = None, style: str = "") -> Content:
    """User text on one line (line breaks shown as ⏎), cut to `limit` characters."""
    shown = one_line(text or "", limit)
    return Content.styled(shown, style) if style else Content(shown)


def plain_line(text: str | None, limit: int | None = None) -> str:
    """User text on one line as a plain string, for places that take no Content.

    Only for APIs that treat their argument as plain text (a `Segment`, `notify(...,
    markup=False)`, a `Text`); never pass the result where markup is parsed.
    """
    return one_line(text or "", limit)


def rich_line(text: str | None, style: str = "") -> Text:
    """User text on one line as a Rich `Text` (for Tree labels, which parse a str as markup)."""
    return Text(one_line(text or ""), style=style, no_wrap=True, end="")


def cell(text: str | None) -> str:
    """Alias of `plain_line` for table cells rendered as plain segments."""
    return one_line(text or "")

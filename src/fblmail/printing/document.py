"""What a printout contains, independent of its format, and the plain-text renderer."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from fblmail.domain.safe_text import visible

MARK = "ARBETSUNDERLAG – förstörs när ärendet är avslutat"
"""R16: on every page of every printout."""

REMINDER_SV = (
    "Påminnelse (rutinen): vidarebefordra hellre meddelandet till en persons personliga "
    "brevlåda än skriv ut det. En utskrift är arbetsunderlag och ska förstöras när ärendet "
    "är avslutat."
)
REMINDER_EN = (
    "Reminder (the routine): forwarding the message to a person's personal mailbox is "
    "preferred to printing it. A printout is working material and must be destroyed when "
    "the case is closed."
)

TEXT_WIDTH = 78
TEXT_PAGE_LINES = 60


@dataclass(frozen=True)
class PrintedMessage:
    """One message of the printed thread; every field already formatted for paper."""

    heading: str
    fields: tuple[tuple[str, str], ...]
    body: str


@dataclass(frozen=True)
class PrintDocument:
    """A printout: who printed what and when, and the messages oldest first."""

    title: str
    printed_by: str
    printed_at: str
    printout_no: int
    messages: tuple[PrintedMessage, ...]

    def intro(self) -> tuple[str, ...]:
        """The lines under the title."""
        return (
            f"Utskriven av: {self.printed_by}",
            f"Utskriven: {self.printed_at}   Utskrift nr {self.printout_no}",
        )


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for raw in visible(text).split("\n"):
        raw = raw.replace("\t", "    ")
        wrapped = textwrap.wrap(
            raw, width, break_long_words=True, replace_whitespace=False, drop_whitespace=True
        )
        lines.extend(wrapped or [""])
    return lines


def content_lines(doc: PrintDocument, width: int = TEXT_WIDTH) -> list[str]:
    """The document as plain lines (user text with control characters made visible)."""
    lines = [*_wrap(doc.title, width), *doc.intro(), ""]
    for message in doc.messages:
        lines.append("=" * min(width, 60))
        lines.extend(_wrap(message.heading, width))
        for label, value in message.fields:
            lines.extend(_wrap(f"{label}: {value}", width))
        lines.append("-" * min(width, 60))
        lines.extend(_wrap(message.body, width))
        lines.append("")
    return lines


def render_text(
    doc: PrintDocument, *, page_lines: int = TEXT_PAGE_LINES, width: int = TEXT_WIDTH
) -> tuple[str, int]:
    """Plain text in pages of `page_lines` lines separated by form feeds.

    Each page starts with the mark and ends with it (and the page number), so the first and
    last lines of the whole printout are the mark too.
    """
    if page_lines < 6:
        raise ValueError("a text page needs at least 6 lines")
    per_page = page_lines - 4  # mark, blank ... blank, mark
    body = content_lines(doc, width)
    chunks = [body[i : i + per_page] for i in range(0, len(body), per_page)] or [[]]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        footer = f"{MARK} · sida {number} av {len(chunks)}"
        pages.append("\n".join([MARK, "", *chunk, "", footer]))
    return "\f\n".join(pages) + "\n", len(chunks)

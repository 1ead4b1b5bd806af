"""Paging and searching in the reader: Space/b a screen down/up, g/G top/end, `/` finds a
word in the thread (every hit marked, the current one brighter), n/N go to the next and
previous hit. Like a pager (less, mutt): nothing here touches the store.

`ThreadPager` is a collaborator of `ReaderScreen`, not a screen: it is given the thread's
scroll view and text widget, the screen's `notify`, and a way to mount its search field;
the screen's keys (`PAGER_KEYS` among them) hand the work to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static

from fblmail.i18n import plural, quoted, tr
from fblmail.tui.bindings import key
from fblmail.tui.safe import plain_line

FIND_FIELD = "find"
"""The id of the search field (made on first use, under the thread)."""
HIT = "reverse"
CURRENT_HIT = "bold reverse $warning"


def _k(keys: str, action: str, sv: str, en: str, *, show: bool = False) -> BindingType:
    return key(keys, action, sv, en, show=show, id=f"reader.{action}")


def find_all(text: str, needle: str) -> list[int]:
    """Where `needle` starts in `text`, ignoring case (no overlaps)."""
    if not needle:
        return []
    haystack, wanted = text.casefold(), needle.casefold()
    if len(haystack) != len(text):  # casefold changed the length (ß → ss): lower() instead
        haystack, wanted = text.lower(), needle.lower()
    hits, at = [], haystack.find(wanted)
    while at >= 0 and len(haystack) == len(text):
        hits.append(at)
        at = haystack.find(wanted, at + max(1, len(wanted)))
    return hits


PAGER_KEYS: list[BindingType] = [
    _k("j,down", "scroll_down", "Rulla ned", "Scroll down"),
    _k("k,up", "scroll_up", "Rulla upp", "Scroll up"),
    _k("space,pagedown", "page_down", "Sida ned", "Page down"),
    _k("b,shift+space,pageup", "page_up", "Sida upp", "Page up"),
    _k("g,home", "top", "Början", "Top"),
    _k("G,end", "bottom", "Slutet", "End"),
    _k("n", "next_hit", "Nästa träff", "Next hit"),
    _k("N", "previous_hit", "Förra träffen", "Previous hit"),
]
"""The pager's keys, part of `ReaderScreen.BINDINGS` (the words are chosen at start-up)."""


class ThreadPager:
    """Paging through the thread and finding words in it."""

    def __init__(
        self,
        scroll: VerticalScroll,
        text: Static,
        notify: Callable[..., Any],
        mount_field: Callable[[Widget], object],
    ) -> None:
        self.scroll = scroll
        self.text = text
        self._notify = notify
        self._mount_field = mount_field  # under the thread
        self._field: Input | None = None
        self._content = Content("")
        self.needle = ""
        self.hits: list[int] = []
        self.hit = 0

    # -- paging -----------------------------------------------------------------------------

    def scroll_down(self) -> None:
        """One line down."""
        self.scroll.scroll_down(animate=False)

    def scroll_up(self) -> None:
        """One line up."""
        self.scroll.scroll_up(animate=False)

    def page_down(self) -> None:
        """A screenful down."""
        self.scroll.scroll_page_down(animate=False)

    def page_up(self) -> None:
        """A screenful up."""
        self.scroll.scroll_page_up(animate=False)

    def top(self) -> None:
        """The beginning of the thread."""
        self.scroll.scroll_home(animate=False)

    def bottom(self) -> None:
        """The end of the thread."""
        self.scroll.scroll_end(animate=False)

    # -- finding ----------------------------------------------------------------------------

    def show(self, text: Content) -> None:
        """The thread's text (marks the hits of a search already made)."""
        self._content = text
        self.hits = find_all(text.plain, self.needle)
        self.hit = min(self.hit, max(0, len(self.hits) - 1))
        self._paint()

    def open_field(self) -> None:
        """Show the search field under the thread."""
        if self._field is None:
            from fblmail.tui.widgets.safe_fields import SafeInput

            placeholder = tr("Sök i tråden (Enter söker, Esc avbryter)",
                             "Find in the thread (Enter finds, Esc cancels)")  # fmt: skip
            self._field = SafeInput(placeholder=placeholder, id=FIND_FIELD)
            self._mount_field(self._field)
        self._field.display = True
        self._field.focus()

    def close_field(self) -> bool:
        """Hide the search field if it is open (Escape); True if it was."""
        if self._field is None or not self._field.display:
            return False
        self._field.display = False
        self.scroll.focus()
        return True

    def submitted(self, event: Input.Submitted) -> None:
        """Enter: mark every hit and go to the first."""
        event.stop()
        self.close_field()
        self.needle = event.value.strip()
        self.hits = find_all(self._content.plain, self.needle)
        self.hit = 0
        self._paint()
        self._say()

    def step(self, step: int) -> None:
        """The next (1) or previous (-1) hit, round the ends."""
        if not self.hits:
            self._notify(tr("Inga träffar – tryck / för att söka.",
                            "No hits – press / to find."), markup=False)  # fmt: skip
            return
        self.hit = (self.hit + step) % len(self.hits)
        self._paint()
        self._say()

    def _say(self) -> None:
        shown = plain_line(self.needle, 40)
        if not self.hits:
            self._notify(tr(f"Inga träffar på {quoted(shown)}.", f"No hits for {quoted(shown)}."),
                         markup=False)  # fmt: skip
            return
        count = plural(len(self.hits), "träff", "träffar", "hit", "hits")
        self._notify(
            tr(f"{quoted(shown)}: {count}, träff {self.hit + 1} · n/N bläddrar",
               f"{quoted(shown)}: {count}, hit {self.hit + 1} · n/N step"),
            markup=False, timeout=3,
        )  # fmt: skip

    def _paint(self) -> None:
        text, size = self._content, len(self.needle)
        for number, start in enumerate(self.hits):
            style = CURRENT_HIT if number == self.hit else HIT
            text = text.stylize(style, start, start + size)
        self.text.update(text)
        if self.hits:
            self.text.call_after_refresh(self._scroll_to_hit)

    def hit_line(self, width: int) -> int:
        """The screen line (of the thread text wrapped at `width`) of the current hit."""
        if not self.hits:
            return 0
        before = self._content[: self.hits[self.hit] + 1]
        return max(0, len(before.wrap(max(1, width))) - 1)

    def _scroll_to_hit(self) -> None:
        line = self.hit_line(self.text.content_region.width)
        self.scroll.scroll_to(y=max(0, line - self.scroll.size.height // 3), animate=False)

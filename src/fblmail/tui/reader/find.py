"""Paging and searching in the reader: Space/b a screen down/up, g/G top/end, `/` finds a
word in the thread (every hit marked, the current one brighter), n/N go to the next and
previous hit. Like a pager (less, mutt): nothing here touches the store.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, Static

from fblmail.i18n import plural, quoted, tr
from fblmail.tui.base import FblScreen
from fblmail.tui.bindings import key
from fblmail.tui.safe import plain_line

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


class ReaderFind(FblScreen[None]):
    """The pager half of the reader (the screen itself is `ReaderScreen`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        _k("j,down", "scroll_down", "Rulla ned", "Scroll down"),
        _k("k,up", "scroll_up", "Rulla upp", "Scroll up"),
        _k("space,pagedown", "page_down", "Sida ned", "Page down"),
        _k("b,shift+space,pageup", "page_up", "Sida upp", "Page up"),
        _k("g,home", "top", "Början", "Top"),
        _k("G,end", "bottom", "Slutet", "End"),
        _k("n", "next_hit", "Nästa träff", "Next hit"),
        _k("N", "previous_hit", "Förra träffen", "Previous hit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._text = Content("")
        self._needle = ""
        self._hits: list[int] = []
        self._hit = 0

    # -- paging -----------------------------------------------------------------------------

    def _thread(self) -> VerticalScroll:
        return self.query_one("#thread", VerticalScroll)

    def action_scroll_down(self) -> None:
        """One line down."""
        self._thread().scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        """One line up."""
        self._thread().scroll_up(animate=False)

    def action_page_down(self) -> None:
        """A screenful down."""
        self._thread().scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        """A screenful up."""
        self._thread().scroll_page_up(animate=False)

    def action_top(self) -> None:
        """The beginning of the thread."""
        self._thread().scroll_home(animate=False)

    def action_bottom(self) -> None:
        """The end of the thread."""
        self._thread().scroll_end(animate=False)

    # -- finding ----------------------------------------------------------------------------

    def show_thread_text(self, text: Content) -> None:
        """The thread's text (marks the hits of a search already made)."""
        self._text = text
        self._hits = find_all(text.plain, self._needle)
        self._hit = min(self._hit, max(0, len(self._hits) - 1))
        self._paint()

    def action_find(self) -> None:
        """Show the search field under the thread."""
        from fblmail.tui.widgets.safe_fields import SafeInput

        field = next(self.query("#find").results(Input), None)
        if field is None:
            placeholder = tr("Sök i tråden (Enter söker, Esc avbryter)",
                             "Find in the thread (Enter finds, Esc cancels)")  # fmt: skip
            field = SafeInput(placeholder=placeholder, id="find")
            self.mount(field, after=self._thread())
        field.display = True
        field.focus()

    def close_find(self) -> bool:
        """Hide the search field if it is open (Escape); True if it was."""
        field = next(self.query("#find").results(Input), None)
        if field is None or not field.display:
            return False
        field.display = False
        self._thread().focus()
        return True

    @on(Input.Submitted, "#find")
    def find_submitted(self, event: Input.Submitted) -> None:
        """Enter: mark every hit and go to the first."""
        event.stop()
        self.close_find()
        self._needle = event.value.strip()
        self._hits = find_all(self._text.plain, self._needle)
        self._hit = 0
        self._paint()
        self._say()

    def action_next_hit(self) -> None:
        """The next hit (round to the first after the last)."""
        self._step(1)

    def action_previous_hit(self) -> None:
        """The previous hit."""
        self._step(-1)

    def _step(self, step: int) -> None:
        if not self._hits:
            self.notify(tr("Inga träffar – tryck / för att söka.",
                           "No hits – press / to find."), markup=False)  # fmt: skip
            return
        self._hit = (self._hit + step) % len(self._hits)
        self._paint()
        self._say()

    def _say(self) -> None:
        shown = plain_line(self._needle, 40)
        if not self._hits:
            self.notify(tr(f"Inga träffar på {quoted(shown)}.", f"No hits for {quoted(shown)}."),
                        markup=False)  # fmt: skip
            return
        count = plural(len(self._hits), "träff", "träffar", "hit", "hits")
        self.notify(
            tr(f"{quoted(shown)}: {count}, träff {self._hit + 1} · n/N bläddrar",
               f"{quoted(shown)}: {count}, hit {self._hit + 1} · n/N step"),
            markup=False, timeout=3,
        )  # fmt: skip

    def _paint(self) -> None:
        text, size = self._text, len(self._needle)
        for number, start in enumerate(self._hits):
            style = CURRENT_HIT if number == self._hit else HIT
            text = text.stylize(style, start, start + size)
        self.query_one("#thread-text", Static).update(text)
        if self._hits:
            self.call_after_refresh(self._scroll_to_hit)

    def hit_line(self, width: int) -> int:
        """The screen line (of the thread text wrapped at `width`) of the current hit."""
        if not self._hits:
            return 0
        before = self._text[: self._hits[self._hit] + 1]
        return max(0, len(before.wrap(max(1, width))) - 1)

    def _scroll_to_hit(self) -> None:
        static = self.query_one("#thread-text", Static)
        line = self.hit_line(static.content_region.width)
        thread = self._thread()
        thread.scroll_to(y=max(0, line - thread.size.height // 3), animate=False)

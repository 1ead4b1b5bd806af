"""The To field: the sender's preset list first, then the global address list (R5).

One text input with a short list under it. Typing filters both lists (any part of the FBL
name, the unit's name or code); Up/Down move in the list and Enter picks, so the field is
complete from the keyboard and Tab still goes on to the next field. Unit and FBL names come
from the directory file, so they are shown as data (never markup).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from fblmail.i18n import tr
from fblmail.service.views import UnitView
from fblmail.tui import safe
from fblmail.tui.bindings import key
from fblmail.tui.widgets.safe_fields import SafeInput

__all__ = ["RecipientPicker"]


def _key(text: str) -> str:
    return text.casefold().strip()


class RecipientPicker(Vertical):
    """Pick the recipient FBL: presets first, then the rest, filtered as you type."""

    DEFAULT_CSS = """
    RecipientPicker {
        height: auto;
        & > OptionList {
            height: auto;
            max-height: 7;
            border: none;
            padding: 0;
            background: $surface;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        key("down", "move(1)", "Nästa mottagare", "Next recipient",
            "Flytta ned i mottagarlistan", "Move down the recipient list", show=False,
            id="compose.recipient_down"),
        key("up", "move(-1)", "Föregående mottagare", "Previous recipient",
            "Flytta upp i mottagarlistan", "Move up the recipient list", show=False,
            id="compose.recipient_up"),
    ]  # fmt: skip

    value: reactive[str] = reactive("", init=False)
    """The chosen FBL address, or the text as typed when nothing matches exactly."""

    @dataclass
    class Chosen(Message):
        """The user picked a recipient from the list."""

        picker: RecipientPicker
        address: str

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = value
        self._preset: list[UnitView] = []
        self._rest: list[UnitView] = []
        self._by_option: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        """The search input and the list under it."""
        yield SafeInput(
            self._initial,
            placeholder=tr(
                "Skriv för att söka mottagare, ↑↓ och Enter för att välja",
                "Type to search recipients, ↑↓ and Enter to choose",
            ),
            id="to",
            compact=True,
            select_on_focus=False,  # a stray key must not wipe a filled field
        )
        options = OptionList(id="to-options", markup=False, compact=True)
        options.can_focus = False
        yield options

    def on_mount(self) -> None:
        """The list shows only while the field is being filled in."""
        self.query_one("#to-options", OptionList).display = False

    def on_descendant_focus(self) -> None:
        """Entering the field opens the list (`:focus-within` does not restyle children)."""
        self.query_one("#to-options", OptionList).display = True

    def on_descendant_blur(self) -> None:
        """Leaving the field closes the list."""
        self.query_one("#to-options", OptionList).display = False

    @property
    def input(self) -> Input:
        """The search/typed text input."""
        return self.query_one("#to", Input)

    @property
    def addresses(self) -> list[str]:
        """Every FBL offered, presets first."""
        return [u.fbl for u in self._preset] + [u.fbl for u in self._rest]

    @property
    def preset_addresses(self) -> list[str]:
        """The sender's preset list (R5), in order."""
        return [u.fbl for u in self._preset]

    def set_units(self, preset: list[UnitView], rest: list[UnitView]) -> None:
        """Offer these recipients (from `Messenger.directory.recipients_for`)."""
        self._preset, self._rest = list(preset), list(rest)
        self._refilter(self.input.value)
        self.value = self._resolve(self.input.value)

    def _matches(self, unit: UnitView, query: str) -> bool:
        return not query or any(query in _key(t) for t in (unit.fbl, unit.name, unit.code))

    def _refilter(self, text: str) -> None:
        query = _key(text)
        if query and any(_key(a) == query for a in self.addresses):
            query = ""  # a chosen address shows the whole list again, with it highlighted
        groups = (
            (tr("Förvalslista", "Preset list"), self._preset),
            (tr("Globala adresslistan", "Global address list"), self._rest),
        )
        options: list[Option | None] = []
        self._by_option = {}
        for heading, units in groups:
            matching = [u for u in units if self._matches(u, query)]
            if not matching:
                continue
            options.append(Option(Content.styled(heading, "bold"), disabled=True))
            for unit in matching:
                option_id = f"o{len(self._by_option)}"
                self._by_option[option_id] = unit.fbl
                options.append(Option(safe.line(unit.fbl), id=option_id))
        if not options:
            options.append(
                Option(tr("Ingen mottagare matchar", "No recipient matches"), disabled=True)
            )
        option_list = self.query_one("#to-options", OptionList)
        option_list.set_options(options)
        wanted = _key(text)
        chosen = next(
            (i for i, o in enumerate(options) if o and _key(self._address_of(o) or "") == wanted),
            None,
        )
        first = next((i for i, o in enumerate(options) if o and not o.disabled), None)
        option_list.highlighted = chosen if chosen is not None else first

    def _address_of(self, option: Option) -> str | None:
        return self._by_option.get(option.id or "")

    def _resolve(self, text: str) -> str:
        wanted = _key(text)
        for address in self.addresses:
            if _key(address) == wanted:
                return address
        return text.strip()

    @on(Input.Changed, "#to")
    def _typed(self, event: Input.Changed) -> None:
        self._refilter(event.value)
        self.value = self._resolve(event.value)

    def action_move(self, step: int) -> None:
        """Move the highlight in the list."""
        option_list = self.query_one("#to-options", OptionList)
        if step > 0:
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    @on(Input.Submitted, "#to")
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.choose_highlighted()

    @on(OptionList.OptionSelected, "#to-options")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose_highlighted()

    def choose_highlighted(self) -> None:
        """Take the highlighted recipient into the field."""
        option = self.query_one("#to-options", OptionList).highlighted_option
        address = self._address_of(option) if option is not None else None
        if address is None:
            return
        self.choose(address)

    def choose(self, address: str) -> None:
        """Set the recipient (also used to restore a draft)."""
        self.input.value = address
        self.input.cursor_position = len(address)
        self.value = address
        self.post_message(self.Chosen(self, address))

"""A small modal choice: move to which folder, filter by what.

`ChoiceDialog(title, options)` dismisses with the chosen option's value or None (Escape).
Options are our own words (folder and category names), shown as plain Content.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from fblmail.i18n import tr
from fblmail.present import folder_name
from fblmail.tui.base import FblModalScreen
from fblmail.tui.bindings import key


class ChoiceDialog(FblModalScreen[str | None]):
    """Pick one of a few options with the arrow keys and Enter."""

    CSS_PATH = "choice_dialog.tcss"
    HELP_TITLE = ("Val i en lista (flytta, filter)", "Choosing from a list (move, filter)")

    BINDINGS: ClassVar[list[BindingType]] = [
        key("escape,q", "cancel", "Avbryt", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, title: str, options: Sequence[tuple[str, str]], current: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.current = current

    def compose(self) -> ComposeResult:
        """Title and the options."""
        with Vertical():
            yield Label(Content(self.title_text), classes="dialog-title")
            yield OptionList(
                *(Option(Content(text), id=value) for value, text in self.options),
                id="choices",
            )

    def on_mount(self) -> None:
        """Start on the current choice."""
        choices = self.query_one("#choices", OptionList)
        values = [v for v, _ in self.options]
        choices.highlighted = values.index(self.current) if self.current in values else 0
        choices.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on an option."""
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without a choice."""
        self.dismiss(None)


def move_dialog(current_folder: str) -> ChoiceDialog:
    """Where to move a message: the other folders (drafts are not a place for messages)."""
    options = [(f, folder_name(f)) for f in ("inbox", "sent", "trash") if f != current_folder]
    return ChoiceDialog(tr("Flytta till mapp", "Move to folder"), options)

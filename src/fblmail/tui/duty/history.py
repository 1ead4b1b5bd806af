"""The check history in the app: days × förmiddag/eftermiddag per FBL, missed ones in red.

The same service as `fblmail check history` (no patient data, not logged).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Static

from fblmail.i18n import tr
from fblmail.present import day_label
from fblmail.present.check import STYLES, missed_checks, slot_parts
from fblmail.service.duty.shifts import CheckHistory, MailboxHistory, SlotView
from fblmail.tui.base import FblScreen
from fblmail.tui.bindings import key

if TYPE_CHECKING:
    from fblmail.tui.services import Services

DAYS = 14


def slot_text(slot: SlotView) -> Text:
    """One cell: ✓ who and when (late marked), ✗ missed, … pending, – not applicable."""
    text = Text()
    for part, tone in slot_parts(slot):
        text.append(part, style=STYLES[tone])
    return text


def history_table(grid: MailboxHistory) -> Table:
    """Newest day first: the day, its morning, its afternoon."""
    table = Table(title=Text(grid.mailbox, style="bold"), title_justify="left", expand=False)
    table.add_column(tr("Dag", "Day"))
    table.add_column(f"{tr('Förmiddag', 'Morning')} {grid.morning}")
    table.add_column(f"{tr('Eftermiddag', 'Afternoon')} {grid.afternoon}")
    slots = list(grid.slots)
    rows = list(zip(slots[0::2], slots[1::2], strict=True))
    for morning, afternoon in reversed(rows):
        day = morning.day
        table.add_row(day_label(day), slot_text(morning), slot_text(afternoon))
    return table


class HistoryScreen(FblScreen[None]):
    """Who signed which check, and which were missed."""

    CSS_PATH = "duty.tcss"
    HELP_TITLE = ("Kontrollhistorik", "Check history")

    BINDINGS: ClassVar[list[BindingType]] = [
        key("escape,q,h", "back", "Tillbaka", "Back", id="history.back"),
    ]

    @dataclass
    class Loaded(Message):
        """The grid."""

        history: CheckHistory

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        """Title, the grids, footer."""
        yield Static(
            Content(tr(f"Kontrollhistorik, {DAYS} dagar", f"Check history, {DAYS} days")),
            id="history-title",
        )
        with VerticalScroll(id="history-scroll"):
            yield Static(Content(tr("Laddar…", "Loading…")), id="history-grid")
        yield Footer()

    def on_mount(self) -> None:
        """Load in a worker."""
        self.query_one("#history-scroll", VerticalScroll).focus()
        self._load()

    @work(thread=True, exclusive=True, group="duty-history", exit_on_error=False)
    def _load(self) -> None:
        history = self.services.messenger().checks.history(days=DAYS)
        self.post_message(self.Loaded(history))

    def on_history_screen_loaded(self, message: Loaded) -> None:
        """Show one grid per FBL, with the number of missed checks."""
        from rich.console import Group

        parts: list[Table | Text] = []
        for grid in message.history.mailboxes:
            parts.append(history_table(grid))
            if grid.missed:
                parts.append(Text(missed_checks(grid.missed), style="bold red"))
        self.query_one("#history-grid", Static).update(Group(*parts))

    def action_back(self) -> None:
        """Back to the round."""
        self.app.pop_screen()

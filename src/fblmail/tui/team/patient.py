"""The patient view (`P` on any message): every thread about the patient in the user's FBLs,
from the same service as `fblmail patient PNR` (which logs the reading). Enter opens one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from fblmail.clock import format_local
from fblmail.i18n import tr
from fblmail.present import DUE_SOON_MARK, OVERDUE
from fblmail.service.messages.patient import PatientOverview, PatientThread, status_label
from fblmail.service.views import MessageSummary
from fblmail.tui.base import FblScreen
from fblmail.tui.bindings import key
from fblmail.tui.safe import rich_line

if TYPE_CHECKING:
    from fblmail.tui.services import Services


def thread_line(thread: PatientThread, now: datetime) -> Text:
    """`▲ −3 h  2026-11-02 09:30  Frågeställning  Fråga om …  till Karlstad kommun  ⚑Anna`."""
    status = status_label(thread, now)
    late, soon = status.startswith(OVERDUE), status.startswith(DUE_SOON_MARK)
    style = "bold red" if late else ("yellow" if soon else "")
    text = Text(f"{status:<16}", style=style)
    text.append(f" {format_local(thread.created_at)[:10]}  ", style="dim")
    text.append(f"{thread.category[:12]:<12}  ")
    text.append_text(rich_line(thread.subject[:40]))
    direction = tr("till", "to") if thread.we_asked else tr("från", "from")
    text.append(f"  · {direction} {thread.counterpart_unit}", style="dim")
    if thread.handler:
        text.append("  ⚑")
        text.append_text(rich_line(thread.handler))
    return text


class PatientScreen(FblScreen[None]):
    """Every thread about one patient, newest first."""

    CSS_PATH = "patient.tcss"
    HELP_TITLE = ("Patienten", "The patient")

    BINDINGS: ClassVar[list[BindingType]] = [
        key("escape,q", "back", "Tillbaka", "Back", id="patient.back"),
        key("j", "down", "Ned", "Down", show=False, id="patient.down"),
        key("k", "up", "Upp", "Up", show=False, id="patient.up"),
    ]

    @dataclass
    class Loaded(Message):
        """The overview from the service."""

        overview: PatientOverview

    @dataclass
    class Opened(Message):
        """The row of the thread's newest message: open it in the reader."""

        summary: MessageSummary

    def __init__(self, services: Services, patient: str) -> None:
        super().__init__()
        self.services = services
        self.patient = patient
        self.overview: PatientOverview | None = None

    def compose(self) -> ComposeResult:
        """Title, the threads, footer."""
        yield Static(Content(tr("Patienten ", "The patient ") + self.patient), id="patient-title")
        yield OptionList(Option(Content(tr("Laddar…", "Loading…"))), id="patient-threads")
        yield Footer()

    def on_mount(self) -> None:
        """Load in a worker."""
        self.query_one("#patient-threads", OptionList).focus()
        self._load()

    @work(thread=True, exclusive=True, group="patient-load", exit_on_error=False)
    def _load(self) -> None:
        overview = self.services.messenger().patients.overview(self.patient)
        self.post_message(self.Loaded(overview))

    @work(thread=True, exclusive=True, group="patient-open", exit_on_error=False)
    def _open(self, message_id: str) -> None:
        summary = self.services.messenger().duty.summary(message_id)
        self.post_message(self.Opened(summary))

    def on_patient_screen_loaded(self, message: Loaded) -> None:
        """One line per thread."""
        self.overview = message.overview
        now = self.services.clock()
        count = len(message.overview.threads)
        self.query_one("#patient-title", Static).update(
            Content(
                tr(
                    f"Patienten {message.overview.patient}: {count} trådar i dina FBL:er",
                    f"The patient {message.overview.patient}: {count} threads in your FBLs",
                )
            )
        )
        options = self.query_one("#patient-threads", OptionList)
        options.clear_options()
        options.add_options([Option(thread_line(t, now)) for t in message.overview.threads])
        if count:
            options.highlighted = 0

    def on_patient_screen_opened(self, message: Opened) -> None:
        """Open the thread in the reader."""
        from fblmail.tui.reader.screen import ReaderScreen

        self.app.push_screen(ReaderScreen(self.services, message.summary))

    @on(OptionList.OptionSelected, "#patient-threads")
    def thread_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a thread."""
        if self.overview is not None and 0 <= event.option_index < len(self.overview.threads):
            self._open(self.overview.threads[event.option_index].message_id)

    def action_down(self) -> None:
        """Next thread."""
        self.query_one("#patient-threads", OptionList).action_cursor_down()

    def action_up(self) -> None:
        """Previous thread."""
        self.query_one("#patient-threads", OptionList).action_cursor_up()

    def action_back(self) -> None:
        """Back."""
        self.app.pop_screen()

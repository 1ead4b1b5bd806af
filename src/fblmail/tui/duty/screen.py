"""The duty screen: the round of `fblmail check` in the app (R4, R10, R16, R17, R20).

The report comes from the same service as the command line (`Checks.run`, which logs the
check); every line that names a message or a case opens it in the reader; `s` signs the
shift after a confirmation (`Checks.sign`, the same rules and log rows as `check --sign`);
`h` shows the history grid. Database calls run in thread workers and post typed messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from fblmail.i18n import tr
from fblmail.present.check import shift_labels
from fblmail.service.duty.check import CheckReport
from fblmail.service.views import MessageSummary
from fblmail.tui.base import FblScreen
from fblmail.tui.bindings import key
from fblmail.tui.duty.lines import DutyLine, report_lines

if TYPE_CHECKING:
    from fblmail.tui.services import Services


def _b(keys: str, action: str, sv: str, en: str, *, show: bool = True) -> Binding:
    return key(keys, action, sv, en, show=show, id=f"duty.{action}")


class DutyScreen(FblScreen[None]):
    """Dagens kontroll: per FBL what needs doing, and the signature of the shift."""

    CSS_PATH = "duty.tcss"
    HELP_TITLE = ("Dagens kontroll", "The duty check")

    BINDINGS: ClassVar[list[BindingType]] = [
        _b("escape,q", "back", "Tillbaka", "Back"),
        _b("s", "sign", "Signera passet", "Sign the shift"),
        _b("h", "history", "Historik", "History"),
        _b("g", "reload", "Uppdatera", "Refresh"),
        _b("j", "down", "Ned", "Down", show=False),
        _b("k", "up", "Upp", "Up", show=False),
    ]

    @dataclass
    class ReportLoaded(Message):
        """The check as the service returned it."""

        report: CheckReport

    @dataclass
    class Opened(Message):
        """The list row of the message a line names: open it in the reader."""

        summary: MessageSummary

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.report: CheckReport | None = None
        self.lines: list[DutyLine] = []

    def compose(self) -> ComposeResult:
        """Title, the lines, footer."""
        yield Static(Content(tr("Dagens kontroll", "The duty check")), id="duty-title")
        yield OptionList(Option(Content(tr("Kontrollerar…", "Checking…"))), id="duty-lines")
        yield Footer()

    def on_mount(self) -> None:
        """Run the check in a worker."""
        self.query_one("#duty-lines", OptionList).focus()
        self._load()

    def on_screen_resume(self) -> None:
        """Back from the reader: the counts may have changed."""
        if self.report is not None:
            self._load()

    # -- workers ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="duty-load", exit_on_error=False)
    def _load(self) -> None:
        report = self.services.messenger().checks.run()
        self.post_message(self.ReportLoaded(report))

    @work(thread=True, exclusive=True, group="duty-sign", exit_on_error=False)
    def _sign(self, report: CheckReport) -> None:
        signed = self.services.messenger().checks.sign(report)
        self.app.call_from_thread(
            self.notify,
            tr(
                f"✓ Kontrollen signerad av {signed.user}.",
                f"✓ The check was signed by {signed.user}.",
            ),
            markup=False,
        )
        self.post_message(self.ReportLoaded(signed))

    @work(thread=True, exclusive=True, group="duty-open", exit_on_error=False)
    def _open(self, line: DutyLine) -> None:
        assert line.ref is not None
        summary = self.services.messenger().duty.summary(line.ref, thread=line.thread)
        self.post_message(self.Opened(summary))

    # -- handlers -----------------------------------------------------------------------------

    def on_duty_screen_report_loaded(self, message: ReportLoaded) -> None:
        """Show the report, keeping the cursor where it was."""
        self.report = message.report
        self.lines = report_lines(message.report)
        options = self.query_one("#duty-lines", OptionList)
        keep = options.highlighted
        options.clear_options()
        options.add_options([Option(line.text) for line in self.lines])
        if self.lines:
            options.highlighted = min(keep or 0, len(self.lines) - 1)
        self.refresh_bindings()

    def on_duty_screen_opened(self, message: Opened) -> None:
        """Open the named message."""
        from fblmail.tui.reader.screen import ReaderScreen

        self.app.push_screen(ReaderScreen(self.services, message.summary))

    @on(OptionList.OptionSelected, "#duty-lines")
    def line_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a line that names a message or a case."""
        if 0 <= event.option_index < len(self.lines):
            line = self.lines[event.option_index]
            if line.ref is not None:
                self._open(line)

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Signing needs a report not yet signed for every FBL."""
        if action == "sign":
            report = self.report
            if report is None or all(m.shift_signed_by for m in report.mailboxes):
                return None
        return True

    def action_sign(self) -> None:
        """Sign the shift after a confirmation."""
        from fblmail.tui.widgets.choice_dialog import ChoiceDialog

        report = self.report
        if report is None:
            return
        shifts = shift_labels(m.shift for m in report.mailboxes)
        boxes = ", ".join(m.mailbox for m in report.mailboxes)
        title = tr(
            f"Signera kontrollen ({shifts}) av {boxes}? Det registrerar vem som kontrollerade, "
            "när och vad du såg (R4).",
            f"Sign the check ({shifts}) of {boxes}? It records who checked, when and what you "
            "saw (R4).",
        )
        options = [("yes", tr("Ja, signera", "Yes, sign")), ("no", tr("Nej", "No"))]

        def answered(choice: str | None) -> None:
            if choice == "yes":
                self._sign(report)

        self.app.push_screen(ChoiceDialog(title, options), answered)

    def action_history(self) -> None:
        """The grid: days × förmiddag/eftermiddag, who signed or missed."""
        from fblmail.tui.duty.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.services))

    def action_reload(self) -> None:
        """Run the check again."""
        self._load()

    def action_down(self) -> None:
        """Next line."""
        self.query_one("#duty-lines", OptionList).action_cursor_down()

    def action_up(self) -> None:
        """Previous line."""
        self.query_one("#duty-lines", OptionList).action_cursor_up()

    def action_back(self) -> None:
        """Back to where the round started."""
        self.app.pop_screen()

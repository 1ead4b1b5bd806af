"""The print dialog (R14, R16): a reminder first, then format and file, then the printout.

Push it with `app.push_screen(PrintDialog(messenger, message_id), callback)`; it dismisses
with the service's `PrintResult` (recorded, logged, written to the chosen file) or `None`
when cancelled. The routine prefers forwarding to a personal mailbox over printing (R14),
so the dialog says that before anything else, and every page of the printout is marked as
working material to destroy when the case is closed (R16).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Label, RadioButton, RadioSet, Static

from fblmail.errors import FblError
from fblmail.i18n import tr
from fblmail.printing.document import MARK, REMINDER_EN, REMINDER_SV
from fblmail.service import Messenger
from fblmail.tui.base import FblModalScreen
from fblmail.tui.bindings import key
from fblmail.tui.hints import say
from fblmail.tui.widgets.safe_fields import SafeInput, data_text

if TYPE_CHECKING:
    # The service's printing module (SQLModel and all) loads when the dialog first prints.
    from fblmail.service.messages.printing import PrintResult

__all__ = ["PrintDialog"]


def suggested_path(message_id: str, fmt: str, folder: Path | None = None) -> Path:
    """A new file name in `folder` (default: the home folder) for this message."""
    from fblmail.service.messages.printout_files import free_printout_path

    return free_printout_path(message_id, fmt, folder or Path.home())


class PrintDialog(FblModalScreen["PrintResult | None"]):
    """Print one message with its thread; dismisses with the `PrintResult` or None."""

    CSS_PATH = "print_dialog.tcss"
    HELP_TITLE = ("Utskrift", "Printing")

    BINDINGS: ClassVar[list[BindingType]] = [
        key("escape", "cancel", "Avbryt", "Cancel", "Stäng utan att skriva ut",
            "Close without printing", id="print.cancel"),
        key("ctrl+s", "print", "Skriv ut", "Print", "Skapa utskriften i vald fil",
            "Make the printout in the chosen file", id="print.print"),
    ]  # fmt: skip

    @dataclass
    class Printed(Message):
        """The service recorded and wrote the printout."""

        result: PrintResult

    @dataclass
    class Failed(Message):
        """The service refused or the file could not be written."""

        error: FblError

    def __init__(
        self, messenger: Messenger, message_id: str, *, folder: Path | None = None
    ) -> None:
        super().__init__()
        self.messenger = messenger
        self.message_id = message_id
        self.folder = folder
        self.busy = False
        self._suggested = str(suggested_path(message_id, "pdf", folder))

    def compose(self) -> ComposeResult:
        """Reminder, mark, format, file name, error line, buttons."""
        with Vertical(id="print-box"):
            yield Static(Content.styled(tr("Skriv ut", "Print"), "bold"), id="print-title")
            yield Static(Content(tr(REMINDER_SV, REMINDER_EN)), id="print-reminder")
            yield Static(
                Content(tr(f"Varje sida märks: {MARK}", f"Every page is marked: {MARK}")),
                id="print-mark",
            )
            yield Label(tr("Format", "Format"))
            with RadioSet(id="print-format"):
                yield RadioButton("PDF", value=True, id="format-pdf")
                yield RadioButton(tr("Text", "Text"), id="format-text")
            yield Label(tr("Spara som (ny fil)", "Save as (a new file)"))
            yield SafeInput(value=self._suggested, id="print-output")
            yield Static("", id="print-error", markup=False)
            with Horizontal(id="print-actions"):
                yield Button(tr("Skriv ut", "Print"), variant="primary", id="print-go")
                yield Button(tr("Avbryt", "Cancel"), id="print-cancel")

    def on_mount(self) -> None:
        """Focus the format choice; the error line stays hidden until needed."""
        self.query_one("#print-error", Static).display = False
        self.query_one("#print-format", RadioSet).focus()

    @property
    def chosen_format(self) -> str:
        """`pdf` or `text`, as picked."""
        pressed = self.query_one("#print-format", RadioSet).pressed_button
        return "text" if pressed is not None and pressed.id == "format-text" else "pdf"

    @on(RadioSet.Changed, "#print-format")
    def _format_changed(self) -> None:
        field = self.query_one("#print-output", SafeInput)
        if field.value == self._suggested:  # only follow the format if not edited by hand
            self._suggested = str(suggested_path(self.message_id, self.chosen_format, self.folder))
            field.value = self._suggested

    @on(Button.Pressed, "#print-go")
    def _go_pressed(self) -> None:
        self.action_print()

    @on(Button.Pressed, "#print-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(SafeInput.Submitted, "#print-output")
    def _path_submitted(self) -> None:
        self.action_print()

    def action_cancel(self) -> None:
        """Close without printing."""
        if not self.busy:
            self.dismiss(None)

    def action_print(self) -> None:
        """Print in a worker thread (never touch the store on the event loop)."""
        if self.busy:
            return
        raw = self.query_one("#print-output", SafeInput).value.strip()
        if not raw:
            self._show_error(tr("Ange en fil att spara i.", "Give a file to save in."))
            return
        self.busy = True
        self.query_one("#print-go", Button).disabled = True
        self._print(self.chosen_format, Path(raw).expanduser())

    @work(thread=True, exclusive=True, group="print", exit_on_error=False)
    def _print(self, fmt: str, output: Path) -> None:
        try:
            result = self.messenger.printing.print_message(self.message_id, fmt=fmt, output=output)
        except FblError as exc:
            self.post_message(self.Failed(exc))
            return
        self.post_message(self.Printed(result))

    @on(Printed)
    def _printed(self, event: Printed) -> None:
        self.dismiss(event.result)

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.reset_busy()
        self._show_error(say(event.error))

    def reset_busy(self) -> None:
        """Printing failed (refused, or unexpectedly): the dialog can be used again."""
        self.busy = False
        self.query_one("#print-go", Button).disabled = False

    def _show_error(self, text: str) -> None:
        line = self.query_one("#print-error", Static)
        line.update(data_text(text))
        line.display = True

"""The patient field: a personnummer checked as it is typed, with the reason shown inline (R2).

The check is the service's own parser (`parse_patient_id`), so the screen and the service
never disagree; the service still checks again when the message is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Static

from fblmail.domain.personnummer import InvalidPatientId, PatientId, parse_patient_id
from fblmail.i18n import language, tr
from fblmail.tui.widgets.safe_fields import SafeInput

__all__ = ["PatientField", "PatientValidator", "check_patient"]


def check_patient(text: str, today: date) -> PatientId | InvalidPatientId | None:
    """The parsed id, the reason it is refused, or None for an empty field."""
    if not text.strip():
        return None
    try:
        return parse_patient_id(text, today)
    except InvalidPatientId as exc:
        return exc


class PatientValidator(Validator):
    """`Input` validation with the parser's reason as the failure description."""

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self.today = today

    def validate(self, value: str) -> ValidationResult:
        """Valid when empty (not yet typed) or a valid personnummer/samordningsnummer."""
        result = check_patient(value, self.today())
        if isinstance(result, InvalidPatientId):
            reason = result.reason_en if language() == "en" else result.reason_sv
            return self.failure(reason, value)
        return self.success()


class PatientField(Vertical):
    """A personnummer input and, under it, its normalised form or why it cannot be used."""

    DEFAULT_CSS = """
    PatientField {
        height: auto;
        & > #patient-status { height: 1; color: $text-muted; }
        & > #patient-status.-invalid { color: $text-error; }
        & > #patient-status.-valid { color: $text-success; }
    }
    """

    def __init__(
        self, today: Callable[[], date], value: str = "", *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.today = today
        self._initial = value

    def compose(self) -> ComposeResult:
        """The input and its status line."""
        yield SafeInput(
            self._initial,
            placeholder=tr("ÅÅÅÅMMDD-NNNN", "YYYYMMDD-NNNN"),
            validators=[PatientValidator(self.today)],
            id="patient",
            compact=True,
            select_on_focus=False,  # a stray key must not wipe a filled field
        )
        yield Static("", id="patient-status", markup=False)

    @property
    def input(self) -> Input:
        """The text input."""
        return self.query_one("#patient", Input)

    @property
    def value(self) -> str:
        """The text as typed."""
        return self.input.value

    @property
    def patient(self) -> PatientId | None:
        """The valid patient id, or None."""
        result = check_patient(self.value, self.today())
        return result if isinstance(result, PatientId) else None

    def on_mount(self) -> None:
        """Show the status of a prefilled value (a restored draft)."""
        self.show_status(self._initial)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Re-check as the user types."""
        if event.input.id == "patient":
            self.show_status(event.value)

    def show_status(self, text: str) -> None:
        """The normalised number, or the reason it cannot be used, or nothing."""
        status = self.query_one("#patient-status", Static)
        result = check_patient(text, self.today())
        status.set_class(isinstance(result, PatientId), "-valid")
        status.set_class(isinstance(result, InvalidPatientId), "-invalid")
        if result is None:
            status.update("")
        elif isinstance(result, PatientId):
            kind = (
                tr("samordningsnummer", "coordination number")
                if result.is_coordination_number
                else tr("personnummer", "personal identity number")
            )
            status.update(Content(f"✓ {result.display()} ({kind})"))
        else:
            reason = result.reason_en if language() == "en" else result.reason_sv
            status.update(Content(f"✗ {reason}"))

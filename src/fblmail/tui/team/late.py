"""Late questions in the reader (R10, R16): what R10 asks, "settled by phone" and "close".

`L` in the reader records that an unanswered question was settled by phone (the same
`Resolutions.resolve` as `fblmail resolve --by phone`, with its rules and log row); `A` closes
the case (`Printing.close_thread`, as `fblmail close [--printouts-destroyed]`). Refusals come
back as the service words them (the app's worker error handler shows them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label

from fblmail.i18n import tr
from fblmail.service.views import MessageSummary
from fblmail.tui.base import FblModalScreen
from fblmail.tui.bindings import key
from fblmail.tui.safe import plain_line

if TYPE_CHECKING:
    from textual.app import App

    from fblmail.service import Messenger


def late_notice(summary: MessageSummary) -> str:
    """For our own question past 72 hours: what R10 asks of the sender (empty otherwise)."""
    if summary.waiting_for != "them" or not summary.overdue:
        return ""
    phone = summary.recipient_phone
    sv = f"ring {phone}" if phone else "ring"
    en = f"phone {phone}" if phone else "phone"
    return tr(
        f"Obesvarad över 72 timmar: enligt R10 ska ni kontakta {summary.recipient} på annat "
        f"sätt ({sv}). Tryck L när det är löst per telefon.",
        f"Unanswered past 72 hours: R10 asks you to contact {summary.recipient} another way "
        f"({en}). Press L once it is settled by phone.",
    )


class NoteDialog(FblModalScreen[str | None]):
    """One line of text (the resolve note); Enter gives it, Escape cancels."""

    CSS_PATH = "late.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        key("escape", "cancel", "Avbryt", "Cancel", id="note.cancel"),
    ]

    def __init__(self, title: str, placeholder: str) -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        """Title and the field."""
        with Vertical():
            yield Label(Content(self.title_text), classes="dialog-title")
            yield Input(placeholder=self.placeholder, id="note")

    def on_mount(self) -> None:
        """Focus the field."""
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def submitted(self, event: Input.Submitted) -> None:
        """Enter: the note (the service refuses an empty one, with the reason)."""
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Close without a note."""
        self.dismiss(None)


def resolve_by_phone(
    app: App[Any], messenger: Messenger, summary: MessageSummary, done: Callable[[], object]
) -> None:
    """Ask for the note, then record the question as settled by phone (R10)."""

    def noted(note: str | None) -> None:
        if note is None:
            return

        def work() -> None:
            view = messenger.resolutions.resolve(summary.id, "phone", note)
            text = tr(
                f"✓ Markerad som löst per telefon med {view.counterpart}.",
                f"✓ Marked settled by phone with {view.counterpart}.",
            )
            app.call_from_thread(app.notify, plain_line(text, 300), markup=False)
            app.call_from_thread(done)

        app.run_worker(work, thread=True, group="late-resolve", exit_on_error=False)

    title = tr(
        f"Löst per telefon (R10): {plain_line(summary.subject, 60)}. Vem talade du med och vad "
        "gäller?",
        f"Settled by phone (R10): {plain_line(summary.subject, 60)}. Whom did you speak to and "
        "what was agreed?",
    )
    app.push_screen(
        NoteDialog(title, tr("t.ex. Ringde Vc Herrhagen, Eva: …", "e.g. Rang …")), noted
    )


def close_case(
    app: App[Any], messenger: Messenger, summary: MessageSummary, done: Callable[[], object]
) -> None:
    """Ask how, then close the case (R16: printouts confirmed destroyed when there are any)."""
    from fblmail.tui.widgets.choice_dialog import ChoiceDialog

    def chosen(choice: str | None) -> None:
        if choice not in ("close", "destroyed"):
            return

        def work() -> None:
            messenger.printing.close_thread(summary.id, printouts_destroyed=choice == "destroyed")
            text = tr("✓ Ärendet är avslutat.", "✓ The case is closed.")
            app.call_from_thread(app.notify, text, markup=False)
            app.call_from_thread(done)

        app.run_worker(work, thread=True, group="late-close", exit_on_error=False)

    options = [
        ("close", tr("Avsluta ärendet", "Close the case")),
        ("destroyed", tr("Avsluta – utskrifterna är förstörda (R16)",
                         "Close – the printouts are destroyed (R16)")),
        ("no", tr("Avbryt", "Cancel")),
    ]  # fmt: skip
    title = tr(
        f"Avsluta ärendet {plain_line(summary.subject, 60)}?",
        f"Close the case {plain_line(summary.subject, 60)}?",
    )
    app.push_screen(ChoiceDialog(title, options), chosen)

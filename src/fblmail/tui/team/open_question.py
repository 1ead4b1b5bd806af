"""Before a new question: is there already an open one about the patient to that FBL?

Compose calls `ask_if_new` on send. When the user's FBLs already have an open question
(unanswered, unsettled, not closed) to the same FBL about the same patient, it is shown
first with the choice to send a new one anyway, to open the earlier one, or to go back
(the service `Patients.open_questions` logs the look-up). A reply, or a look-up that
fails, goes straight on to the usual confirmation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fblmail.clock import format_local
from fblmail.errors import FblError
from fblmail.i18n import quoted, tr
from fblmail.service.messages.patient import PatientThread, status_label
from fblmail.tui.safe import plain_line

if TYPE_CHECKING:
    from textual.app import App

    from fblmail.service import Messenger
    from fblmail.service.views import MessageSummary


def question_text(found: tuple[PatientThread, ...], to_address: str, now: datetime) -> str:
    """The dialog's title: the earlier open question(s) and the question to the user."""
    first = found[0]
    more = len(found) - 1
    text = tr(
        f"Det finns redan en öppen fråga om patienten till {to_address}: "
        f"{quoted(plain_line(first.subject, 80))}, skickad {format_local(first.created_at)} "
        f"({status_label(first, now)}).",
        f"There already is an open question about the patient to {to_address}: "
        f"{quoted(plain_line(first.subject, 80))}, sent {format_local(first.created_at)} "
        f"({status_label(first, now)}).",
    )
    if more:
        text += tr(f" Och {more} till.", f" And {more} more.")
    return text + tr(" Är detta en ny fråga?", " Is this a new question?")


def ask_if_new(
    app: App[Any],
    messenger: Messenger,
    patient: str,
    to_address: str,
    is_reply: bool,
    proceed: Callable[[], object],
) -> None:
    """Go on with `proceed()` at once, or after the user says this is a new question."""
    # The app opens the reader (this module may not import it: a circle through compose).
    # A host app that cannot open the reader (one screen in a test) goes straight on.
    open_thread: Callable[[MessageSummary], object] | None = getattr(app, "open_thread", None)
    if open_thread is None or is_reply or not patient.strip() or not to_address.strip():
        proceed()
        return

    def work() -> None:
        try:
            found = messenger.patients.open_questions(patient, to_address)
        except FblError:  # the send itself will say what is wrong
            found = ()
        if not found:
            app.call_from_thread(proceed)
            return
        app.call_from_thread(_ask, found)

    def _ask(found: tuple[PatientThread, ...]) -> None:
        from fblmail.tui.widgets.choice_dialog import ChoiceDialog

        def chosen(choice: str | None) -> None:
            if choice == "new":
                proceed()
            elif choice == "show":
                _open(found[0].message_id)

        options = [
            ("new", tr("Ja, en ny fråga – fortsätt", "Yes, a new question – go on")),
            ("show", tr("Visa den öppna frågan", "Show the open question")),
            ("no", tr("Tillbaka", "Back")),
        ]
        title = question_text(found, to_address, messenger.clock())
        app.push_screen(ChoiceDialog(title, options), chosen)

    def _open(message_id: str) -> None:
        def load() -> None:
            summary = messenger.duty.summary(message_id)
            app.call_from_thread(open_thread, summary)

        app.run_worker(load, thread=True, group="open-question", exit_on_error=False)

    app.run_worker(work, thread=True, group="open-question", exit_on_error=False)

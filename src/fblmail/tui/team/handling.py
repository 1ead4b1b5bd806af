"""Taking a question ("Jag tar den"), handing it back, and asking before stepping on a
colleague's question: the app side of `service/messages/handling.py`.

`h` (app-wide, `app.take`; "hantera") on the selected message of the inbox or the reader
takes the question, or hands it back when the user holds it; one that a colleague holds is
taken over only after a confirmation. Replying asks first when a colleague has taken the question
or is writing an answer (`ask_before_reply`). The database is read in thread workers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from fblmail.clock import format_local
from fblmail.errors import FblError
from fblmail.i18n import tr
from fblmail.service.views import MessageSummary
from fblmail.tui.safe import plain_line

if TYPE_CHECKING:
    from textual.app import App

    from fblmail.service import Messenger


def current_summary(screen: Screen[object]) -> MessageSummary | None:
    """The message the user is on: the inbox's selected row, or the reader's message."""
    getter = getattr(screen, "selected_summary", None)  # the inbox
    if callable(getter):
        found = getter()
        return found if isinstance(found, MessageSummary) else None
    summary = getattr(screen, "summary", None)  # the reader
    return summary if isinstance(summary, MessageSummary) else None


def _ask(app: App[Any], title: str, yes: str, then: Callable[[], object]) -> None:
    """A yes/no dialog; `then()` on yes (call on the event loop)."""
    from fblmail.tui.widgets.choice_dialog import ChoiceDialog

    def answered(choice: str | None) -> None:
        if choice == "yes":
            then()

    app.push_screen(ChoiceDialog(title, [("yes", yes), ("no", tr("Nej", "No"))]), answered)


def _say(app: App[Any], text: str) -> None:
    app.notify(plain_line(text, 300), markup=False)


def take_or_release(app: App[Any], messenger: Messenger, summary: MessageSummary) -> None:
    """Take the question, hand it back if the user holds it, or ask before taking it over."""

    def work() -> None:
        handling = messenger.handling
        held = handling.handler(summary.id)
        if held.login == messenger.login:
            handling.release(summary.id)
            app.call_from_thread(
                _say,
                app,
                tr("Frågan är tillbaka hos FBL:en.", "The question is back with the FBL."),
            )
            return
        if held.login is None:
            handling.take(summary.id)
            app.call_from_thread(
                _say, app, tr("Du hanterar frågan (Jag tar den).", "You handle the question.")
            )
            return
        title = tr(
            f"{held.name} tog frågan {format_local(held.taken_at)}. Ta över den?",
            f"{held.name} took the question {format_local(held.taken_at)}. Take it over?",
        )
        app.call_from_thread(
            _ask, app, plain_line(title, 200), tr("Ja, ta över", "Yes, take over"), take_over
        )

    def take_over() -> None:
        def run() -> None:
            messenger.handling.take(summary.id, take_over=True)
            app.call_from_thread(_say, app, tr("Du har tagit över frågan.", "You took it over."))

        app.run_worker(run, thread=True, group="team-take", exit_on_error=False)

    app.run_worker(work, thread=True, group="team-take", exit_on_error=False)


def team_notice(messenger: Messenger, summary: MessageSummary) -> str:
    """`Cecilia Carlsson hanterar frågan · David Dahl skriver ett svar` (empty: nobody)."""
    parts = []
    try:
        held = messenger.handling.handler(summary.id)
    except FblError:  # a personal copy: no FBL side, nothing to say
        held = None
    if held is not None and held.login and held.login != messenger.login:
        parts.append(tr(f"{held.name} hanterar frågan", f"{held.name} handles the question"))
    elif held is not None and held.login:
        parts.append(tr("Du hanterar frågan", "You handle the question"))
    for name in messenger.handling.writers(summary.thread_id):
        parts.append(tr(f"{name} skriver ett svar", f"{name} is writing an answer"))
    from fblmail.tui.team.late import late_notice

    late = late_notice(summary)
    if late:
        parts.append(late)
    return " · ".join(parts)


def ask_before_reply(
    app: App[Any], messenger: Messenger, summary: MessageSummary, reply: Callable[[], object]
) -> None:
    """Reply at once, or first ask when a colleague has taken the question or is writing."""

    def work() -> None:
        try:
            held = messenger.handling.handler(summary.id)
        except FblError:  # no FBL side: nothing to ask about
            app.call_from_thread(reply)
            return
        writers = messenger.handling.writers(summary.thread_id)
        reasons = []
        if held.login and held.login != messenger.login:
            reasons.append(tr(f"{held.name} har tagit frågan.", f"{held.name} has taken it."))
        reasons += [tr(f"{n} skriver ett svar.", f"{n} is writing an answer.") for n in writers]
        if not reasons:
            app.call_from_thread(reply)
            return
        title = " ".join(reasons) + tr(" Svara ändå?", " Reply anyway?")
        app.call_from_thread(
            _ask, app, plain_line(title, 300), tr("Ja, svara", "Yes, reply"), reply
        )

    app.run_worker(work, thread=True, group="team-reply", exit_on_error=False)

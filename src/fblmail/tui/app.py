"""`FblApp`: the shell. Global keys, the theme, the user's keymap, the service layer.

The app opens on the inbox at once; the inbox reads its first rows through the light
`Inbox` reader while the full service layer (SQLAlchemy, SQLModel, every use case) is
imported in a thread worker. Until it is there, actions that need it are greyed out.

Errors: a worker that fails shows its error as a notification (one handler, here); a
failure to open the store or an unknown user ends the app with that message instead.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from fblmail.clock import Clock, utc_now
from fblmail.errors import FblError, StoreProblem
from fblmail.i18n import tr
from fblmail.settings import Settings
from fblmail.tui.bindings import key, localise_bindings
from fblmail.tui.safe import plain_line

if TYPE_CHECKING:
    from fblmail.service import Messenger
    from fblmail.service.inbox import Inbox


class ServiceReady(Message):
    """The full service layer is loaded (`app.messenger` is set)."""


class FblApp(App[int]):
    """fblmail's Textual app for one user over one store."""

    CSS_PATH = "app.tcss"
    TITLE = "fblmail"

    BINDINGS: ClassVar[list[BindingType]] = [
        key("question_mark,f1", "help", "Hjälp", "Help", "Alla tangenter och rutinen i korthet",
            "Every key and the routine in short", id="app.help"),
        key("ctrl+l", "repaint", "Rita om", "Redraw", "Rita om hela skärmen (efter text från "
            "andra program)", "Redraw the whole screen (after text from other programs)",
            id="app.repaint", show=False, priority=True),
        # Shown in the help, the palette and the start-up reminder; not in the footer.
        key("f2", "duty", "Kontroll", "Duty check", "Dagens kontroll av FBL:en (R4)",
            "The duty check of the FBL (R4)", id="app.duty", show=False),
        # h as in "hantera"/"handle": t is the inbox's tag (mutt's habit).
        key("h", "take", "Jag tar den / lämna tillbaka", "Take it / hand it back",
            "Visa kollegorna att du hanterar frågan, eller lämna tillbaka den",
            "Show colleagues you handle the question, or hand it back", id="app.take",
            show=False),
        key("P", "patient", "Patienten", "The patient", "Alla trådar om patienten i dina FBL:er",
            "Every thread about the patient", id="app.patient", show=False),
    ]  # fmt: skip

    def __init__(self, settings: Settings, *, clock: Clock = utc_now) -> None:
        localise_bindings()  # before any widget copies its class's bindings
        super().__init__()
        self.settings = settings
        self.clock = clock
        self.inbox: Inbox | None = None
        self.messenger: Messenger | None = None
        self.service_ready = threading.Event()
        self.fatal: FblError | None = None
        if settings.keymap:
            self.set_keymap(settings.keymap)

    def on_mount(self) -> None:
        """Open the inbox screen at once; it loads the store in a worker."""
        from fblmail.tui.inbox.screen import InboxScreen

        self.push_screen(InboxScreen())

    # -- the service layer ------------------------------------------------------------------

    def load_service(self) -> None:
        """Import the use cases and open the store in a worker (after the first rows)."""
        if self.messenger is None:
            self._load_service()

    @work(thread=True, exclusive=True, group="app-service", exit_on_error=False)
    def _load_service(self) -> None:
        try:
            from fblmail.bootstrap import open_messenger

            messenger = open_messenger(self.settings, self.clock)
            messenger.folders.actor()  # an unknown or deactivated user stops here
        except FblError as exc:
            self.call_from_thread(self.fail, exc)
            return
        self.messenger = messenger
        self.service_ready.set()
        self.post_message(ServiceReady())

    def on_service_ready(self, _message: ServiceReady) -> None:
        """Actions that need the service layer light up; an unsigned shift is mentioned."""
        self.screen.refresh_bindings()
        self._remind()
        from fblmail.tui.team.notify import start_notifier

        start_notifier(self)  # `[notify]` in the config; off by default

    @work(thread=True, exclusive=True, group="app-remind", exit_on_error=False)
    def _remind(self) -> None:
        from fblmail.tui.duty.reminder import remind

        remind(self)

    def require_messenger(self) -> Messenger:
        """The service layer (waits for it in a worker thread; it is normally there)."""
        if not self.service_ready.wait(timeout=60):
            raise StoreProblem(
                "Programmet blev inte klart att använda databasen. Försök igen.",
                "The program did not get ready to use the store. Try again.",
            )
        assert self.messenger is not None
        return self.messenger

    # -- errors -----------------------------------------------------------------------------

    def fail(self, error: FblError) -> None:
        """End the app; `launch` prints the message (and exits with its code)."""
        self.fatal = error
        self.exit(return_code=error.exit_code)

    def show_error(self, error: BaseException) -> None:
        """An error as a notification in the user's language (never as markup)."""
        if isinstance(error, FblError):
            from fblmail.tui.hints import say

            text = say(error)
        else:  # the CLI's classifier: a store fault by its cause, never the exception's text
            from fblmail.store.faults import describe_store_error

            text = describe_store_error(error)[1]
        self.notify(plain_line(text, 600), severity="error", timeout=8, markup=False)

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """The one place where a failed worker becomes a visible notification.

        `Worker.StateChanged` does not bubble, so every screen and widget that starts
        workers passes its events here (see `on_worker_state_changed` on each).
        """
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.show_error(event.worker.error)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The app's own workers (loading the service layer)."""
        self.worker_changed(event)

    # -- commands and help ------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Only fblmail's own commands, in the user's language.

        Textual's own (Theme, Keys, Maximize and above all Screenshot, which writes the
        screen, patient data and all, to a file without a trace in the access log) are left
        out on purpose.
        """
        yield SystemCommand(
            tr("Dagens kontroll", "Duty check"),
            tr("Kontrollen av FBL:en, signering, historik (F2)", "Check, sign, history (F2)"),
            self.action_duty,
        )
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()
        yield SystemCommand(
            tr("Hjälp", "Help"), tr("Alla tangenter och rutinen", "Every key and the routine"),
            self.action_help,
        )
        yield SystemCommand(
            tr("Rita om skärmen", "Redraw the screen"), "Ctrl+L", self.action_repaint
        )
        yield SystemCommand(tr("Avsluta", "Quit"), tr("Stäng fblmail", "Close fblmail"),
                            self.exit)  # fmt: skip

    def action_repaint(self) -> None:
        """Ctrl+L: paint every cell of the terminal again (text written over it vanishes)."""
        for screen in (*self._background_screens, self.screen):
            screen.refresh(repaint=True, layout=True)
        self.refresh(repaint=True, layout=True)

    def _refuse_screenshot(self) -> None:
        self.notify(
            tr(
                "Skärmbilder sparas inte: skärmen visar patientuppgifter. Skriv ut med p "
                "(arbetsunderlag, loggas) om du behöver papper.",
                "Screenshots are not saved: the screen shows patient data. Print with p "
                "(working material, logged) if you need paper.",
            ),
            severity="warning",
            markup=False,
        )

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Refused: a screenshot would put patient data in a file, unlogged."""
        self._refuse_screenshot()

    def save_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str:
        """Refused (see `action_screenshot`); nothing is written."""
        self._refuse_screenshot()
        return ""

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """Refused (see `action_screenshot`); nothing is written or served."""
        self._refuse_screenshot()
        return None

    def action_duty(self) -> None:
        """The duty screen (F2): the round of `fblmail check`, signing, history."""
        from fblmail.tui.duty.screen import DutyScreen

        if self.messenger is not None and not isinstance(self.screen, DutyScreen):
            self.push_screen(DutyScreen())

    def action_take(self) -> None:
        """`h` on a message: take the question, hand it back, or ask before taking it over."""
        from fblmail.tui.team.handling import current_summary, take_or_release

        summary = current_summary(self.screen)
        if summary is not None and self.messenger is not None:
            take_or_release(self, summary)

    def action_patient(self) -> None:
        """`P` on a message: every thread about its patient in the user's FBLs."""
        from fblmail.tui.team.handling import current_summary
        from fblmail.tui.team.patient import PatientScreen

        summary = current_summary(self.screen)
        if summary is not None and self.messenger is not None:
            self.push_screen(PatientScreen(summary.patient))

    def action_help(self) -> None:
        """Every key and the routine in short."""
        try:
            from fblmail.tui.help.screen import HelpScreen
        except ImportError:
            self.notify(tr("Hjälpen är inte installerad.", "Help is not installed."))
            return
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

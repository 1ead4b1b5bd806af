"""`FblShell`: what every screen may ask of the app, without importing any screen.

The app's state and services live here: the settings, the clock, the light inbox reader,
the service layer (loaded in a worker after the first rows) and the one error funnel
(`show_error`). `FblApp` (app.py) adds the screens, keys and commands on top. Screens,
dialogs and helpers type their app as `FblShell`, so that nothing below the app imports
`app.py` and the feature folders form no import circle (issue 9).

Errors: a failure to open the store or an unknown user ends the app (`fail`); any other
error becomes a notification through `show_error` (screens reach it through
`fblmail.tui.base.FblScreen`, the app's own workers through `on_worker_state_changed`).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.message import Message
from textual.worker import Worker, WorkerState

from fblmail.clock import Clock, utc_now
from fblmail.errors import FblError, StoreProblem
from fblmail.i18n import tr
from fblmail.settings import Settings
from fblmail.tui.hints import describe
from fblmail.tui.safe import plain_line

if TYPE_CHECKING:
    from fblmail.service import Messenger
    from fblmail.service.mailboxes.inbox import Inbox
    from fblmail.service.views import MessageSummary


class ServiceReady(Message):
    """The full service layer is loaded (`app.messenger` is set)."""


class FblShell(App[int]):
    """fblmail's app state for one user over one store (the screens are `FblApp`'s)."""

    def __init__(self, settings: Settings, *, clock: Clock = utc_now) -> None:
        super().__init__()
        self.settings = settings
        self.clock = clock
        self.inbox: Inbox | None = None
        self.messenger: Messenger | None = None
        self.service_ready = threading.Event()
        self.fatal: FblError | None = None

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

    def require_messenger(self) -> Messenger:
        """The service layer (waits for it in a worker thread; it is normally there)."""
        if not self.service_ready.wait(timeout=60):
            raise StoreProblem(
                "Programmet blev inte klart att använda databasen. Försök igen.",
                "The program did not get ready to use the store. Try again.",
            )
        assert self.messenger is not None
        return self.messenger

    # -- what screens ask of the app --------------------------------------------------------

    def open_thread(self, summary: MessageSummary) -> None:
        """Open the reader on this message (the app knows the reader; screens need not)."""
        raise NotImplementedError

    # -- screenshots -----------------------------------------------------------------------

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

    # -- errors -----------------------------------------------------------------------------

    def fail(self, error: FblError) -> None:
        """End the app; `launch` prints the message (and exits with its code)."""
        self.fatal = error
        self.exit(return_code=error.exit_code)

    def show_error(self, error: BaseException) -> None:
        """An error as a notification in the user's language (never as markup)."""
        self.notify(plain_line(describe(error), 600), severity="error", timeout=8, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The app's own workers (loading the service layer, the reminder, notifications).

        `Worker.StateChanged` does not bubble: workers started on a screen are handled by
        `FblScreen`, these here.
        """
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.show_error(event.worker.error)

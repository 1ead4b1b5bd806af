"""`FblShell`: the app's state and its one error funnel, without importing any screen.

The shell owns the `Services` holder (services.py) that every screen is given: it creates
it, loads the service layer into it in a worker after the first rows (`ServiceWanted` from
the inbox) and says so with `ServiceReady`. `FblApp` (app.py) adds the screens, keys and
commands on top. Screens never reach the store through the app; they use the holder they
were given (issue 9), so nothing below the app imports `app.py` and the feature folders
form no import circle.

Errors: a failure to open the store or an unknown user ends the app (`fail`, also on
`StoreUnusable` from a screen); any other error becomes a notification through
`show_error` (screens' workers are handled by `fblmail.tui.base.FblScreen`, the app's own
through `on_worker_state_changed`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.driver import Driver
from textual.message import Message
from textual.worker import Worker, WorkerState

from fblmail.clock import Clock, utc_now
from fblmail.errors import FblError
from fblmail.i18n import tr
from fblmail.settings import Settings
from fblmail.tui.hints import describe
from fblmail.tui.safe import plain_line
from fblmail.tui.services import Services, ServiceWanted, StoreUnusable

if TYPE_CHECKING:
    from fblmail.service.views import MessageSummary


class ServiceReady(Message):
    """The full service layer is loaded (`app.services.ready`)."""


class FblShell(App[int]):
    """fblmail's app state for one user over one store (the screens are `FblApp`'s)."""

    def __init__(self, settings: Settings, *, clock: Clock = utc_now) -> None:
        super().__init__()
        self.settings = settings
        self.services = Services(settings, clock)
        self.fatal: FblError | None = None

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal; on Linux the one that keeps a pasted ESC as
        text instead of key presses (`fblmail.tui.paste_guard`)."""
        driver = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        if driver is LinuxDriver:
            from fblmail.tui.paste_guard import GuardedLinuxDriver

            return GuardedLinuxDriver
        return driver

    # -- the service layer ------------------------------------------------------------------

    def on_service_wanted(self, _message: ServiceWanted) -> None:
        """Import the use cases and open the store in a worker (after the first rows)."""
        if not self.services.ready:
            self._load_service()

    def on_store_unusable(self, message: StoreUnusable) -> None:
        """A screen could not open the store (or the user may not use it): end the app."""
        self.fail(message.error)

    @work(thread=True, exclusive=True, group="app-service", exit_on_error=False)
    def _load_service(self) -> None:
        try:
            from fblmail.bootstrap import open_messenger

            messenger = open_messenger(self.settings, self.services.clock)
            messenger.folders.actor()  # an unknown or deactivated user stops here
        except FblError as exc:
            self.call_from_thread(self.fail, exc)
            return
        self.services.provide(messenger)
        self.post_message(ServiceReady())

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

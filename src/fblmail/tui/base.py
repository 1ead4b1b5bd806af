"""`FblScreen`: the base of every screen and dialog, with the one worker-error handler.

Every database call runs in a thread worker started on the screen (`@work(thread=True,
exit_on_error=False)`). Textual posts `Worker.StateChanged` to the node that started the
worker and the message does not bubble, so each screen must handle it itself; this base
does that for all of them. A worker that fails with anything the screen did not catch (a
refusal the screen expects is caught and shown where it belongs) is told to the user in
plain words, through the same funnel as the command line (`fblmail.tui.hints.describe`:
a store fault by its cause, anything else by its type name, never the exception's text),
and the screen's busy state is reset (`reset_busy`), so that a form is never left stuck
"sending" with Escape ignored.

Widgets that start workers pass failures on with `worker_failed` (see `MessageList`).
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

__all__ = ["FblModalScreen", "FblScreen"]

ResultType = TypeVar("ResultType")


class FblScreen(Screen[ResultType]):
    """A screen of fblmail: worker errors handled in one place.

    A screen that reads or writes the store is given the `Services` holder (or a
    `Messenger`) when it is built; it never reaches the service through the app."""

    def reset_busy(self) -> None:
        """Leave any busy state after a failed worker (a form's "sending", a dialog's
        "printing"): the user can correct, retry or leave. Screens with such a state
        override this; the default has nothing to reset."""

    def worker_failed(self, error: BaseException) -> None:
        """A worker of this screen (or of one of its widgets) failed: reset, then say so."""
        self.reset_busy()
        from fblmail.tui.hints import describe
        from fblmail.tui.safe import plain_line

        text = plain_line(describe(error), 600)
        self.app.notify(text, severity="error", timeout=8, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one handler for this screen's workers (the message does not bubble)."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.worker_failed(event.worker.error)


class FblModalScreen(ModalScreen[ResultType], FblScreen[ResultType]):
    """A dialog of fblmail (a modal `FblScreen`)."""

"""The draft-keeping workflow the compose and forward screens share.

`DraftScreen` wires one `DraftKeeper` (`fblmail.tui.drafting`) to a screen: autosave on
typing and on leaving a field, Escape keeps the draft (or discards an untouched one), the
last save on the way out, and how an opening failure, a refusal and a success are shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from fblmail.errors import FblError
from fblmail.i18n import language, tr
from fblmail.service.views import MessageSummary
from fblmail.tui import safe
from fblmail.tui.drafting import AutoSaver, DraftKeeper, has_content, install_exit_guard

if TYPE_CHECKING:
    from fblmail.service import Messenger
    from fblmail.service.drafts import DraftInput

__all__ = ["DraftScreen"]


class DraftScreen(Screen[MessageSummary | None]):
    """A screen whose typing is kept as a draft; dismisses with the sent summary or None.

    A subclass builds its form in `_load` (a worker started on mount), sets `_ready` once
    the form is filled, and says what the draft holds (`_draft`) and how a refusal is
    introduced (`_refusal_prefix`). The page must have a `Static` with id "refusal".
    """

    def __init__(self, messenger: Messenger, draft_id: str | None) -> None:
        super().__init__()
        self.messenger = messenger
        self.keeper = DraftKeeper(messenger, draft_id, existing=draft_id is not None)
        self.autosaver = AutoSaver(self, self.keeper)
        self.sending = False
        self.refusal: FblError | None = None
        self._ready = False

    # -- what the subclass says --------------------------------------------------------------

    def _load(self) -> object:
        """Start loading the form (a worker); called once on mount."""
        raise NotImplementedError

    def _draft(self) -> DraftInput:
        """The form as a draft."""
        raise NotImplementedError

    def _refusal_prefix(self) -> str:
        """The bold words before a refusal ("Cannot be sent: ")."""
        raise NotImplementedError

    def _focus_refused(self, error: FblError) -> None:
        """Put the cursor on the field a refusal names (nothing by default)."""

    # -- opening, typing ---------------------------------------------------------------------

    def on_mount(self) -> None:
        """Load the form in a worker and guard drafts against a hang-up."""
        install_exit_guard(self.app)
        self.query_one("#refusal").display = False
        self._load()

    def on_descendant_blur(self) -> None:
        """Leaving a field saves at once (no need to wait for the pause)."""
        if self._ready and not self.keeper.closed:
            self.autosaver.save_soon()

    def _give_up(self, error: FblError, *, timeout: float | None = None) -> None:
        """Opening failed (e.g. the message is not the user's): say why and go back."""
        self.sending = False
        self._say_error(error, timeout)
        self.keeper.close()  # a draft being opened stays as it is
        self.dismiss(None)

    # -- the outcome of sending --------------------------------------------------------------

    def _done(self, summary: MessageSummary, said: str) -> None:
        """The service stored it: say so (`said` + the recipient) and go back with it."""
        self.sending = False
        self.app.notify(said + safe.plain_line(summary.recipient), markup=False)
        self.dismiss(summary)

    def _refuse(self, error: FblError) -> None:
        """The service (or a pre-check) refused: show why; everything typed stays."""
        self.sending = False
        self._show_refusal(error)
        self._say_error(error, 8)
        self._focus_refused(error)
        # The failed attempt may have been the first save: keep the text as a draft.
        self.autosaver.changed(self._draft())

    def _say_error(self, error: FblError, timeout: float | None) -> None:
        self.app.notify(
            safe.plain_line(error.message(language()), 600),
            severity="error",
            markup=False,
            timeout=timeout,
        )

    def _show_refusal(self, error: FblError | None) -> None:
        self.refusal = error
        box = self.query_one("#refusal", Static)
        box.display = error is not None
        if error is not None:
            box.update(
                Content.assemble(
                    (self._refusal_prefix(), "bold"), safe.block(error.message(language()))
                )
            )

    # -- leaving -----------------------------------------------------------------------------

    def action_leave(self) -> None:
        """Back to where we came from; anything typed stays as a draft."""
        if self.sending:
            return
        self.autosaver.cancel()
        if not self._ready:
            # Still loading: nothing was typed here, and a draft being opened stays as it is.
            self.keeper.close()
            self.dismiss(None)
            return
        content = self._draft()
        self.keeper.note(content)
        self._leave(keep=has_content(content, self.keeper.baseline))

    # One group for both screens: only one draft screen is ever on top to leave, and the
    # group is not used to cancel (workers are not exclusive).
    @work(thread=True, exit_on_error=False, group="draft-leave")
    def _leave(self, keep: bool) -> None:
        if keep:
            self.keeper.flush()
            self.keeper.close()
        else:
            self.keeper.discard()
        self.app.call_from_thread(self._left, keep)

    def _left(self, kept: bool) -> None:
        if kept:
            self.app.notify(tr("Sparat som utkast", "Saved as a draft"), markup=False)
        self.dismiss(None)

    def on_unmount(self) -> None:
        """The app is closing (or the screen went away): write what is not yet stored."""
        self.autosaver.cancel()
        self.keeper.flush_on_exit()

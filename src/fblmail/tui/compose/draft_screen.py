"""The draft-keeping workflow the compose and forward screens share.

`DraftScreen` wires one `DraftKeeper` (`fblmail.tui.compose.drafting`) to a screen: autosave on
typing and on leaving a field, a failed save shown at once (the text stays), Escape keeps
the draft (or discards an untouched one; when the store refuses it, the draft is held in
memory and the user is told so), the last save on the way out, and how an opening failure,
the refusals and a success are shown. Tab and Shift+Tab are priority bindings here, so a
focus change takes effect before the keys that arrived in the same burst are delivered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import Static

from fblmail.errors import FblError, StoreProblem
from fblmail.i18n import tr
from fblmail.service.views import MessageSummary
from fblmail.tui import safe
from fblmail.tui.base import FblScreen
from fblmail.tui.bindings import key
from fblmail.tui.compose.drafting import (
    AutoSaver,
    DraftKeeper,
    has_content,
    hold,
    install_exit_guard,
)
from fblmail.tui.hints import say

if TYPE_CHECKING:
    from fblmail.service import Messenger
    from fblmail.service.mailboxes.drafts import DraftInput

__all__ = ["DraftScreen"]


class DraftScreen(FblScreen[MessageSummary | None]):
    """A screen whose typing is kept as a draft; dismisses with the sent summary or None.

    A subclass builds its form in `_load` (a worker started on mount), sets `_ready` once
    the form is filled, and says what the draft holds (`_draft`) and how a refusal is
    introduced (`_refusal_prefix`). The page must have `Static`s with ids "refusal" and
    "draft-state".
    """

    # Priority: handled as the key arrives, before later keys of the same read are passed
    # to the field that had the focus (keys typed after Tab belong to the next field).
    BINDINGS: ClassVar[list[BindingType]] = [
        key("tab", "app.focus_next", "Nästa fält", "Next field", "Till nästa fält",
            "To the next field", show=False, priority=True, id="draft.next_field"),
        key("shift+tab", "app.focus_previous", "Föregående fält", "Previous field",
            "Till föregående fält", "To the previous field", show=False, priority=True,
            id="draft.previous_field"),
    ]  # fmt: skip

    def __init__(self, messenger: Messenger, draft_id: str | None) -> None:
        super().__init__()
        self.messenger = messenger
        self.keeper = DraftKeeper(messenger, draft_id, existing=draft_id is not None)
        self.autosaver = AutoSaver(self, self.keeper, report=self._save_reported)
        self.sending = False
        self.refusals: list[FblError] = []
        self.save_error: FblError | None = None
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
        self.query_one("#draft-state").display = False
        self._load()

    @property
    def refusal(self) -> FblError | None:
        """The first problem shown, if any."""
        return self.refusals[0] if self.refusals else None

    @refusal.setter
    def refusal(self, error: FblError | None) -> None:
        self.refusals = [error] if error is not None else []

    def _edited(self) -> None:
        """The user changed something: a refusal about the old text no longer applies."""
        if self.refusals:
            self._show_refusals([])

    def _save_reported(self, error: FblError | None) -> None:
        """A save finished: show a failure at once (once per new reason), or its end."""
        box = self.query_one("#draft-state", Static)
        if error is None:
            if self.save_error is not None:
                self.save_error = None
                box.display = False
                self.app.notify(
                    tr("Utkastet är sparat igen.", "The draft is saved again."), markup=False
                )
            return
        if self.save_error is not None and say(self.save_error) == say(error):
            return
        self.save_error = error
        box.display = True
        box.update(
            Content.assemble(
                (tr("Utkastet kunde inte sparas: ", "The draft could not be saved: "), "bold"),
                safe.block(say(error)),
                tr(
                    " Texten finns kvar här; den sparas så fort det går.",
                    " The text stays here; it is saved as soon as possible.",
                ),
            )
        )
        self.app.notify(
            safe.plain_line(
                tr("Utkastet kunde inte sparas: ", "The draft could not be saved: ") + say(error),
                600,
            ),
            severity="error",
            markup=False,
            timeout=8,
        )

    def reset_busy(self) -> None:
        """A worker failed unexpectedly (sending, opening): the form is usable again and
        everything typed stays; Escape keeps it as a draft."""
        self.sending = False
        if not self._ready:  # the form never opened: nothing to keep, nothing to correct
            self.keeper.close()
            self.dismiss(None)

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
        """The service stored it: say so (`said` + the recipient), once, and go back with it."""
        self.sending = False
        self.app.notify(said + safe.plain_line(summary.recipient), markup=False)
        self.dismiss(summary)

    def _refuse(self, error: FblError | list[FblError]) -> None:
        """The service (or the pre-check) refused: show every problem; everything typed stays."""
        errors = error if isinstance(error, list) else [error]
        self.sending = False
        self._show_refusals(errors)
        if len(errors) == 1:
            self._say_error(errors[0], 8)
        else:
            self.app.notify(
                tr(
                    f"{len(errors)} saker att rätta, se nedan.",
                    f"{len(errors)} things to fix, see below.",
                ),
                severity="error",
                markup=False,
                timeout=8,
            )
        self._focus_refused(errors[0])
        # The failed attempt may have been the first save: keep the text as a draft.
        self.autosaver.changed(self._draft())

    def _say_error(self, error: FblError, timeout: float | None) -> None:
        self.app.notify(
            safe.plain_line(say(error), 600),
            severity="error",
            markup=False,
            timeout=timeout,
        )

    def _show_refusals(self, errors: list[FblError]) -> None:
        self.refusals = list(errors)
        box = self.query_one("#refusal", Static)
        box.display = bool(errors)
        if not errors:
            return
        if len(errors) == 1:
            box.update(
                Content.assemble((self._refusal_prefix(), "bold"), safe.block(say(errors[0])))
            )
            return
        parts: list[Content | tuple[str, str] | str] = [(self._refusal_prefix(), "bold")]
        for problem in errors:
            parts.extend(["\n• ", safe.block(say(problem))])
        box.update(Content.assemble(*parts))

    # -- leaving -----------------------------------------------------------------------------

    def action_leave(self) -> None:
        """Back to where we came from; anything typed stays as a draft (in the store, or held
        in memory when the store refuses it). Never silent."""
        if self.sending:
            self.app.notify(
                tr("Skickar – vänta tills det är klart.", "Sending – wait until it is done."),
                markup=False,
            )
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
        keeper = self.keeper
        if not keep:
            try:
                keeper.discard()
            except Exception:  # the store is gone: an empty form leaves nothing to keep
                keeper.close()
            self.app.call_from_thread(self._left, None)
            return
        keeper.flush()
        if keeper.dirty:  # the store refused it (or is stuck): keep it in memory, never drop it
            problem = keeper.last_error or StoreProblem(
                "Databasen svarade inte i tid.", "The store did not answer in time."
            )
            self.app.call_from_thread(self._left, problem)
            return
        keeper.close()
        self.app.call_from_thread(self._left, "saved")

    def _left(self, outcome: FblError | str | None) -> None:
        if outcome == "saved":
            self.app.notify(tr("Sparat som utkast", "Saved as a draft"), markup=False)
        elif isinstance(outcome, FblError):
            hold(self.app, self.keeper)
            self.app.notify(
                safe.plain_line(
                    tr(
                        "Utkastet kunde inte sparas i databasen: ",
                        "The draft could not be saved to the store: ",
                    )
                    + say(outcome)
                    + tr(
                        " Det finns kvar i programmets minne och sparas i Utkast så fort "
                        "databasen tar emot det. Avsluta inte fblmail innan dess.",
                        " It stays in the program's memory and is saved in Drafts as soon as "
                        "the store accepts it. Do not quit fblmail before then.",
                    ),
                    900,
                ),
                severity="warning",
                markup=False,
                timeout=15,
            )
        self.dismiss(None)

    def on_unmount(self) -> None:
        """The app is closing (or the screen went away): write what is not yet stored."""
        self.autosaver.cancel()
        self.keeper.flush_on_exit()

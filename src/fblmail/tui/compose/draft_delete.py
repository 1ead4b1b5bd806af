"""Deleting a draft from the Drafts folder: ask once, then delete it through the service
(`Drafts.discard`, which writes the access log). The inbox keeps the deleted draft in
memory for the session, so `u` saves it again (`restore_draft`, through `Drafts.save`).

Enter or j (Swedish) / y (English) deletes, Escape or n keeps it. The dialog dismisses with
True once the draft is deleted, False if the user kept it; a refusal (the store is gone)
is shown in the dialog's place as a notification and nothing is claimed.
"""

from __future__ import annotations

from dataclasses import fields
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from fblmail.errors import FblError
from fblmail.i18n import quoted, tr
from fblmail.present import subject_or_none
from fblmail.service import Messenger
from fblmail.service.mailboxes.drafts import DraftInput
from fblmail.service.views import DraftView
from fblmail.tui import safe
from fblmail.tui.base import FblModalScreen
from fblmail.tui.bindings import key
from fblmail.tui.hints import say

__all__ = ["DeleteDraftScreen"]


def restore_draft(messenger: Messenger, draft: DraftView) -> DraftView:
    """Save a deleted draft again, under its old id, with every field it had (for `u`)."""
    content = DraftInput(**{f.name: getattr(draft, f.name) for f in fields(DraftInput)})
    return messenger.drafts.save(content, draft_id=draft.id)


class DeleteDraftScreen(FblModalScreen[bool]):
    """Asks before deleting one draft; deletes it; dismisses with True when it is gone.

    `draft` is then the draft as it was last saved, which the inbox keeps in memory for the
    rest of the session so that `u` can save it again (`restore_draft`).
    """

    CSS_PATH = "confirm_send.tcss"
    HELP_TITLE = ("Radera utkast", "Delete draft")

    BINDINGS: ClassVar[list[BindingType]] = [
        key("enter,j", "confirm", "Radera", "Delete",
            "Radera utkastet för gott", "Delete the draft for good",
            keys_en="enter,y", priority=True, id="draft_delete.confirm"),
        key("escape,n", "cancel", "Behåll", "Keep", "Behåll utkastet", "Keep the draft",
            priority=True, id="draft_delete.cancel"),
    ]  # fmt: skip

    def __init__(self, messenger: Messenger, draft: DraftView) -> None:
        super().__init__(classes="confirm")
        self.messenger = messenger
        self.draft = draft
        self.busy = False

    def compose(self) -> ComposeResult:
        """The draft's subject and the keys."""
        subject = subject_or_none(self.draft.subject)
        with Vertical(id="confirm-box"):
            yield Static(
                Content.assemble(
                    (tr("Radera utkastet ", "Delete the draft "), "bold"),
                    safe.line(quoted(subject) if self.draft.subject.strip() else subject, 80),
                    ("?", "bold"),
                ),
                id="confirm-title",
            )
            yield Static(
                tr(
                    "Utkastet tas bort ur lagret; u ångrar så länge programmet är öppet. "
                    "Enter eller j raderar, Esc behåller det.",
                    "The draft is removed from the store; u undoes it while the app is open. "
                    "Enter or y deletes, Esc keeps it.",
                ),
                id="confirm-hint",
                markup=False,
            )
        yield Footer()

    def action_confirm(self) -> None:
        """Delete it (in a worker)."""
        if not self.busy:
            self.busy = True
            self._delete()

    @work(thread=True, exit_on_error=False, group="draft-delete")
    def _delete(self) -> None:
        try:
            self.draft = self.messenger.drafts.get(self.draft.id)  # the latest save, for u
            self.messenger.drafts.discard(self.draft.id)
        except FblError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._deleted)

    def _deleted(self) -> None:
        self.app.notify(
            tr("Utkastet är raderat (u ångrar).", "The draft is deleted (u undoes)."), markup=False
        )
        self.dismiss(True)

    def _failed(self, error: FblError) -> None:
        self.app.notify(
            safe.plain_line(
                tr("Utkastet raderades inte: ", "The draft was not deleted: ") + say(error), 600
            ),
            severity="error",
            markup=False,
            timeout=8,
        )
        self.dismiss(False)

    def reset_busy(self) -> None:
        """Deleting failed unexpectedly: the question can be answered again (or Esc)."""
        self.busy = False

    def action_cancel(self) -> None:
        """Keep the draft."""
        if not self.busy:
            self.dismiss(False)

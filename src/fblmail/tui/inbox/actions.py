"""What the user does to one message in the inbox: open, write, delete and undo, restore,
move, mark read, print, quit.

Every change goes through the service layer (`Messenger.folders`), which checks access and
writes the access log; a refusal comes back as a notification. Undo remembers the last
changes of this session (`UndoStack`, shared with the tags' bulk changes) and applies
their opposite through the same use cases; a draft deleted from Utkast is kept in memory
(every field) and `u` saves it again. The commands shared with the reader are in
`fblmail.tui.commands.message_actions`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual.message import Message

from fblmail.errors import FblError
from fblmail.i18n import quoted, tr
from fblmail.service.mailboxes.inbox import InboxRow
from fblmail.service.views import DraftView, MessageSummary
from fblmail.tui.commands import message_actions as commands
from fblmail.tui.commands.message_actions import Change, apply_change, done_text
from fblmail.tui.hints import say
from fblmail.tui.inbox.context import FOLDER, InboxContext
from fblmail.tui.safe import plain_line
from fblmail.tui.widgets.pager import DraftRow, Row

UNDO_DEPTH = 20
NEEDS_SERVICE = {
    "open", "compose", "reply", "forward", "delete", "undo", "restore", "move",
    "toggle_read", "print",
}  # fmt: skip
NEEDS_MESSAGE = {"reply", "forward", "delete", "restore", "move", "toggle_read", "print"}


@dataclass(frozen=True)
class DraftDeleted:
    """A draft deleted in this session, every field kept in memory so that `u` saves it again."""

    draft: DraftView


Undoable = Change | tuple[Change, ...] | DraftDeleted
"""What `u` can undo: one change, a bulk change on the tagged set, or a deleted draft."""


class UndoStack:
    """The last changes of this session, newest last (at most `UNDO_DEPTH`)."""

    def __init__(self) -> None:
        self._entries: list[Undoable] = []

    def __bool__(self) -> bool:
        return bool(self._entries)

    def remember(self, entry: Undoable) -> None:
        """Keep a change (a bulk change, a deleted draft) for `u`."""
        self._entries = [*self._entries, entry][-UNDO_DEPTH:]

    def pop(self) -> Undoable | None:
        """The newest entry, taken off (None when there is none)."""
        return self._entries.pop() if self._entries else None


class MessageActions:
    """Open, write, change and undo on the message under the list's cursor."""

    @dataclass
    class ChangeDone(Message):
        """A change went through the service (or an undo did)."""

        change: Change
        undo: bool

    def __init__(
        self,
        context: InboxContext,
        undo: UndoStack,
        undo_bulk: Callable[[Sequence[Change]], None],
    ) -> None:
        self.context = context
        self.undo = undo
        self._undo_bulk = undo_bulk  # a bulk change is undone by the tags (`Tagger`)

    # -- what applies -------------------------------------------------------------------------

    def message(self) -> MessageSummary | None:
        """The message under the cursor (None on a draft or an empty list)."""
        row = self.context.rows.current
        return row.summary if isinstance(row, InboxRow) else None

    def _key(self) -> Any:
        row = self.context.rows.current
        in_folder = self.context.place.mode == FOLDER
        return row.key if isinstance(row, InboxRow) and in_folder else None

    def applies(self, action: str, row: Row | None) -> bool | None:
        """Whether `action` applies to `row` (None greys it out)."""
        summary = row.summary if isinstance(row, InboxRow) else None
        if action == "open":
            return True if row is not None else None
        if action == "delete" and isinstance(row, DraftRow):
            return True  # a draft in Utkast is deleted for good, after a question
        if action in NEEDS_MESSAGE and summary is None:
            return None
        if action in ("delete", "restore", "reply", "forward"):
            folder = self.context.place.folder
            personal = folder is not None and folder.kind == "personal"
            return True if commands.applies(action, summary, personal=personal) else None
        if action == "undo":
            return True if self.undo else None
        return True

    # -- opening and writing ------------------------------------------------------------------

    def open(self) -> None:
        """The whole thread, or go on writing a draft."""
        row, services = self.context.rows.current, self.context.services
        if row is None or not services.ready:
            return
        if isinstance(row, DraftRow):
            from fblmail.tui.compose.open_draft import screen_for_draft

            self.context.push(screen_for_draft(services.messenger(), row.draft), self._written)
            return
        from fblmail.tui.reader.screen import ReaderScreen

        self.context.push(ReaderScreen(services, row.summary), None)

    def compose(self) -> None:
        """A new message."""
        commands.compose(self.context.app(), self.context.services, self._written)

    def reply(self) -> None:
        """Answer the selected message."""
        if (summary := self.message()) is not None:
            commands.reply(self.context.app(), self.context.services, summary, self._written)

    def forward(self) -> None:
        """Forward the selected message to a named person (R13)."""
        if (summary := self.message()) is not None:
            commands.forward(self.context.app(), self.context.services, summary, self._written)

    def _written(self, sent: MessageSummary | None) -> None:
        # The compose/forward screen has said what it sent (one toast per send).
        self.context.reload()

    def print(self) -> None:
        """Print the selected message as working material (R16)."""
        if (summary := self.message()) is not None:
            commands.print_one(self.context.app(), self.context.services, summary)

    def quit(self) -> None:
        """Close the app (asks once more if a draft could only be kept in memory)."""
        from fblmail.tui.compose.drafting import may_quit

        app = self.context.app()
        if may_quit(app):
            app.exit()

    # -- changes and undo -------------------------------------------------------------------

    def delete(self) -> None:
        """To the trash (u undoes); a draft is deleted for good after a question."""
        row, services = self.context.rows.current, self.context.services
        if isinstance(row, DraftRow) and services.ready:
            from fblmail.tui.compose.draft_delete import DeleteDraftScreen

            asked = DeleteDraftScreen(services.messenger(), row.draft)

            def answered(deleted: bool | None) -> None:
                if deleted:
                    self.undo.remember(DraftDeleted(asked.draft))  # as last saved
                self.context.reload()
                self.context.refresh_actions()

            self.context.push(asked, answered)
            return
        if (summary := self.message()) is not None:
            self._change(Change("delete", summary, key=self._key()), undo=False)

    def restore(self) -> None:
        """Out of the trash, back where it was."""
        if (summary := self.message()) is not None:
            self._change(Change("restore", summary, key=self._key()), undo=False)

    def toggle_read(self) -> None:
        """Read ↔ unread."""
        if (summary := self.message()) is not None:
            change = Change("read", summary, "0" if summary.read else "1", self._key())
            self._change(change, undo=False)

    def move(self) -> None:
        """To another folder."""
        summary, key = self.message(), self._key()
        if summary is None:
            return

        def chosen(folder: str | None) -> None:
            if folder:
                self._change(Change("move", summary, folder, key), undo=False)

        from fblmail.tui.widgets.choice_dialog import move_dialog

        self.context.push(move_dialog(summary.folder), chosen)

    def undo_last(self) -> None:
        """Undo the last change of this session."""
        last = self.undo.pop()
        if last is None:
            return
        if isinstance(last, DraftDeleted):
            self._restore_draft(last)
        elif isinstance(last, tuple):
            self._undo_bulk(last)
        else:
            self._change(last, undo=True)
        self.context.refresh_actions()

    def _restore_draft(self, entry: DraftDeleted) -> None:
        from fblmail.tui.compose.draft_delete import restore_draft

        services, app = self.context.services, self.context.app()

        def work() -> None:
            try:
                restore_draft(services.messenger(), entry.draft)
            except FblError as error:
                app.call_from_thread(self._draft_not_restored, entry, error)
                return
            app.call_from_thread(self._draft_restored, entry)

        self.context.run(work, group="inbox-change")

    def _draft_restored(self, entry: DraftDeleted) -> None:
        subject = entry.draft.subject
        named = f" {quoted(plain_line(subject, 40))}" if subject.strip() else ""
        self.context.notify(
            tr(f"Utkastet{named} är tillbaka i Utkast.", f"The draft{named} is back in Drafts."),
            markup=False,
        )
        self.context.reload()
        self.context.refresh_actions()

    def _draft_not_restored(self, entry: DraftDeleted, error: FblError) -> None:
        self.undo.remember(entry)  # still in memory: u tries again
        self.context.notify(
            plain_line(tr("Utkastet återställdes inte: ", "The draft was not restored: ")
                       + say(error), 600),
            severity="error", markup=False, timeout=8,
        )  # fmt: skip
        self.context.refresh_actions()

    def _change(self, change: Change, undo: bool) -> None:
        services, post = self.context.services, self.context.post

        def work() -> None:
            apply_change(services.messenger().folders, change, undo)
            post(self.ChangeDone(change, undo))

        self.context.run(work, group="inbox-change")

    def change_done(self, message: ChangeDone) -> None:
        """Say what happened; remember how to undo it; reload."""
        if message.undo:
            self.context.notify(tr("Ångrat.", "Undone."), markup=False)
        else:
            self.undo.remember(message.change)
            self.context.notify(done_text(message.change), markup=False)
        self.context.reload()
        if message.undo and message.change.key is not None and self.context.place.mode == FOLDER:
            self.context.rows.reload(anchor=message.change.key)  # back on the message
        self.context.refresh_actions()


__all__ = ["Change", "DraftDeleted", "MessageActions", "UndoStack"]

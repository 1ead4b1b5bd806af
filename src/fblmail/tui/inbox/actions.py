"""What the user does in the inbox: open, write, delete and undo, restore, move, mark read,
search and step through hits, change order and filter, print, get help.

Every change goes through the service layer (`Messenger.folders`), which checks access and
writes the access log; a refusal comes back as a notification. Undo remembers the last
changes of this session and applies their opposite through the same use cases; a draft
deleted from Utkast is kept in memory (every field) and `u` saves it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message

from fblmail.errors import FblError
from fblmail.i18n import quoted, tr
from fblmail.service.mailboxes.inbox import InboxRow, ListFilter, ListOrder, ListQuery
from fblmail.service.views import DraftView, MessageSummary
from fblmail.tui.base import FblScreen
from fblmail.tui.commands import message_actions as commands
from fblmail.tui.commands.message_actions import Change, apply_change, done_text
from fblmail.tui.hints import say
from fblmail.tui.safe import plain_line
from fblmail.tui.widgets.mailbox_tree import FolderRef
from fblmail.tui.widgets.message_list import MessageList
from fblmail.tui.widgets.pager import DraftRow, Row

if TYPE_CHECKING:
    pass

UNDO_DEPTH = 20
_NEEDS_SERVICE = {
    "open", "compose", "reply", "forward", "delete", "undo", "restore", "move",
    "toggle_read", "print",
}  # fmt: skip
_NEEDS_MESSAGE = {"reply", "forward", "delete", "restore", "move", "toggle_read", "print"}


@dataclass(frozen=True)
class DraftDeleted:
    """A draft deleted in this session, every field kept in memory so that `u` saves it again."""

    draft: DraftView


Undoable = Change | tuple[Change, ...] | DraftDeleted
"""What `u` can undo: one change, a bulk change on the tagged set, or a deleted draft."""


class InboxActions(FblScreen[None]):
    """The inbox's actions (the screen itself is `InboxScreen`)."""

    folder: FolderRef | None
    mode: str
    order: ListOrder
    filter: ListFilter

    @dataclass
    class ChangeDone(Message):
        """A change went through the service (or an undo did)."""

        change: Change
        undo: bool

    def init_actions(self) -> None:
        """State of the actions (called from `__init__`)."""
        self._undo: list[Undoable] = []
        self._search_text = ""
        self._search_rows: list[InboxRow] = []

    # -- to be provided by the screen ---------------------------------------------------------

    @property
    def message_list(self) -> MessageList:
        """The list widget."""
        return self.query_one("#list", MessageList)

    def _show_folder(self, folder: FolderRef, rows: list[InboxRow] | None = None) -> None:
        raise NotImplementedError

    def _query(self, folder: FolderRef | None) -> ListQuery:
        raise NotImplementedError

    def undo_group(self, changes: tuple[Change, ...]) -> None:
        """Undo a bulk change (`InboxTags`)."""
        raise NotImplementedError

    def reload(self) -> None:
        """Reload counts and the list."""
        raise NotImplementedError

    def update_status(self) -> None:
        """Refresh the status line."""
        raise NotImplementedError

    # -- what applies -------------------------------------------------------------------------

    def _message(self) -> MessageSummary | None:
        row = self.message_list.current
        return row.summary if isinstance(row, InboxRow) else None

    def _key(self) -> Any:
        row = self.message_list.current
        return row.key if isinstance(row, InboxRow) and self.mode == "folder" else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out what does not apply to the selected row, folder or state."""
        if action in _NEEDS_SERVICE and self.fbl_app.messenger is None:
            return None
        row = self.message_list.current if self.is_mounted else None
        summary = row.summary if isinstance(row, InboxRow) else None
        if action == "open":
            return True if row is not None else None
        if action == "delete" and isinstance(row, DraftRow):
            return True  # a draft in Utkast is deleted for good, after a question
        if action in _NEEDS_MESSAGE and summary is None:
            return None
        if action in ("delete", "restore", "reply", "forward"):
            personal = self.folder is not None and self.folder.kind == "personal"
            return True if commands.applies(action, summary, personal=personal) else None
        if action == "undo":
            return True if self._undo else None
        if action in ("next_hit", "previous_hit"):
            return True if self.mode == "search" and self._search_rows else None
        if action in ("sort", "filter", "toggle_threads"):
            return True if self.mode == "folder" else None
        return True

    def refresh_action_state(self) -> None:
        """Refresh the footer only when what applies has changed (cheap on every key)."""
        summary = self._message()
        shape = (
            self.fbl_app.messenger is not None,
            self.message_list.current is not None,
            summary.folder if summary else None,
            bool(self._undo),
            self.mode,
            bool(getattr(self, "tagged", None)),
        )
        if shape != getattr(self, "_binding_shape", None):
            self._binding_shape = shape
            self.refresh_bindings()

    # -- opening and writing ------------------------------------------------------------------

    def action_open(self) -> None:
        """Enter: the whole thread, or go on writing a draft."""
        row = self.message_list.current
        messenger = self.fbl_app.messenger
        if row is None or messenger is None:
            return
        if isinstance(row, DraftRow):
            from fblmail.tui.compose.open_draft import screen_for_draft

            self.app.push_screen(screen_for_draft(messenger, row.draft), self._after_write)
            return
        from fblmail.tui.reader.screen import ReaderScreen

        self.app.push_screen(ReaderScreen(row.summary))

    def action_compose(self) -> None:
        """A new message."""
        commands.compose(self.fbl_app, self._after_write)

    def action_reply(self) -> None:
        """Answer the selected message."""
        if (summary := self._message()) is not None:
            commands.reply(self.fbl_app, summary, self._after_write)

    def action_forward(self) -> None:
        """Forward the selected message to a named person (R13)."""
        if (summary := self._message()) is not None:
            commands.forward(self.fbl_app, summary, self._after_write)

    def _after_write(self, sent: MessageSummary | None) -> None:
        # The compose/forward screen has said what it sent (one toast per send).
        self.reload()

    def action_print(self) -> None:
        """Print the selected message as working material (R16)."""
        if (summary := self._message()) is not None:
            commands.print_one(self.fbl_app, summary)

    def action_quit(self) -> None:
        """Close the app (asks once more if a draft could only be kept in memory)."""
        from fblmail.tui.compose.drafting import may_quit

        if may_quit(self.app):
            self.app.exit()

    # -- changes and undo -------------------------------------------------------------------

    def action_delete(self) -> None:
        """To the trash (u undoes); a draft is deleted for good after a question."""
        row, messenger = self.message_list.current, self.fbl_app.messenger
        if isinstance(row, DraftRow) and messenger is not None:
            from fblmail.tui.compose.draft_delete import DeleteDraftScreen

            asked = DeleteDraftScreen(messenger, row.draft)

            def answered(deleted: bool | None) -> None:
                if deleted:
                    self.remember(DraftDeleted(asked.draft))  # as last saved
                self.reload()
                self.refresh_action_state()

            self.app.push_screen(asked, answered)
            return
        if (summary := self._message()) is not None:
            self._change(Change("delete", summary, key=self._key()), undo=False)

    def action_restore(self) -> None:
        """Out of the trash, back where it was."""
        if (summary := self._message()) is not None:
            self._change(Change("restore", summary, key=self._key()), undo=False)

    def action_toggle_read(self) -> None:
        """Read ↔ unread."""
        if (summary := self._message()) is not None:
            change = Change("read", summary, "0" if summary.read else "1", self._key())
            self._change(change, undo=False)

    def action_move(self) -> None:
        """To another folder."""
        summary, key = self._message(), self._key()
        if summary is None:
            return

        def chosen(folder: str | None) -> None:
            if folder:
                self._change(Change("move", summary, folder, key), undo=False)

        from fblmail.tui.widgets.choice_dialog import move_dialog

        self.app.push_screen(move_dialog(summary.folder), chosen)

    def action_undo(self) -> None:
        """Undo the last change of this session."""
        if self._undo:
            last = self._undo.pop()
            if isinstance(last, DraftDeleted):
                self._restore_draft(last)
            elif isinstance(last, tuple):
                self.undo_group(last)
            else:
                self._change(last, undo=True)
            self.refresh_action_state()

    def remember(self, entry: Undoable) -> None:
        """Keep a change (a bulk change, a deleted draft) for `u`."""
        self._undo = [*self._undo, entry][-UNDO_DEPTH:]

    @work(thread=True, group="inbox-change", exit_on_error=False)
    def _restore_draft(self, entry: DraftDeleted) -> None:
        from fblmail.tui.compose.draft_delete import restore_draft

        try:
            restore_draft(self.fbl_app.require_messenger(), entry.draft)
        except FblError as error:
            self.app.call_from_thread(self._draft_not_restored, entry, error)
            return
        self.app.call_from_thread(self._draft_restored, entry)

    def _draft_restored(self, entry: DraftDeleted) -> None:
        subject = entry.draft.subject
        named = f" {quoted(plain_line(subject, 40))}" if subject.strip() else ""
        self.notify(
            tr(f"Utkastet{named} är tillbaka i Utkast.", f"The draft{named} is back in Drafts."),
            markup=False,
        )
        self.reload()
        self.refresh_action_state()

    def _draft_not_restored(self, entry: DraftDeleted, error: FblError) -> None:
        self.remember(entry)  # still in memory: u tries again
        self.notify(
            plain_line(tr("Utkastet återställdes inte: ", "The draft was not restored: ")
                       + say(error), 600),
            severity="error", markup=False, timeout=8,
        )  # fmt: skip
        self.refresh_action_state()

    @work(thread=True, group="inbox-change", exit_on_error=False)
    def _change(self, change: Change, undo: bool) -> None:
        self.apply_change(change, undo)
        self.post_message(self.ChangeDone(change, undo))

    def apply_change(self, change: Change, undo: bool) -> None:
        """Do (or undo) one change through the service (in a worker thread)."""
        apply_change(self.fbl_app.require_messenger().folders, change, undo)

    def on_inbox_actions_change_done(self, message: ChangeDone) -> None:
        """Say what happened; remember how to undo it; reload."""
        if message.undo:
            self.notify(tr("Ångrat.", "Undone."), markup=False)
        else:
            self.remember(message.change)
            self.notify(done_text(message.change), markup=False)
        self.reload()
        if message.undo and message.change.key is not None and self.mode == "folder":
            self.message_list.reload(anchor=message.change.key)  # back on the message
        self.refresh_action_state()


__all__ = ["Change", "InboxActions", "Row"]

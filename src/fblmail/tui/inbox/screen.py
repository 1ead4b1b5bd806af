"""The inbox: mailboxes and folders, the message list, the reading pane, the status line.

Data flow: every database call runs in a thread worker on this screen and posts a typed
message back; handlers only update widgets. The first rows come from the light `Inbox`
reader before the service layer has loaded (`Services`, given by the app). Changes made
anywhere (another terminal, another process) arrive through the store's change feed
(`StoreFeed`, feed.py) and reload the list within a poll interval; returning from another
screen reloads too (`ScreenResume`).

One screen, with collaborators that have one job each, given what they need
(`InboxContext`, context.py) and holding no screen: `MessageActions` (actions.py: open,
write, change and undo; the commands themselves are shared with the reader in
`fblmail.tui.commands.message_actions`), `Finder` (find.py: search, order, filter),
`Tagger` (tags.py: tags, bulk actions, next unread) and `Preview` (reading.py: the pane and
the read rule). This module keeps the folders, the status line, what applies, and the
keys, each of which hands the work to its collaborator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static, Tree

from fblmail.i18n import tr
from fblmail.service.mailboxes.inbox import InboxRow
from fblmail.service.views import MessageSummary
from fblmail.tui.base import FblScreen
from fblmail.tui.inbox.actions import NEEDS_SERVICE, MessageActions, UndoStack
from fblmail.tui.inbox.context import DRAFTS, FOLDER, InboxContext, ListPlace
from fblmail.tui.inbox.feed import StoreFeed
from fblmail.tui.inbox.find import SEARCH_FIELD, Finder
from fblmail.tui.inbox.keys import INBOX_KEYS, PALETTE
from fblmail.tui.inbox.reading import Preview
from fblmail.tui.inbox.tags import TAG_FIELD, Tagger
from fblmail.tui.safe import line
from fblmail.tui.widgets.mailbox_tree import DRAFTS as DRAFTS_NODE
from fblmail.tui.widgets.mailbox_tree import FolderRef, MailboxTree, NodeData
from fblmail.tui.widgets.message_list import MessageList
from fblmail.tui.widgets.pager import FixedPager, FolderPager
from fblmail.tui.widgets.reading_pane import ReadingPane
from fblmail.tui.widgets.status import ListHeader, StatusLine

if TYPE_CHECKING:
    from fblmail.tui.services import Services


class InboxScreen(FblScreen[None]):
    """Where the day is spent: mailboxes, the list, the selected message."""

    CSS_PATH = "inbox.tcss"
    HELP_TITLE = ("Inkorgen", "Inbox")

    BINDINGS: ClassVar[list[BindingType]] = INBOX_KEYS

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.place = ListPlace()
        self.message_list = MessageList(services.clock, id="list")
        self.pane = ReadingPane(id="pane")
        self.boxes, self.topbar = MailboxTree(id="boxes"), Static(line("fblmail"), id="topbar")
        context = InboxContext(
            rows=self.message_list, services=services, place=self.place,
            app=lambda: self.app, run=self._run, post=self.post_message, notify=self.notify,
            push=self._push, mount_field=self._mount_field, show_folder=self.show_folder,
            update_status=self.update_status, reload=self.reload,
            refresh_actions=self.refresh_action_state,
        )  # fmt: skip
        undo = UndoStack()
        self.finder = Finder(context)
        self.tags = Tagger(context, undo, lambda: self.finder.hits)
        self.actions = MessageActions(context, undo, self.tags.undo_bulk)
        self.preview = Preview(context, self.pane)
        self.feed = StoreFeed(context, self.boxes, self.topbar)

    # -- building and opening ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Tree | header, list, pane; status; search field; footer."""
        yield self.topbar
        with Horizontal(id="main"):
            yield self.boxes
            with Vertical(id="right"):
                yield ListHeader(id="list-header")
                yield self.message_list
                yield self.pane
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Paint the shell now; open the store in a worker."""
        header, rows = self.query_one("#list-header", ListHeader), self.message_list
        header.content_width = lambda: rows.scrollable_content_region.width
        rows.header = header
        self.preview.start()
        self._place_tree()
        self.message_list.focus()
        self.query_one(StatusLine).show(tr("Öppnar databasen…", "Opening the store…"))
        self.feed.open()

    def _run(self, work: Callable[[], None], *, group: str, exclusive: bool = False) -> None:
        self.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def _push(self, screen: Screen[Any], then: Callable[[Any], None] | None) -> None:
        self.app.push_screen(screen, then)

    def _mount_field(self, field: Widget) -> None:
        self.mount(field, after=self.query_one("#status"))

    @on(StoreFeed.Opened)
    def _opened(self, message: StoreFeed.Opened) -> None:
        self.feed.opened(message)

    @on(StoreFeed.CountsLoaded)
    def _counts(self, message: StoreFeed.CountsLoaded) -> None:
        self.boxes.show_boxes(message.boxes, message.drafts)

    @on(StoreFeed.Changed)
    def _changed(self) -> None:
        self.reload()

    @on(StoreFeed.DraftsLoaded)
    def _drafts(self, message: StoreFeed.DraftsLoaded) -> None:
        self.feed.drafts_loaded(message)

    # -- folders ------------------------------------------------------------------------------

    def show_folder(self, folder: FolderRef, rows: Sequence[InboxRow] | None = None) -> None:
        """A folder of a mailbox in the list (logged when it is another folder)."""
        inbox, place = self.services.inbox, self.place
        if inbox is None:
            return
        old = place.folder
        opened = old is None or (folder.mailbox_id, folder.folder) != (old.mailbox_id, old.folder)
        place.folder, place.mode = folder, FOLDER
        self.boxes.point_at(folder)
        pager = FolderPager(inbox, place.query(folder), self.message_list.thread_sizes)
        empty = tr("Inga meddelanden här.", "No messages here.")
        self.message_list.show(pager, list(rows) if rows is not None else None, empty)
        if opened:
            self.feed.log_view(folder)
            self.tags.clear()
        self.update_status()

    @on(Tree.NodeSelected, "#boxes")
    def folder_chosen(self, event: Tree.NodeSelected[NodeData]) -> None:
        """A folder picked in the tree."""
        data = event.node.data
        if data == DRAFTS_NODE:
            self.show_drafts()
        elif isinstance(data, FolderRef):
            if not data.folder:  # the mailbox itself: its inbox
                data = FolderRef(data.mailbox_id, data.address, data.kind, "inbox")
            self.show_folder(data)
            self.message_list.focus()

    def show_drafts(self) -> None:
        """The Drafts folder: the user's saved drafts (Enter goes on writing)."""
        self.place.mode = DRAFTS
        self.boxes.point_at(DRAFTS_NODE)
        self.message_list.show(FixedPager([]), [], tr("Laddar utkast…", "Loading drafts…"))
        self.feed.load_drafts()
        self.update_status()

    @on(MessageList.Loaded)
    def list_loaded(self) -> None:
        """Counts changed: the status line says so."""
        self.update_status()

    def update_status(self) -> None:
        """Where we are and what is shown."""
        self.query_one(StatusLine).show(*self.finder.status_parts(self.tags.status()))

    def on_screen_resume(self) -> None:
        """Back from the reader, compose or a dialog: things may have changed."""
        if self.services.inbox is not None:
            self.reload()

    def reload(self) -> None:
        """Reload counts and the current list."""
        self.feed.refresh_counts()
        if self.place.mode == FOLDER:
            self.message_list.reload()
        elif self.place.mode == DRAFTS:
            self.feed.load_drafts()

    def selected_summary(self) -> MessageSummary | None:
        """The message under the cursor (`h` and `P` act on it)."""
        return self.actions.message()

    # -- the tree ---------------------------------------------------------------------------

    def _place_tree(self) -> None:
        if self.boxes.fit(self.app.size.width):
            self.message_list.focus()

    def on_resize(self, event: events.Resize) -> None:
        """A narrow terminal hides the tree (unless the user asked for it)."""
        self._place_tree()

    def action_toggle_tree(self) -> None:
        """Show or hide the mailboxes."""
        tree = self.boxes
        tree.chosen = not tree.display
        self._place_tree()
        if tree.display:
            tree.focus()

    # -- what applies ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out what does not apply to the selected row, folder or state; with tags,
        d/m/U/p act on them whatever the cursor."""
        ready = self.services.ready
        if action == "tag":
            return True if self.actions.message() is not None else None
        if action == "clear_tags":
            return True if self.tags.tagged else None
        if self.tags.tagged and action in ("delete", "move", "toggle_read", "print"):
            return True if ready else None
        if action in NEEDS_SERVICE and not ready:
            return None
        if action in ("next_hit", "previous_hit"):
            return True if self.finder.has_hits else None
        if action in ("sort", "filter", "toggle_threads"):
            return True if self.place.mode == FOLDER else None
        return self.actions.applies(action, self.message_list.current if self.is_mounted else None)

    def refresh_action_state(self) -> None:
        """Refresh the footer only when what applies has changed (cheap on every key)."""
        summary = self.actions.message()
        shape = (
            self.services.ready,
            self.message_list.current is not None,
            summary.folder if summary else None,
            bool(self.actions.undo),
            self.place.mode,
            bool(self.tags.tagged),
        )
        if shape != getattr(self, "_binding_shape", None):
            self._binding_shape = shape
            self.refresh_bindings()

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The inbox's actions in Ctrl+P."""
        for action, (sv, en), help_text in PALETTE:
            if self.check_action(action, ()):
                yield SystemCommand(tr(sv, en), help_text, getattr(self, f"action_{action}"))
        yield SystemCommand(tr("Utkast", "Drafts"), tr("Visa dina utkast", "Show your drafts"),
                            self.show_drafts)  # fmt: skip

    # -- what the collaborators post back -------------------------------------------------------

    @on(MessageList.Highlighted)
    def row_highlighted(self, event: MessageList.Highlighted) -> None:
        """The pane follows the cursor."""
        self.preview.highlighted(event)
        self.refresh_action_state()

    @on(Preview.DetailLoaded)
    def _detail(self, message: Preview.DetailLoaded) -> None:
        self.preview.detail_loaded(message)

    @on(Preview.MarkedRead)
    def _marked(self, message: Preview.MarkedRead) -> None:
        self.preview.marked_read(message)

    @on(MessageActions.ChangeDone)
    def _change_done(self, message: MessageActions.ChangeDone) -> None:
        self.actions.change_done(message)

    @on(Tagger.BulkDone)
    def _bulk_done(self, message: Tagger.BulkDone) -> None:
        self.tags.bulk_done(message)

    @on(Tagger.TagsFound)
    def _tags_found(self, message: Tagger.TagsFound) -> None:
        self.tags.found(message)

    @on(Tagger.UnreadFound)
    def _unread_found(self, message: Tagger.UnreadFound) -> None:
        self.tags.unread_found(message)

    @on(Finder.SearchDone)
    def _search_done(self, message: Finder.SearchDone) -> None:
        self.finder.search_done(message)

    @on(Input.Submitted, f"#{SEARCH_FIELD}")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.finder.submitted(event)

    @on(Input.Submitted, f"#{TAG_FIELD}")
    def _tag_pattern_submitted(self, event: Input.Submitted) -> None:
        self.tags.submitted(event)

    # -- the keys (INBOX_KEYS), each handed to its collaborator ------------------------------

    def action_open(self) -> None:
        """Enter: the whole thread, or go on writing a draft."""
        self.actions.open()

    def action_compose(self) -> None:
        """A new message."""
        self.actions.compose()

    def action_reply(self) -> None:
        """Answer the selected message."""
        self.actions.reply()

    def action_forward(self) -> None:
        """Forward the selected message to a named person (R13)."""
        self.actions.forward()

    def action_print(self) -> None:
        """Print the tagged messages, or the selected one, as working material (R16)."""
        (self.tags.print if self.tags.tagged else self.actions.print)()

    def action_quit(self) -> None:
        """Close the app (asks once more if a draft could only be kept in memory)."""
        self.actions.quit()

    def action_delete(self) -> None:
        """To the trash: the tagged messages, or the one under the cursor (u undoes)."""
        (self.tags.delete if self.tags.tagged else self.actions.delete)()

    def action_restore(self) -> None:
        """Out of the trash, back where it was."""
        self.actions.restore()

    def action_toggle_read(self) -> None:
        """Read ↔ unread: the tagged messages, or the one under the cursor."""
        (self.tags.toggle_read if self.tags.tagged else self.actions.toggle_read)()

    def action_move(self) -> None:
        """To another folder: the tagged messages, or the one under the cursor."""
        (self.tags.move if self.tags.tagged else self.actions.move)()

    def action_undo(self) -> None:
        """Undo the last change of this session."""
        self.actions.undo_last()

    def action_search(self) -> None:
        """The search field."""
        self.finder.open_field()

    def search(self, text: str) -> None:
        """Search for `text` as if it was typed in the search field."""
        self.finder.search(text)

    def action_next_hit(self) -> None:
        """The next search hit."""
        self.finder.step(1)

    def action_previous_hit(self) -> None:
        """The previous search hit."""
        self.finder.step(-1)

    def action_sort(self) -> None:
        """Most urgent first → newest first → oldest first."""
        self.finder.next_order()

    def action_filter(self) -> None:
        """Choose what to show."""
        self.finder.choose_filter()

    def action_toggle_threads(self) -> None:
        """One row per thread ↔ every message."""
        self.finder.toggle_threads()

    def action_back(self) -> None:
        """Escape: the tag field, the search field, search results, then the filter."""
        if not self.tags.close_field():
            self.finder.back()

    def action_tag(self) -> None:
        """Tag or untag the message under the cursor, then go to the next."""
        self.tags.toggle(self.actions.message())

    def action_tag_pattern(self) -> None:
        """Tag every message of the list that matches a text."""
        self.tags.open_field()

    def action_clear_tags(self) -> None:
        """Untag everything."""
        self.tags.clear_all()

    def action_next_unread(self) -> None:
        """The next unread message after the cursor."""
        self.tags.next_unread()

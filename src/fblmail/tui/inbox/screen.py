"""The inbox: mailboxes and folders, the message list, the reading pane, the status line.

Data flow: every database call runs in a thread worker and posts one of the typed messages
below back; handlers only update widgets. The first rows come from the light `Inbox`
reader before the service layer has loaded. Changes made anywhere (another terminal,
another process) arrive through the store's change feed and reload the list within a poll
interval; returning from another screen reloads too (`ScreenResume`).

The screen is built in layers, one file each in this folder: `InboxActions` (actions.py:
open, write, change and undo; the message commands themselves are shared with the reader in
`fblmail.tui.commands.message_actions`), `InboxFind` (find.py: search, order, filter),
`InboxTags` (tags.py: tags and bulk actions), `InboxReading` (reading.py: the preview and
the read rule) and this one (opening the store, folders, status, live updates).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Static, Tree
from textual.worker import get_current_worker

from fblmail.domain.safe_text import one_line
from fblmail.errors import FblError, StoreProblem
from fblmail.i18n import tr
from fblmail.present import DRAFT, MESSAGE, count, folder_name, short_box
from fblmail.service.mailboxes.inbox import (
    Inbox,
    InboxMailbox,
    InboxRow,
    ListFilter,
    ListOrder,
    ListQuery,
    Viewer,
)
from fblmail.service.views import DraftView
from fblmail.tui.inbox.keys import INBOX_KEYS
from fblmail.tui.inbox.reading import InboxReading
from fblmail.tui.safe import line
from fblmail.tui.widgets.mailbox_tree import DRAFTS, FolderRef, MailboxTree, NodeData
from fblmail.tui.widgets.message_list import WINDOW, MessageList
from fblmail.tui.widgets.pager import DraftRow, FixedPager, FolderPager, Row
from fblmail.tui.widgets.reading_pane import ReadingPane
from fblmail.tui.widgets.status import ListHeader, StatusLine

POLL_SECONDS = 0.4


class InboxScreen(InboxReading):
    """Where the day is spent: mailboxes, the list, the selected message."""

    CSS_PATH = "inbox.tcss"
    HELP_TITLE = ("Inkorgen", "Inbox")

    BINDINGS: ClassVar[list[BindingType]] = INBOX_KEYS

    # -- typed messages from the workers -----------------------------------------------------

    @dataclass
    class StoreOpened(Message):
        """The store is open: the user's mailboxes and the first rows of the first folder."""

        inbox: Inbox
        viewer: Viewer
        boxes: Sequence[InboxMailbox]
        folder: FolderRef | None
        rows: Sequence[InboxRow]
        drafts: int

    @dataclass
    class CountsLoaded(Message):
        """Fresh unread counts."""

        boxes: Sequence[InboxMailbox]
        drafts: int

    class StoreChanged(Message):
        """Something changed in the store (another terminal, another process, us)."""

    @dataclass
    class DraftsLoaded(Message):
        """The user's drafts."""

        drafts: Sequence[DraftView]

    def __init__(self) -> None:
        super().__init__()
        self.folder: FolderRef | None = None
        self.mode = "folder"  # "folder" | "drafts" | "search"
        self.order = ListOrder.URGENT
        self.filter = ListFilter()
        self._pending_views: list[tuple[int, str]] = []
        self.init_actions()
        self.init_tags()
        self.init_reading()

    def compose(self) -> ComposeResult:
        """Tree | header, list, pane; status; search field; footer."""
        app = self.fbl_app
        yield Static(line("fblmail"), id="topbar")
        with Horizontal(id="main"):
            yield MailboxTree(id="boxes")
            with Vertical(id="right"):
                yield ListHeader(id="list-header")
                yield MessageList(app.clock, id="list")
                yield ReadingPane(id="pane")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Paint the shell now; open the store in a worker."""
        header, rows = self.query_one("#list-header", ListHeader), self.message_list
        header.content_width = lambda: rows.scrollable_content_region.width
        rows.header = header
        self.start_reading()
        self._place_tree()
        self.message_list.focus()
        self.query_one(StatusLine).show(tr("Öppnar databasen…", "Opening the store…"))
        self._open_store()

    # -- opening ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="inbox-open", exit_on_error=False)
    def _open_store(self) -> None:
        app = self.fbl_app
        one_line("")  # builds the escape tables here, not while the first rows are painted
        try:
            inbox = Inbox.for_settings(app.settings, app.clock)
            viewer = inbox.viewer()  # refuses an unknown or deactivated user
            boxes = inbox.mailboxes()
            first = next((b for b in boxes if b.kind == "fbl"), boxes[0] if boxes else None)
            folder = FolderRef(first.id, first.address, first.kind, "inbox") if first else None
            rows = inbox.first(self._query(folder), WINDOW) if folder else []
            drafts = inbox.draft_count()
        except FblError as exc:
            app.call_from_thread(app.fail, exc)
            return
        except Exception as exc:  # a store we cannot even read: a message, not a traceback
            from fblmail.store.faults import store_error

            problem = store_error(exc) or StoreProblem(
                f"Databasen går inte att öppna ({type(exc).__name__}).",
                f"The store cannot be opened ({type(exc).__name__}).",
                field="database",
            )
            app.call_from_thread(app.fail, problem)
            return
        self.post_message(self.StoreOpened(inbox, viewer, boxes, folder, rows, drafts))

    def on_inbox_screen_store_opened(self, message: StoreOpened) -> None:
        """First rows on screen; then the service layer and the change feed."""
        app = self.fbl_app
        app.inbox = message.inbox
        who = message.viewer
        self.query_one("#topbar", Static).update(
            line(f"fblmail – {who.full_name}, {who.unit} ({who.login})")
        )
        self.query_one(MailboxTree).show_boxes(message.boxes, message.drafts)
        if message.folder is not None:
            self._show_folder(message.folder, list(message.rows))
        else:
            self.message_list.show(
                FixedPager([]), [], tr("Du har inga brevlådor.", "You have no mailboxes.")
            )
        if message.drafts:
            self.notify(
                tr(
                    f"Du har {message.drafts} sparade utkast i Utkast."
                    if message.drafts > 1
                    else "Du har 1 sparat utkast i Utkast.",
                    f"You have {message.drafts} saved drafts in Drafts."
                    if message.drafts > 1
                    else "You have 1 saved draft in Drafts.",
                ),
                markup=False,
                timeout=6,
            )
        app.load_service()
        self._watch(message.inbox)

    # -- folders ------------------------------------------------------------------------------

    def _query(self, folder: FolderRef | None) -> ListQuery:
        assert folder is not None
        return ListQuery(folder.mailbox_id, folder.folder, self.order, self.filter)

    def _show_folder(self, folder: FolderRef, rows: list[InboxRow] | None = None) -> None:
        inbox = self.fbl_app.inbox
        if inbox is None:
            return
        opened = self.folder is None or (folder.mailbox_id, folder.folder) != (
            self.folder.mailbox_id,
            self.folder.folder,
        )
        self.folder, self.mode = folder, "folder"
        self.query_one(MailboxTree).point_at(folder)
        pager = FolderPager(inbox, self._query(folder), self.message_list.thread_sizes)
        empty = tr("Inga meddelanden här.", "No messages here.")
        self.message_list.show(pager, rows, empty)
        if opened:
            self._log_view(folder.mailbox_id, folder.folder)
            self.tagged.clear()
            self.message_list.tagged = frozenset()
        self.update_status()

    @on(Tree.NodeSelected, "#boxes")
    def folder_chosen(self, event: Tree.NodeSelected[NodeData]) -> None:
        """A folder picked in the tree."""
        data = event.node.data
        if data == DRAFTS:
            self.show_drafts()
        elif isinstance(data, FolderRef):
            if not data.folder:  # the mailbox itself: its inbox
                data = FolderRef(data.mailbox_id, data.address, data.kind, "inbox")
            self._show_folder(data)
            self.message_list.focus()

    def show_drafts(self) -> None:
        """The Drafts folder: the user's saved drafts (Enter goes on writing)."""
        self.mode = "drafts"
        self.query_one(MailboxTree).point_at(DRAFTS)
        self.message_list.show(FixedPager([]), [], tr("Laddar utkast…", "Loading drafts…"))
        self._load_drafts()
        self.update_status()

    @work(thread=True, exclusive=True, group="inbox-drafts", exit_on_error=False)
    def _load_drafts(self) -> None:
        drafts = self.fbl_app.require_messenger().drafts.list()
        self.post_message(self.DraftsLoaded(drafts))

    def on_inbox_screen_drafts_loaded(self, message: DraftsLoaded) -> None:
        """Show the drafts (small: a person has a handful)."""
        if self.mode != "drafts":
            return
        rows = [DraftRow(d, (0, (n,))) for n, d in enumerate(message.drafts)]
        self.message_list.show(FixedPager(rows), rows, tr("Inga utkast.", "No drafts."))
        self.message_list.focus()

    @on(MessageList.Loaded)
    def list_loaded(self) -> None:
        """Counts changed: the status line says so."""
        self.update_status()

    # -- status --------------------------------------------------------------------------------

    def order_name(self) -> str:
        """The current order in words."""
        return {
            ListOrder.URGENT: tr("▲ brådskande först", "▲ most urgent first"),
            ListOrder.NEWEST: tr("▼ nyast först", "▼ newest first"),
            ListOrder.OLDEST: tr("▲ äldst först", "▲ oldest first"),
        }[self.order]

    def update_status(self) -> None:
        """Where we are and what is shown."""
        shown = self.message_list
        # An inexact total is a lower bound: "500+ meddelanden".
        total, more = (shown.total, False) if shown.exact else (shown.total - 1, True)
        if self.mode == "drafts":
            parts = [folder_name(DRAFTS), count(total, DRAFT, at_least=more)]
        elif self.mode == "search":
            parts = [self.search_status()]
        elif self.folder is not None:
            parts = [
                f"{short_box(self.folder.address)} › {folder_name(self.folder.folder)}",
                self.order_name(),
                self.filter_name(),
                count(total, MESSAGE, at_least=more),
                self.tags_status(),
            ]
        else:
            parts = []
        self.query_one(StatusLine).show(*parts)

    # -- live updates ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="inbox-live", exit_on_error=False)
    def _watch(self, inbox: Inbox) -> None:
        worker = get_current_worker()
        feed = inbox.changes()
        try:
            while not worker.is_cancelled:
                if feed.wait(POLL_SECONDS):
                    self.post_message(self.StoreChanged())
        finally:
            feed.close()

    def on_inbox_screen_store_changed(self) -> None:
        """Someone wrote: fresh counts, and the list re-anchored on the selected row."""
        self.reload()

    def on_screen_resume(self) -> None:
        """Back from the reader, compose or a dialog: things may have changed."""
        if self.fbl_app.inbox is not None:
            self.reload()

    def reload(self) -> None:
        """Reload counts and the current list."""
        self._refresh_counts()
        if self.mode == "folder":
            self.message_list.reload()
        elif self.mode == "drafts":
            self._load_drafts()

    @work(thread=True, exclusive=True, group="inbox-counts", exit_on_error=False)
    def _refresh_counts(self) -> None:
        inbox = self.fbl_app.inbox
        if inbox is None:
            return
        self.post_message(self.CountsLoaded(inbox.mailboxes(), inbox.draft_count()))

    def on_inbox_screen_counts_loaded(self, message: CountsLoaded) -> None:
        """Relabel the tree."""
        self.query_one(MailboxTree).show_boxes(message.boxes, message.drafts)

    # -- the access log -----------------------------------------------------------------------

    @work(thread=True, group="inbox-log", exit_on_error=False)
    def _log_view(self, mailbox_id: int, folder: str) -> None:
        """Opening a folder shows patients: one access-log row per opening."""
        self.fbl_app.require_messenger().inbox.log_view(mailbox_id, folder)

    def current_row(self) -> Row | None:
        """The row under the list's cursor."""
        return self.message_list.current

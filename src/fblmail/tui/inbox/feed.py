"""The inbox's side of the store: opening it, the unread counts, the change feed, the
user's drafts, and the access-log row for every folder opened.

The store is opened with the light `Inbox` reader (plain SQL), which gives the first rows
before the service layer has loaded; once they are on screen the app is asked to load it
(`ServiceWanted`). A store that cannot be opened, or a user who may not use it, ends the
app with the reason (`StoreUnusable`), never with a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from fblmail.domain.safe_text import one_line
from fblmail.errors import FblError, StoreProblem
from fblmail.i18n import tr
from fblmail.service.mailboxes.inbox import Inbox, InboxMailbox, InboxRow, Viewer
from fblmail.service.views import DraftView
from fblmail.tui.inbox.context import DRAFTS, InboxContext
from fblmail.tui.safe import line
from fblmail.tui.services import ServiceWanted, StoreUnusable
from fblmail.tui.widgets.mailbox_tree import FolderRef, MailboxTree
from fblmail.tui.widgets.message_list import WINDOW
from fblmail.tui.widgets.pager import DraftRow, FixedPager

POLL_SECONDS = 0.4


class StoreFeed:
    """Opens the store, keeps the counts fresh, watches for changes, lists the drafts."""

    @dataclass
    class Opened(Message):
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

    class Changed(Message):
        """Something changed in the store (another terminal, another process, us)."""

    @dataclass
    class DraftsLoaded(Message):
        """The user's drafts."""

        drafts: Sequence[DraftView]

    def __init__(self, context: InboxContext, tree: MailboxTree, topbar: Static) -> None:
        self.context = context
        self.tree = tree  # labelled with the mailboxes and their unread counts
        self.topbar = topbar  # says who is logged in

    # -- opening ------------------------------------------------------------------------------

    def open(self) -> None:
        """Open the store in a worker; `Opened` (or `StoreUnusable`) comes back."""
        services, place, post = self.context.services, self.context.place, self.context.post

        def work() -> None:
            one_line("")  # builds the escape tables here, not while the first rows are painted
            try:
                inbox = Inbox.for_settings(services.settings, services.clock)
                viewer = inbox.viewer()  # refuses an unknown or deactivated user
                boxes = inbox.mailboxes()
                first = next((b for b in boxes if b.kind == "fbl"), boxes[0] if boxes else None)
                folder = FolderRef(first.id, first.address, first.kind, "inbox") if first else None
                rows = inbox.first(place.query(folder), WINDOW) if folder else []
                drafts = inbox.draft_count()
            except FblError as exc:
                post(StoreUnusable(exc))
                return
            except Exception as exc:  # a store we cannot even read: a message, not a traceback
                from fblmail.store.faults import store_error

                problem = store_error(exc) or StoreProblem(
                    f"Databasen går inte att öppna ({type(exc).__name__}).",
                    f"The store cannot be opened ({type(exc).__name__}).",
                    field="database",
                )
                post(StoreUnusable(problem))
                return
            post(self.Opened(inbox, viewer, boxes, folder, rows, drafts))

        self.context.run(work, group="inbox-open", exclusive=True)

    def opened(self, message: Opened) -> None:
        """First rows on screen; then the service layer and the change feed."""
        context = self.context
        context.services.inbox = message.inbox
        who = message.viewer
        self.topbar.update(line(f"fblmail – {who.full_name}, {who.unit} ({who.login})"))
        self.tree.show_boxes(message.boxes, message.drafts)
        if message.folder is not None:
            context.show_folder(message.folder, list(message.rows))
        else:
            context.rows.show(
                FixedPager([]), [], tr("Du har inga brevlådor.", "You have no mailboxes.")
            )
        if message.drafts:
            context.notify(
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
        context.post(ServiceWanted())
        self._watch(message.inbox)

    # -- counts and the change feed ------------------------------------------------------------

    def refresh_counts(self) -> None:
        """Fresh unread counts in a worker (`CountsLoaded`)."""
        services, post = self.context.services, self.context.post

        def work() -> None:
            inbox = services.inbox
            if inbox is not None:
                post(self.CountsLoaded(inbox.mailboxes(), inbox.draft_count()))

        self.context.run(work, group="inbox-counts", exclusive=True)

    def _watch(self, inbox: Inbox) -> None:
        post = self.context.post

        def work() -> None:
            worker = get_current_worker()
            feed = inbox.changes()
            try:
                while not worker.is_cancelled:
                    if feed.wait(POLL_SECONDS):
                        post(self.Changed())
            finally:
                feed.close()

        self.context.run(work, group="inbox-live", exclusive=True)

    # -- drafts and the access log -----------------------------------------------------------

    def load_drafts(self) -> None:
        """The user's drafts in a worker (`DraftsLoaded`)."""
        services, post = self.context.services, self.context.post

        def work() -> None:
            post(self.DraftsLoaded(services.messenger().drafts.list()))

        self.context.run(work, group="inbox-drafts", exclusive=True)

    def drafts_loaded(self, message: DraftsLoaded) -> None:
        """Show the drafts (small: a person has a handful)."""
        if self.context.place.mode != DRAFTS:
            return
        rows = [DraftRow(d, (0, (n,))) for n, d in enumerate(message.drafts)]
        self.context.rows.show(FixedPager(rows), rows, tr("Inga utkast.", "No drafts."))
        self.context.rows.focus()

    def log_view(self, folder: FolderRef) -> None:
        """Opening a folder shows patients: one access-log row per opening."""
        services = self.context.services

        def work() -> None:
            services.messenger().inbox.log_view(folder.mailbox_id, folder.folder)

        self.context.run(work, group="inbox-log")

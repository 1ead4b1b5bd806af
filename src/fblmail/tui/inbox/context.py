"""What the inbox screen gives its collaborators: where the list is, and the screen's loop.

`InboxScreen` (screen.py) is one screen that owns small collaborators with one job each:
`Finder` (find.py: search, order, filter), `Tagger` (tags.py: tags, bulk actions, next
unread), `Preview` (reading.py: the reading pane and the read rule) and `MessageActions`
(actions.py: open, write, change, undo). None of them derives from a screen or holds one.
Each is given this `InboxContext`: the list widget, the `Services` holder, the shared
`ListPlace` (which folder, in which mode, order and filter), and the few things of the
screen they may ask for, as callables: run a thread worker on the screen (so its errors
reach the screen's one handler, `FblScreen`), post a typed message to the screen (safe
from a thread; the screen hands it back to the collaborator), notify, push a screen, mount
a one-line field under the status line, and the list's own refreshes (show a folder, the
status line, reload, the footer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from fblmail.service.mailboxes.inbox import ListFilter, ListOrder, ListQuery

if TYPE_CHECKING:
    from textual.app import App
    from textual.message import Message
    from textual.screen import Screen
    from textual.widget import Widget

    from fblmail.service.mailboxes.inbox import InboxRow
    from fblmail.tui.services import Services
    from fblmail.tui.widgets.mailbox_tree import FolderRef
    from fblmail.tui.widgets.message_list import MessageList

__all__ = ["InboxContext", "ListPlace", "Notify", "Run", "ShowFolder"]

FOLDER, DRAFTS, SEARCH = "folder", "drafts", "search"
"""The list's modes: a folder of a mailbox, the user's drafts, or search hits."""


@dataclass
class ListPlace:
    """Where the list is: the folder, what is shown (`mode`), in which order, filtered how."""

    folder: FolderRef | None = None
    mode: str = FOLDER
    order: ListOrder = ListOrder.URGENT
    filter: ListFilter = field(default_factory=ListFilter)

    def query(self, folder: FolderRef | None = None) -> ListQuery:
        """The list query for `folder` (default: the current one) in this order and filter."""
        where = folder if folder is not None else self.folder
        assert where is not None
        return ListQuery(where.mailbox_id, where.folder, self.order, self.filter)


class Run(Protocol):
    """Start `work` in a thread worker on the screen (errors go to its one handler)."""

    def __call__(self, work: Callable[[], None], *, group: str, exclusive: bool = False) -> None:
        """Start it."""


class ShowFolder(Protocol):
    """Show a folder in the list (with its first rows when they are at hand)."""

    def __call__(self, folder: FolderRef, rows: Sequence[InboxRow] | None = None) -> None:
        """Show it."""


class Notify(Protocol):
    """The screen's `notify` (user text always passed with `markup=False`)."""

    def __call__(
        self, message: str, *, severity: Any = ..., timeout: float | None = ...,
        markup: bool = ...,
    ) -> None:  # fmt: skip
        """Tell the user."""


@dataclass(frozen=True)
class InboxContext:
    """The list, the services, the place, and the screen's loop, for the collaborators."""

    rows: MessageList
    services: Services
    place: ListPlace
    app: Callable[[], App[Any]]
    run: Run
    post: Callable[[Message], object]
    notify: Notify
    push: Callable[[Screen[Any], Callable[[Any], None] | None], object]
    mount_field: Callable[[Widget], object]
    show_folder: ShowFolder
    update_status: Callable[[], None]
    reload: Callable[[], None]
    refresh_actions: Callable[[], None]

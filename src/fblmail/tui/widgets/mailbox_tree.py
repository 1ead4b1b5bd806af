"""The user's mailboxes, each with its folders and unread counts, and their Drafts.

Labels are Rich `Text` built from plain strings (a `str` label would be parsed as markup).
Updating the counts relabels the existing nodes, so the cursor and expansion stay put.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from fblmail.i18n import tr
from fblmail.present import folder_name, short_box
from fblmail.service.mailboxes.inbox import FOLDERS, InboxMailbox
from fblmail.tui.bindings import key as bind

DRAFTS = "drafts"
SEARCH = "search"


@dataclass(frozen=True)
class FolderRef:
    """One folder of one mailbox."""

    mailbox_id: int
    address: str
    kind: str
    folder: str


def _label(name: str, unread: int = 0, suffix: str = "") -> Text:
    label = Text(name + suffix, no_wrap=True, end="")
    if unread:
        label.append(f" ({unread})", style="bold")
    return label


NodeData = FolderRef | str

TREE_MIN_WIDTH = 110
"""Below this many columns the tree hides itself (unless the user asked for it, `b`)."""


class MailboxTree(Tree[NodeData]):
    """Mailboxes and folders; selecting a folder opens it in the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("enter", "select_cursor", "Öppna mapp", "Open folder", show=False, id="tree.open"),
        bind("j", "cursor_down", "Nästa mapp", "Next folder", show=False, id="tree.down"),
        bind("k", "cursor_up", "Föregående mapp", "Previous folder", show=False, id="tree.up"),
    ]  # fmt: skip

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text(tr("Brevlådor", "Mailboxes")), id=id)
        self.show_root = False
        self.guide_depth = 2
        self._shape: tuple[tuple[int, bool], ...] = ()
        self._folder_nodes: dict[tuple[int, str] | str, TreeNode[NodeData]] = {}
        self.chosen: bool | None = None  # shown or hidden by the user (`b`); None: by width

    def fit(self, width: int) -> bool:
        """Show or hide the tree for a terminal `width` columns wide (or as the user chose);
        True when it has just hidden itself with the focus in it (the caller moves it)."""
        show = self.chosen if self.chosen is not None else width >= TREE_MIN_WIDTH
        if self.display == show:
            return False
        self.display = show
        return not show and self.has_focus

    def show_boxes(self, boxes: Sequence[InboxMailbox], drafts: int) -> None:
        """Build the tree, or relabel it when only the counts changed."""
        shape = tuple((b.id, b.closed) for b in boxes)
        if shape != self._shape:
            self._rebuild(boxes)
            self._shape = shape
        for box in boxes:
            closed = tr(" (stängd)", " (closed)") if box.closed else ""
            self._folder_nodes[(box.id, "")].set_label(
                _label(short_box(box.address), box.unread_in("inbox"), closed)
            )
            for folder in FOLDERS:
                unread = box.unread_in(folder) if folder != "sent" else 0
                self._folder_nodes[(box.id, folder)].set_label(_label(folder_name(folder), unread))
        self._folder_nodes[DRAFTS].set_label(
            _label(folder_name(DRAFTS), 0, f" ({drafts})" if drafts else "")
        )

    def _rebuild(self, boxes: Sequence[InboxMailbox]) -> None:
        self.clear()
        self._folder_nodes.clear()
        for box in boxes:
            data = FolderRef(box.id, box.address, box.kind, "")
            node = self.root.add(_label(short_box(box.address)), data=data, expand=True)
            self._folder_nodes[(box.id, "")] = node
            for folder in FOLDERS:
                ref = FolderRef(box.id, box.address, box.kind, folder)
                self._folder_nodes[(box.id, folder)] = node.add_leaf(
                    _label(folder_name(folder)), ref
                )
        self._folder_nodes[DRAFTS] = self.root.add_leaf(_label(folder_name(DRAFTS)), DRAFTS)

    def select_folder(self, folder: str, *, kind: str = "fbl", address: str = "") -> None:
        """Open a folder as if chosen (the first mailbox of `kind`, or the one at `address`)."""
        if folder == DRAFTS:
            self.select_node(self._folder_nodes[DRAFTS])
            return
        for key, node in self._folder_nodes.items():
            ref = node.data
            if not (isinstance(key, tuple) and key[1] == folder and isinstance(ref, FolderRef)):
                continue
            if ref.address == address or (not address and ref.kind == kind):
                self.select_node(node)
                return
        raise LookupError(f"no folder {folder!r} of a {kind} mailbox {address!r}")

    def point_at(self, ref: FolderRef | str) -> None:
        """Move the tree's cursor to a folder (without opening it again)."""
        key = ref if isinstance(ref, str) else (ref.mailbox_id, ref.folder)
        node = self._folder_nodes.get(key)
        if node is not None:
            self.move_cursor(node)

"""README's keyboard map stays in step with the inbox's, the list's, the tree's and the
app's bindings: every binding id is named there (the reader's are summed up as reader.*)."""

from __future__ import annotations

from textual.binding import Binding

from fblmail.tui.app import FblApp
from fblmail.tui.inbox.screen import InboxScreen
from fblmail.tui.widgets.mailbox_tree import MailboxTree
from fblmail.tui.widgets.message_list import MessageList
from kit.people import REPO


def test_every_inbox_binding_id_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    for cls in (InboxScreen, MessageList, MailboxTree, FblApp):
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.id and binding.id.split(".")[0] in ("inbox", "list", "tree", "app"):
                assert f"`{binding.id}`" in readme, binding.id
    assert "`reader.*`" in readme

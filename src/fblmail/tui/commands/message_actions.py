"""What can be done to a message, in one place for the list and the reader.

Reply, forward and print open their screens the same way from the inbox's list and from
the reader (`reply`, `forward`, `print_one`, `print_each`); when they apply is decided here
(`applies`); and the folder changes the list makes (delete, restore, move, mark read, and
their undo) are one `Change` applied through the service by `apply_change`, the single
place that knows which use case undoes which. A new message command belongs here, with
its key on the screens that offer it.

Every command that touches the store goes through the service layer (`Messenger`, from
the `Services` holder the calling screen was given), which checks access and writes the
access log in the same transaction. A command does nothing until the service is loaded
(the screens grey it out until then).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fblmail.i18n import quoted, tr
from fblmail.present import folder_name
from fblmail.service.views import MessageSummary
from fblmail.tui.safe import plain_line

if TYPE_CHECKING:
    from textual.app import App

    from fblmail.service.mailboxes.folders import Folders
    from fblmail.tui.services import Services

__all__ = [
    "Change",
    "Written",
    "applies",
    "apply_change",
    "compose",
    "done_text",
    "forward",
    "print_each",
    "print_one",
    "reply",
]

Written = Callable[[MessageSummary | None], None]
"""Called when a compose, reply or forward screen closes (with what it sent, or None)."""


# -- when a command applies --------------------------------------------------------------


def applies(action: str, summary: MessageSummary | None, *, personal: bool = False) -> bool:
    """Whether a message command applies to this message (the screens grey out the rest).

    `personal`: the message is seen in a personal mailbox (a forwarded copy, R13).
    """
    if summary is None:
        return False
    in_trash = summary.folder == "trash"
    if action in ("reply", "forward") and in_trash:
        return False  # restore it first
    if action == "forward" and personal:
        return False  # R13: forwards go from an FBL; a personal copy is not forwarded on
    if action == "delete":
        return not in_trash
    if action == "restore":
        return in_trash
    return True


# -- writing -----------------------------------------------------------------------------


def compose(app: App[Any], services: Services, written: Written) -> None:
    """A new message."""
    from fblmail.tui.compose.screen import ComposeScreen

    if services.ready:
        app.push_screen(ComposeScreen(services.messenger()), written)


def reply(app: App[Any], services: Services, summary: MessageSummary, written: Written) -> None:
    """Answer the message (asks first when a colleague took it or is writing, issue 11)."""
    from fblmail.tui.compose.screen import ComposeScreen
    from fblmail.tui.team.handling import ask_before_reply

    if not services.ready:
        return
    messenger = services.messenger()
    ask_before_reply(
        app,
        messenger,
        summary,
        lambda: app.push_screen(ComposeScreen(messenger, reply_to=summary.id), written),
    )


def forward(app: App[Any], services: Services, summary: MessageSummary, written: Written) -> None:
    """Forward the message to a named colleague's personal mailbox (R13)."""
    from fblmail.tui.compose.forward import ForwardScreen

    if services.ready:
        app.push_screen(ForwardScreen(services.messenger(), summary.id), written)


# -- printing ----------------------------------------------------------------------------


def print_one(app: App[Any], services: Services, summary: MessageSummary) -> None:
    """Print the message as working material (R16), after the dialog's reminder (R14)."""
    print_each(app, services, [summary])


def print_each(app: App[Any], services: Services, summaries: Sequence[MessageSummary]) -> None:
    """Print several messages, one dialog after the other (the tagged set)."""
    from fblmail.tui.printing.dialog import PrintDialog

    if not services.ready:
        return
    messenger = services.messenger()
    pending = list(summaries)

    def next_one(_result: object = None) -> None:
        if pending:
            app.push_screen(PrintDialog(messenger, pending.pop(0).id), next_one)

    next_one()


# -- folder changes and their undo -------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A change the user made to one message, and enough to undo it."""

    action: str  # "delete" | "restore" | "move" | "read"
    summary: MessageSummary  # the message as it was before
    value: str = ""  # the destination folder, or "1"/"0" for read
    key: Any = None  # its place in the list, to come back to after an undo


def apply_change(folders: Folders, change: Change, undo: bool) -> None:
    """Do (or undo) one change through the service (call in a worker thread)."""
    ref, box = change.summary.id, change.summary.mailbox
    action = change.action
    if undo:  # the opposite of what was done
        if action == "delete":
            folders.restore(ref, mailbox=box)
        elif action == "restore":
            folders.delete(ref, mailbox=box)
        elif action == "move":
            folders.move(ref, change.summary.folder, mailbox=box)
        else:
            folders.mark_read(ref, change.summary.read, mailbox=box)
    elif action == "delete":
        folders.delete(ref, mailbox=box)
    elif action == "restore":
        folders.restore(ref, mailbox=box)
    elif action == "move":
        folders.move(ref, change.value, mailbox=box)
    else:
        folders.mark_read(ref, change.value == "1", mailbox=box)


def done_text(change: Change) -> str:
    """What a change did, in the user's language (the subject shown as data)."""
    subject = quoted(plain_line(change.summary.subject, 40))
    if change.action == "delete":
        return tr(f"{subject} flyttat till papperskorgen (u ångrar).",
                  f"{subject} moved to the trash (u undoes).")  # fmt: skip
    if change.action == "restore":
        return tr(f"{subject} återställt.", f"{subject} restored.")
    if change.action == "move":
        return tr(f"{subject} flyttat till {folder_name(change.value)} (u ångrar).",
                  f"{subject} moved to {folder_name(change.value)} (u undoes).")  # fmt: skip
    if change.value == "1":
        return tr(f"{subject} markerat som läst.", f"{subject} marked as read.")
    return tr(f"{subject} markerat som oläst.", f"{subject} marked as unread.")

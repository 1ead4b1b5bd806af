"""Going on with a saved draft: the screen that continues it (compose, reply or forward).

Kept apart from `drafting.py`, which the draft screens import: the draft keeper knows no
screen, so the compose folder has no import circle.
"""

from __future__ import annotations

from fblmail.service import Messenger
from fblmail.service.views import DraftView
from fblmail.tui.compose.draft_screen import DraftScreen
from fblmail.tui.compose.forward import ForwardScreen
from fblmail.tui.compose.screen import ComposeScreen

__all__ = ["screen_for_draft"]


def screen_for_draft(messenger: Messenger, draft: DraftView) -> DraftScreen:
    """The screen that continues a saved draft (compose, reply or forward)."""
    if draft.forward_of_id:
        return ForwardScreen(messenger, draft.forward_of_id, draft_id=draft.id)
    return ComposeScreen(messenger, reply_to=draft.reply_to_id, draft_id=draft.id)

"""At start: say so when a check window is open and its shift unsigned, and offer the round.

Runs once the service layer is loaded, in a worker (the app's `on_service_ready`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fblmail.i18n import tr
from fblmail.present import shift_label
from fblmail.service.duty.duty_round import UnsignedShift
from fblmail.tui.safe import plain_line

if TYPE_CHECKING:
    from textual.app import App

    from fblmail.service import Messenger

REMINDER_SECONDS = 20


def reminder_text(unsigned: tuple[UnsignedShift, ...]) -> str:
    """`Eftermiddagens kontroll (13:00-16:00) av X är inte signerad. F2: gör kontrollen.`"""
    parts = []
    for item in unsigned:
        label = shift_label(item.shift)
        parts.append(
            tr(
                f"{label.capitalize()}ens kontroll ({item.window}) av {item.mailbox} är inte "
                "signerad.",
                f"The {label} check ({item.window}) of {item.mailbox} is not signed.",
            )
        )
    parts.append(tr("Tryck F2 för dagens kontroll.", "Press F2 for the duty check."))
    return " ".join(parts)


def remind(app: App[Any], messenger: Messenger) -> None:
    """In a worker thread: look up unsigned shifts and notify (nothing when all is signed)."""
    unsigned = messenger.duty.unsigned_now()
    if unsigned:
        app.call_from_thread(
            app.notify,
            plain_line(reminder_text(unsigned), 600),
            title=tr("Dagens kontroll", "The duty check"),
            severity="warning",
            timeout=REMINDER_SECONDS,
            markup=False,
        )

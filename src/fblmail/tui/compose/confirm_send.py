"""The last look before sending: patient and recipient in full, Enter or j (Swedish) / y
(English) sends, Escape or n goes back.

Every value shown here was typed or comes from the store, so it is shown as data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from fblmail.i18n import tr
from fblmail.tui import safe
from fblmail.tui.base import FblModalScreen
from fblmail.tui.bindings import key

__all__ = ["ConfirmSendScreen", "SendPreview"]


@dataclass(frozen=True)
class SendPreview:
    """What is about to be sent, as the user should check it."""

    from_address: str
    to_address: str
    patient: str
    category: str
    subject: str
    reply: bool = False
    journal_title: str = ""


class ConfirmSendScreen(FblModalScreen[bool]):
    """Asks once more; dismisses with True to send, False to go back to editing."""

    CSS_PATH = "confirm_send.tcss"
    HELP_TITLE = ("Bekräfta sändning", "Confirm sending")

    BINDINGS: ClassVar[list[BindingType]] = [
        key("enter,j", "confirm", "Skicka", "Send", "Skicka meddelandet nu",
            "Send the message now", keys_en="enter,y", priority=True, id="confirm_send.confirm"),
        key("escape,n", "cancel", "Tillbaka", "Back", "Tillbaka till meddelandet, inget skickas",
            "Back to the message, nothing is sent", priority=True, id="confirm_send.cancel"),
    ]  # fmt: skip

    def __init__(self, preview: SendPreview) -> None:
        super().__init__()
        self.preview = preview

    def compose(self) -> ComposeResult:
        """The rows to check and the keys."""
        p = self.preview
        rows: list[tuple[str, Content]] = [
            (tr("Patient", "Patient"), safe.line(p.patient, style="bold")),
            (tr("Till", "To"), safe.line(p.to_address, style="bold")),
            (tr("Från", "From"), safe.line(p.from_address)),
            (tr("Kategori", "Category"), safe.line(p.category)),
            (tr("Ämne", "Subject"), safe.line(p.subject, 200)),
        ]
        if p.journal_title:
            rows.append((tr("Journallänk", "Journal note"), safe.line(p.journal_title, 200)))
        title = (
            tr("Skicka svaret?", "Send the reply?")
            if p.reply
            else tr("Skicka meddelandet?", "Send the message?")
        )
        with Vertical(id="confirm-box"):
            yield Static(Content.styled(title, "bold"), id="confirm-title")
            for label, value in rows:
                line = Content.assemble((f"{label}: ", "dim"), value)
                yield Static(line, classes="confirm-row", markup=False)
            yield Static(
                tr(
                    "Kontrollera patient och mottagare. Enter eller j skickar, Esc går tillbaka.",
                    "Check the patient and the recipient. Enter or y sends, Esc goes back.",
                ),
                id="confirm-hint",
                markup=False,
            )
        yield Footer()

    def action_confirm(self) -> None:
        """Send."""
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Back to editing; nothing is sent."""
        self.dismiss(False)

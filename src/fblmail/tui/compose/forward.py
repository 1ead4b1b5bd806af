"""Forward a message to a named colleague's personal mailbox (R13, R14).

Only people of the user's own organisation with an account can be chosen, and the user
confirms that the person has been told the message is coming. The service checks both
again; its refusal says to use another channel, and the note typed so far stays (and is
kept as a draft while typing, like a message).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Label,
    LoadingIndicator,
    Select,
    Static,
    TextArea,
)

from fblmail.errors import FblError, Refused
from fblmail.i18n import tr
from fblmail.service import Messenger
from fblmail.service.mailboxes.drafts import DraftInput
from fblmail.service.views import AccountView, DraftView, MessageDetail, MessageSummary
from fblmail.tui import safe
from fblmail.tui.bindings import key
from fblmail.tui.compose.draft_screen import DraftScreen
from fblmail.tui.widgets.safe_fields import SafeTextArea
from fblmail.tui.widgets.tick_box import TickBox

__all__ = ["ForwardScreen"]


@dataclass(frozen=True)
class ForwardSetup:
    """The message and the people it can go to."""

    original: MessageDetail
    colleagues: tuple[AccountView, ...]
    draft: DraftView | None


def _person(account: AccountView) -> Text:
    label = f"{account.full_name} ({account.title})" if account.title else account.full_name
    return safe.rich_line(f"{label} – {account.login}")


class ForwardScreen(DraftScreen):
    """Forward one message; dismisses with the forwarded copy's summary or None."""

    CSS_PATH = "forward.tcss"
    AUTO_FOCUS = None
    HELP_TITLE = ("Vidarebefordra", "Forward")

    BINDINGS: ClassVar[list[BindingType]] = [
        key("ctrl+s", "forward", "Vidarebefordra", "Forward",
            "Skicka till kollegans personliga brevlåda (R13)",
            "Send to the colleague's personal mailbox (R13)", id="forward.send"),
        key("escape", "leave", "Tillbaka", "Back", "Tillbaka; kommentaren sparas som utkast",
            "Back; the note is kept as a draft", id="forward.back"),
    ]  # fmt: skip

    @dataclass
    class SetupLoaded(Message):
        """The message and the colleagues came back from the store."""

        setup: ForwardSetup

    @dataclass
    class Failed(Message):
        """Opening or forwarding was refused."""

        error: FblError
        opening: bool = False

    @dataclass
    class Forwarded(Message):
        """The service stored the forward."""

        summary: MessageSummary

    def __init__(
        self, messenger: Messenger, message_id: str, *, draft_id: str | None = None
    ) -> None:
        super().__init__(messenger, draft_id)
        self.message_id = message_id
        self.setup: ForwardSetup | None = None

    def compose(self) -> ComposeResult:
        """Title, the form (once loaded), the refusal line, the footer."""
        yield Static(Content.styled(tr("Vidarebefordra", "Forward"), "bold"), id="forward-title")
        with VerticalScroll(id="forward-form"):
            yield LoadingIndicator()
        yield Static("", id="refusal", markup=False)
        yield Static("", id="draft-state", markup=False)
        yield Footer()

    @work(thread=True, exit_on_error=False, group="forward-setup")
    def _load(self) -> None:
        try:
            original = self.messenger.folders.show(self.message_id, mark_read=False)
            colleagues = tuple(self.messenger.directory.colleagues())
            draft = self.messenger.drafts.get(self.keeper.draft_id) if self.keeper.stored else None
        except FblError as exc:
            self.post_message(self.Failed(exc, opening=True))
            return
        self.post_message(self.SetupLoaded(ForwardSetup(original, colleagues, draft)))

    @on(SetupLoaded)
    async def _loaded(self, event: SetupLoaded) -> None:
        setup = self.setup = event.setup
        s = setup.original.summary
        self.message_id = s.id
        rows = [
            (tr("Från", "From"), safe.line(s.sender)),
            (tr("Patient", "Patient"), safe.line(s.patient, style="bold")),
            (tr("Kategori", "Category"), safe.line(s.category)),
            (tr("Ämne", "Subject"), safe.line(s.subject, 200)),
        ]
        people = [(_person(a), a.login) for a in setup.colleagues]
        form = self.query_one("#forward-form", VerticalScroll)
        await form.remove_children()
        await form.mount_all(
            [
                Vertical(
                    *(
                        Static(Content.assemble((f"{k}: ", "dim"), v), classes="message-row")
                        for k, v in rows
                    ),
                    id="message-box",
                ),
                Horizontal(
                    Label(tr("Till", "To"), classes="field-label"),
                    Select(
                        people,
                        prompt=tr(
                            "Välj en namngiven kollega i din organisation",
                            "Choose a named colleague in your organisation",
                        )
                        if people
                        else tr(
                            "Ingen kollega har konto – använd en annan kanal (R13)",
                            "No colleague has an account – use another channel (R13)",
                        ),
                        id="forward-to",
                        compact=True,
                    ),
                    classes="field-row",
                ),
                TickBox(
                    Content(
                        tr(
                            "Mottagaren vet att meddelandet kommer (R13)",
                            "The recipient has been told it is coming (R13)",
                        )
                    ),
                    id="informed",
                    compact=True,
                ),
                Horizontal(
                    Label(tr("Kommentar", "Note"), classes="field-label"),
                    SafeTextArea(id="note", soft_wrap=True, compact=True),
                    classes="field-row",
                ),
                Static(
                    tr(
                        "Vidarebefordra bara till en namngiven person med konto som vet att "
                        "meddelandet kommer; annars används en annan kanal (R13). Skriv inte "
                        "ut meddelandet för att lämna det vidare (R14).",
                        "Forward only to a named person with an account who knows it is "
                        "coming; otherwise use another channel (R13). Do not print the "
                        "message to pass it on (R14).",
                    ),
                    id="forward-hint",
                    markup=False,
                ),
                Horizontal(
                    Button(
                        tr("Vidarebefordra (Ctrl+S)", "Forward (Ctrl+S)"),
                        id="forward",
                        variant="primary",
                        compact=True,
                    ),
                    id="actions",
                ),
            ]
        )
        prefill = self._draft()
        self.keeper.set_baseline(prefill)
        if setup.draft is not None:
            known = {a.login for a in setup.colleagues}
            if setup.draft.forward_to_login in known:
                self.query_one("#forward-to", Select).value = setup.draft.forward_to_login
            self.query_one("#note", TextArea).text = setup.draft.body
            self.keeper.mark_stored(self._draft())
        self._ready = True
        self.query_one("#forward-to", Select).focus()

    def _login(self) -> str:
        if self.setup is None:
            return ""
        value = self.query_one("#forward-to", Select).value
        return value if isinstance(value, str) else ""

    def _note(self) -> str:
        return self.query_one("#note", TextArea).text if self._ready else ""

    def _draft(self) -> DraftInput:
        setup = self.setup
        if setup is None:
            return DraftInput(forward_of_id=self.message_id)
        s = setup.original.summary
        return DraftInput(
            from_address=s.mailbox,
            category=s.category,
            patient=s.patient,
            subject=s.subject,
            body=self._note(),
            forward_of_id=s.id,
            forward_to_login=self._login(),
        )

    @on(Select.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event: Message) -> None:
        if self._ready:
            self._edited()
            typed = isinstance(event, TextArea.Changed)
            self.autosaver.changed(self._draft(), now=not typed)

    # -- forwarding --------------------------------------------------------------------------

    @on(Button.Pressed, "#forward")
    def _pressed(self) -> None:
        self.action_forward()

    def action_forward(self) -> None:
        """Forward through the service (which checks R13 again)."""
        if self.setup is None or self.sending:
            return
        informed = self.query_one("#informed", Checkbox).value
        problems: list[FblError] = []
        if not self._login():
            problems.append(
                Refused(
                    "Välj en namngiven kollega (Till).",
                    "Choose a named colleague (To).",
                    field="to",
                    rule="R13",
                )
            )
        if not informed:
            problems.append(
                Refused(
                    "Mottagaren ska veta att meddelandet kommer{hint}; annars används en "
                    "annan kanal (t.ex. telefon).",
                    "The recipient must know the message is coming{hint}; otherwise use "
                    "another channel (e.g. the phone).",
                    field="informed",
                    rule="R13",
                    hint="recipient_informed",
                )
            )
        if problems:
            self._refuse(problems)
            return
        self.sending = True
        self.autosaver.cancel()
        self._forward(self._login(), informed, self._note())

    @work(thread=True, exit_on_error=False, group="forward-send")
    def _forward(self, login: str, informed: bool, note: str) -> None:
        messenger, keeper, ref = self.messenger, self.keeper, self.message_id
        try:
            summary = keeper.finish(
                lambda: messenger.messaging.forward(
                    ref,
                    login,
                    recipient_informed=informed,
                    note=note or None,
                    draft_id=keeper.draft_id,
                )
            )
        except FblError as exc:  # a refusal: shown beside the form, which stays as typed
            self.post_message(self.Failed(exc))
            return
        # Anything else fails the worker: `FblScreen` says so and calls `reset_busy`.
        self.post_message(self.Forwarded(summary))

    @on(Forwarded)
    def _forwarded(self, event: Forwarded) -> None:
        self._done(event.summary, tr("Vidarebefordrat till ", "Forwarded to "))

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        if event.opening:
            self._give_up(event.error, timeout=8)
        else:
            self._refuse(event.error)

    def _refusal_prefix(self) -> str:
        return tr("Kan inte vidarebefordras: ", "Cannot be forwarded: ")

    def _focus_refused(self, error: FblError) -> None:
        target = {"to": "#forward-to", "informed": "#informed"}.get(error.field or "")
        if target is not None:
            self.query_one(target).focus()

"""Compose a new message or a reply, with the routine's checks shown as the user types.

From (the user's open FBLs), To (preset list first, R5), Category (R8, with the R7 warning
for "För kännedom"), Patient (checked as typed, R2), Subject, Body, the R3 and R9
confirmations and, for health-centre staff only, a journal-note link (R12). A reply takes
From/To/Category/Patient from the thread and shows them. Ctrl+S checks the form, shows a
confirmation with the patient and the recipient in full, and sends through the service; a
refusal is shown as plain text and everything typed stays. The draft is saved while the user
types (`fblmail.tui.compose.drafting`), and Escape keeps it.

Every store access runs in a worker thread; results come back as messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Input,
    Select,
    Static,
    TextArea,
)

from fblmail.domain import rules
from fblmail.errors import FblError
from fblmail.i18n import tr
from fblmail.service import Messenger
from fblmail.service.mailboxes.drafts import DraftInput
from fblmail.service.views import MessageSummary
from fblmail.tui.bindings import key
from fblmail.tui.compose.confirm_send import ConfirmSendScreen
from fblmail.tui.compose.draft_screen import DraftScreen
from fblmail.tui.compose.form import FIELD_WIDGETS, ComposeForm
from fblmail.tui.compose.setup import (
    ComposeSetup,
    FormValues,
    load_setup,
    precheck,
)
from fblmail.tui.widgets.recipient_picker import RecipientPicker

__all__ = ["ComposeScreen"]


class ComposeScreen(DraftScreen):
    """Write and send a message or a reply; dismisses with the sent summary or None."""

    CSS_PATH = "compose.tcss"
    AUTO_FOCUS = None
    HELP_TITLE = ("Skriva och svara", "Compose and reply")
    HELP_WIDGETS = (RecipientPicker,)

    BINDINGS: ClassVar[list[BindingType]] = [
        key("ctrl+s", "send", "Skicka", "Send",
            "Kontrollera och skicka (visar patient och mottagare först)",
            "Check and send (shows patient and recipient first)", id="compose.send"),
        # Priority: the fields use Ctrl+E for "end of line"; End still does that.
        key("ctrl+e", "edit_body", "Editor", "Editor",
            "Skriv meddelandet i din egen editor ($EDITOR)",
            "Write the message in your own editor ($EDITOR)", priority=True, id="compose.editor"),
        key("escape", "leave", "Tillbaka", "Back", "Tillbaka; det du skrivit sparas som utkast",
            "Back; what you wrote is kept as a draft", id="compose.back"),
    ]

    @dataclass
    class SetupLoaded(Message):
        """The form's choices came back from the store."""

        setup: ComposeSetup

    @dataclass
    class SetupFailed(Message):
        """The form could not be opened (e.g. the message to answer is not the user's)."""

        error: FblError

    @dataclass
    class Sent(Message):
        """The service stored the message."""

        summary: MessageSummary

    @dataclass
    class Refused(Message):
        """The service (or the pre-check) refused; the form stays as typed."""

        errors: list[FblError]

    def __init__(
        self, messenger: Messenger, *, reply_to: str | None = None, draft_id: str | None = None
    ) -> None:
        super().__init__(messenger, draft_id)
        self.reply_to = reply_to
        self.setup: ComposeSetup | None = None
        self.form = ComposeForm(id="compose-form")

    # -- building the form -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """A title, the form (filled once loaded), the refusal line and the footer."""
        title = tr("Svar", "Reply") if self.reply_to else tr("Nytt meddelande", "New message")
        yield Static(Content.styled(title, "bold"), id="compose-title")
        yield self.form
        yield Static("", id="refusal", markup=False)
        yield Static("", id="draft-state", markup=False)
        yield Footer()

    @work(thread=True, exit_on_error=False, group="compose-setup")
    def _load(self) -> None:
        try:
            setup = load_setup(
                self.messenger, self.reply_to, self.keeper.draft_id if self.keeper.stored else None
            )
        except FblError as exc:
            self.post_message(self.SetupFailed(exc))
            return
        self.post_message(self.SetupLoaded(setup))

    @on(SetupFailed)
    def _setup_failed(self, event: SetupFailed) -> None:
        self._give_up(event.error)

    @on(SetupLoaded)
    async def _setup_loaded(self, event: SetupLoaded) -> None:
        setup = event.setup
        self.setup = setup
        if setup.original is not None:
            self.reply_to = setup.original.summary.id  # also when a draft said so
            self.query_one("#compose-title", Static).update(
                Content.styled(tr("Svar", "Reply"), "bold")
            )
        prefill = await self.form.fill(setup)
        self.keeper.set_baseline(prefill.draft())
        if setup.draft is not None:
            # What the draft holds is already stored; only changes need saving.
            self.keeper.mark_stored(self.values().draft())
        self._ready = True
        self.form.show_hints()
        self.form.focus_first_empty()

    # -- reading the form --------------------------------------------------------------------

    def values(self) -> FormValues:
        """The form as typed."""
        return self.form.values()

    def _draft(self) -> DraftInput:
        return self.values().draft()

    # -- reacting to typing ------------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(RecipientPicker.Chosen)
    def _form_changed(self, event: Message) -> None:
        if not self._ready:
            return
        values = self.values()
        self.form.show_hints(values)
        self._edited()
        # A choice is a field change: saved at once; typing is saved on a pause or deadline.
        typed = isinstance(event, (Input.Changed, TextArea.Changed))
        self.autosaver.changed(values.draft(), now=not typed)

    @on(Select.Changed, "#from")
    def _sender_changed(self, event: Select.Changed) -> None:
        if self.setup is not None and isinstance(event.value, str):
            self.form.offer_recipients(event.value)

    # -- sending -----------------------------------------------------------------------------

    def action_send(self) -> None:
        """Check the form, confirm patient and recipient, then send."""
        setup = self.setup
        if setup is None or self.sending:
            return
        values = self.values()
        problems = precheck(values, setup)
        if problems:
            self.post_message(self.Refused(problems))
            return
        self.autosaver.cancel()

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.sending = True
                self._show_refusals([])
                self._send(values)

        from fblmail.tui.team.open_question import ask_if_new

        ask_if_new(  # an open question about the patient to that FBL is shown first (issue 11)
            self.app,
            self.messenger,
            values.patient,
            values.to_address,
            values.reply_to_id is not None,
            lambda: self.app.push_screen(ConfirmSendScreen(values.preview(setup.today)), confirmed),
        )

    def action_edit_body(self) -> None:
        """The body in `$EDITOR`; back here, the R6 and R9 checks run on what came back."""
        from fblmail.tui.compose.external_editor import edit_in_editor

        body = self.form.get("body")
        if self.setup is None or self.sending or not isinstance(body, TextArea):
            return
        edited = edit_in_editor(self.app, body.text)
        self.refresh(layout=True)
        if edited.text is None:
            self.app.notify(edited.problem, severity="warning", markup=False, timeout=8)
            return
        body.text = edited.text  # Changed: hints, autosave
        body.focus()
        values = self.values()
        problems: list[FblError] = []
        for check in (
            lambda: rules.required_text(values.body, "body", rules.BODY_MAX),
            lambda: rules.not_acute([values.subject, values.body], values.not_acute),
        ):
            try:
                check()
            except FblError as exc:
                problems.append(exc)
        if problems:
            self.call_after_refresh(self._refuse, problems)
        else:
            self.app.notify(tr("Texten från editorn är inlagd.", "The text from the editor is in."))

    @on(Button.Pressed, "#send")
    def _send_pressed(self) -> None:
        self.action_send()

    @work(thread=True, exit_on_error=False, group="compose-send")
    def _send(self, values: FormValues) -> None:
        messenger, keeper = self.messenger, self.keeper
        try:
            if values.reply_to_id is not None:
                summary = keeper.finish(
                    lambda: messenger.messaging.reply(
                        values.reply_to_id or "",
                        values.body,
                        subject=values.subject,
                        not_acute=values.not_acute,
                        journal_note=values.journal_reference or None,
                        journal_title=values.journal_title or None,
                        draft_id=keeper.draft_id,
                    )
                )
            else:
                summary = keeper.finish(
                    lambda: messenger.messaging.send(values.outgoing(keeper.draft_id))
                )
        except FblError as exc:  # a refusal: shown beside the form, which stays as typed
            self.post_message(self.Refused([exc]))
            return
        # Anything else fails the worker: `FblScreen` says so and calls `reset_busy`.
        self.post_message(self.Sent(summary))

    @on(Sent)
    def _sent(self, event: Sent) -> None:
        self._done(event.summary, tr("Skickat till ", "Sent to "))

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        self._refuse(event.errors)

    def _focus_refused(self, error: FblError) -> None:
        # R9 is answered by its box, not by more typing in the body.
        name = "not-acute" if error.rule == "R9" else FIELD_WIDGETS.get(error.field or "", "")
        target = self.form.get(name)
        if target is not None and target.focusable:
            target.focus()

    def _refusal_prefix(self) -> str:
        return tr("Kan inte skickas: ", "Cannot be sent: ")


"""Compose a new message or a reply, with the routine's checks shown as the user types.

From (the user's open FBLs), To (preset list first, R5), Category (R8, with the R7 warning
for "För kännedom"), Patient (checked as typed, R2), Subject, Body, the R3 and R9
confirmations and, for health-centre staff only, a journal-note link (R12). A reply takes
From/To/Category/Patient from the thread and shows them. Ctrl+S checks the form, shows a
confirmation with the patient and the recipient in full, and sends through the service; a
refusal is shown as plain text and everything typed stays. The draft is saved while the user
types (`fblmail.tui.drafting`), and Escape keeps it.

Every store access runs in a worker thread; results come back as messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Input,
    LoadingIndicator,
    Select,
    Static,
    TextArea,
)

from fblmail.errors import FblError
from fblmail.i18n import language, tr
from fblmail.service import Messenger
from fblmail.service.views import MessageSummary
from fblmail.tui import safe
from fblmail.tui.drafting import AutoSaver, DraftKeeper, has_content, install_exit_guard
from fblmail.tui.screens.compose_form import (
    FIELD_WIDGETS,
    FormFields,
    form_widgets,
    restore_form,
    show_recipients,
)
from fblmail.tui.screens.compose_setup import (
    ComposeSetup,
    FormValues,
    load_setup,
    precheck,
)
from fblmail.tui.screens.confirm_send import ConfirmSendScreen
from fblmail.tui.widgets.recipient_picker import RecipientPicker

__all__ = ["ComposeScreen"]


class ComposeScreen(Screen[MessageSummary | None]):
    """Write and send a message or a reply; dismisses with the sent summary or None."""

    CSS_PATH = "compose.tcss"
    AUTO_FOCUS = None
    HELP_TITLE = tr("Skriva och svara", "Compose and reply")
    HELP_WIDGETS = (RecipientPicker,)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "send",
            tr("Skicka", "Send"),
            tooltip=tr(
                "Kontrollera och skicka (visar patient och mottagare först)",
                "Check and send (shows patient and recipient first)",
            ),
            id="compose.send",
        ),
        Binding(
            "escape",
            "leave",
            tr("Tillbaka", "Back"),
            tooltip=tr(
                "Tillbaka; det du skrivit sparas som utkast",
                "Back; what you wrote is kept as a draft",
            ),
            id="compose.back",
        ),
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

        error: FblError

    def __init__(
        self, messenger: Messenger, *, reply_to: str | None = None, draft_id: str | None = None
    ) -> None:
        super().__init__()
        self.messenger = messenger
        self.reply_to = reply_to
        self.keeper = DraftKeeper(messenger, draft_id, existing=draft_id is not None)
        self.autosaver = AutoSaver(self, self.keeper)
        self.setup: ComposeSetup | None = None
        self.sending = False
        self.refusal: FblError | None = None
        self._ready = False
        self.form = FormFields({})

    # -- building the form -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """A title, the form (filled once loaded), the refusal line and the footer."""
        title = tr("Svar", "Reply") if self.reply_to else tr("Nytt meddelande", "New message")
        yield Static(Content.styled(title, "bold"), id="compose-title")
        with VerticalScroll(id="compose-form"):
            yield LoadingIndicator(id="compose-loading")
        yield Static("", id="refusal", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Load the choices in a worker and guard drafts against a hang-up."""
        install_exit_guard(self.app)
        self.query_one("#refusal").display = False
        self._load()

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
        self.app.notify(
            safe.plain_line(event.error.message(language()), 600), severity="error", markup=False
        )
        self.keeper.close()
        self.dismiss(None)

    @on(SetupLoaded)
    async def _setup_loaded(self, event: SetupLoaded) -> None:
        setup = event.setup
        self.setup = setup
        if setup.original is not None:
            self.reply_to = setup.original.summary.id  # also when a draft said so
            self.query_one("#compose-title", Static).update(
                Content.styled(tr("Svar", "Reply"), "bold")
            )
        form = self.query_one("#compose-form", VerticalScroll)
        await form.remove_children()
        await form.mount_all(form_widgets(setup))
        # Looked up once: the handlers below run on every key press.
        self.form = FormFields.of(form)
        prefill = restore_form(self, setup)
        self.keeper.set_baseline(prefill.draft())
        if setup.draft is not None:
            # What the draft holds is already stored; only changes need saving.
            self.keeper.mark_stored(self.values().draft())
        self._ready = True
        self.form.show_hints(self.values())
        self._focus_first_empty()

    def _focus_first_empty(self) -> None:
        values = self.values()
        order = [
            ("to", values.to_address),
            ("category", values.category),
            ("patient", values.patient),
            ("subject", values.subject),
            ("body", values.body),
        ]
        for name, value in order:
            widget = self.form.get(name)
            if widget is not None and not value.strip() and widget.focusable:
                widget.focus()
                return
        body = self.form.get("body")
        if body is not None:
            body.focus()

    # -- reading the form --------------------------------------------------------------------

    def values(self) -> FormValues:
        """The form as typed."""
        return self.form.read(self.setup) if self.setup is not None else FormValues()

    # -- reacting to typing ------------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(RecipientPicker.Chosen)
    def _form_changed(self) -> None:
        if not self._ready:
            return
        values = self.values()
        self.form.show_hints(values)
        self.autosaver.changed(values.draft())

    @on(Select.Changed, "#from")
    def _sender_changed(self, event: Select.Changed) -> None:
        if self.setup is not None and isinstance(event.value, str):
            show_recipients(self, self.setup, event.value)

    def on_descendant_blur(self) -> None:
        """Leaving a field saves at once (no need to wait for the pause)."""
        if self._ready and not self.keeper.closed:
            self.autosaver.save_soon()

    # -- sending -----------------------------------------------------------------------------

    def action_send(self) -> None:
        """Check the form, confirm patient and recipient, then send."""
        setup = self.setup
        if setup is None or self.sending:
            return
        values = self.values()
        problem = precheck(values, setup)
        if problem is not None:
            self.post_message(self.Refused(problem))
            return
        self.autosaver.cancel()

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.sending = True
                self._show_refusal(None)
                self._send(values)

        self.app.push_screen(ConfirmSendScreen(values.preview(setup.today)), confirmed)

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
        except FblError as exc:
            self.post_message(self.Refused(exc))
            return
        self.post_message(self.Sent(summary))

    @on(Sent)
    def _sent(self, event: Sent) -> None:
        self.sending = False
        self.app.notify(
            tr("Skickat till ", "Sent to ") + safe.plain_line(event.summary.recipient),
            markup=False,
        )
        self.dismiss(event.summary)

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        self.sending = False
        self._show_refusal(event.error)
        self.app.notify(
            safe.plain_line(event.error.message(language()), 600),
            severity="error",
            markup=False,
            timeout=8,
        )
        target = self.form.get(FIELD_WIDGETS.get(event.error.field or "", ""))
        if target is not None and target.focusable:
            target.focus()
        # The failed attempt may have been the first save: keep the text as a draft.
        self.autosaver.changed(self.values().draft())

    def _show_refusal(self, error: FblError | None) -> None:
        self.refusal = error
        box = self.query_one("#refusal", Static)
        box.display = error is not None
        if error is not None:
            box.update(
                Content.assemble(
                    (tr("Kan inte skickas: ", "Cannot be sent: "), "bold"),
                    safe.block(error.message(language())),
                )
            )

    # -- leaving -----------------------------------------------------------------------------

    def action_leave(self) -> None:
        """Back to where we came from; anything typed stays as a draft."""
        if self.sending:
            return
        self.autosaver.cancel()
        if not self._ready:
            # Still loading: nothing was typed here, and a draft being opened stays as it is.
            self.keeper.close()
            self.dismiss(None)
            return
        values = self.values().draft()
        self.keeper.note(values)
        self._leave(keep=has_content(values, self.keeper.baseline))

    @work(thread=True, exit_on_error=False, group="compose-leave")
    def _leave(self, keep: bool) -> None:
        if keep:
            self.keeper.flush()
            self.keeper.close()
        else:
            self.keeper.discard()
        self.app.call_from_thread(self._left, keep)

    def _left(self, kept: bool) -> None:
        if kept:
            self.app.notify(tr("Sparat som utkast", "Saved as a draft"), markup=False)
        self.dismiss(None)

    def on_unmount(self) -> None:
        """The app is closing (or the screen went away): write what is not yet stored."""
        self.autosaver.cancel()
        self.keeper.flush_on_exit()

"""`ComposeForm`: the one form of a new message and of a reply, filled from the store.

A reply is the same form with From, To, Category and Patient fixed from its thread and the
original shown under the text; the widgets are made by `form_parts.form_widgets`. The form
fills itself from a reply's thread or a saved draft (`fill`), reads what was typed
(`values`), shows the R7 and R9 boxes as the user types (`show_hints`) and offers the
sender's recipients (preset list first, R5). Forwarding is a different form (a colleague,
the R13 confirmation, a note; `forward.py`); both keep drafts through `DraftScreen`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, Input, LoadingIndicator, Select, Static, TextArea

from fblmail.domain import rules
from fblmail.domain.acute import acute_words
from fblmail.domain.categories import Category
from fblmail.i18n import tr
from fblmail.tui import safe
from fblmail.tui.compose.form_parts import form_widgets
from fblmail.tui.compose.setup import CATEGORIES, ComposeSetup, FormValues
from fblmail.tui.widgets.recipient_picker import RecipientPicker

if TYPE_CHECKING:
    from textual.dom import DOMNode

__all__ = ["FIELD_WIDGETS", "ComposeForm", "FormFields", "restore_form", "show_recipients"]

FIELD_WIDGETS = {
    "from": "from",
    "to": "to",
    "category": "category",
    "patient": "patient",
    "subject": "subject",
    "body": "body",
    "no_coordination_case": "no-coordination",
    "journal_note": "journal-ref",
    "journal_title": "journal-title",
}
"""The service's error `field` names and the widget that holds each."""


def show_recipients(form: DOMNode, setup: ComposeSetup, sender: str) -> None:
    """Offer the recipients for this sender in `form`: its preset list first (R5)."""
    pickers = form.query(RecipientPicker)
    if not pickers:
        return
    preset, rest = setup.recipients.get(sender, ([], []))
    pickers.first().set_units(preset, rest)


def restore_form(form: DOMNode, fields: FormFields, setup: ComposeSetup) -> FormValues:
    """Fill the form (defaults, the reply's subject, then a saved draft); returns the prefill.

    `form` holds the mounted widgets, `fields` the same looked up once. The prefill is what
    the screen typed by itself; only changes beyond it make a draft.
    """
    draft = setup.draft
    if setup.original is None:
        sender_select = form.query_one("#from", Select)
        sender = draft.from_address if draft and draft.from_address in setup.senders else None
        if sender is None and len(setup.senders) == 1:
            sender = setup.senders[0]
        if sender is not None:
            sender_select.value = sender
            show_recipients(form, setup, sender)
    else:
        form.query_one("#subject", Input).value = rules.reply_subject(
            setup.original.summary.subject
        )
    prefill = fields.read(setup)
    if draft is None:
        return prefill
    if setup.original is None:
        if draft.to_address:
            form.query_one(RecipientPicker).choose(draft.to_address)
        if draft.category in CATEGORIES:
            form.query_one("#category", Select).value = draft.category
        form.query_one("#patient", Input).value = draft.patient
    if draft.subject or setup.original is None:
        form.query_one("#subject", Input).value = draft.subject
    form.query_one("#body", TextArea).text = draft.body
    if setup.journal_allowed:
        form.query_one("#journal-ref", Input).value = draft.journal_reference
        form.query_one("#journal-title", Input).value = draft.journal_title
    return prefill


_FIELD_IDS = frozenset(
    {
        "from", "to-picker", "to", "category", "patient", "subject", "body", "fyi-box",
        "fyi-no-risk", "acute-box", "acute-words", "not-acute", "no-coordination",
        "journal-ref", "journal-title",
    }
)  # fmt: skip


class FormFields:
    """The form's widgets, looked up once (the handlers run on every key press)."""

    def __init__(self, widgets: dict[str, Widget]) -> None:
        self.widgets = widgets
        self._acute: list[str] = []

    @classmethod
    def of(cls, form: Widget) -> FormFields:
        """Collect the fields of a mounted form."""
        return cls({w.id: w for w in form.query("*") if w.id in _FIELD_IDS})

    def get(self, name: str) -> Widget | None:
        """The widget with this id, if the form has it."""
        return self.widgets.get(name)

    def _text(self, name: str) -> str:
        widget = self.widgets.get(name)
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        return ""

    def _checked(self, name: str) -> bool:
        box = self.widgets.get(name)
        return isinstance(box, Checkbox) and box.value

    def read(self, setup: ComposeSetup) -> FormValues:
        """The form as typed (a reply's fixed fields come from its thread)."""
        reply_to_id: str | None = None
        if setup.original is not None:
            s = setup.original.summary
            from_address, to_address = setup.reply_from, setup.reply_to
            category, patient, reply_to_id = s.category, s.patient, s.id
        else:
            sender, chosen = self.widgets.get("from"), self.widgets.get("category")
            picker = self.widgets.get("to-picker")
            from_address = _selected(sender)
            to_address = picker.value if isinstance(picker, RecipientPicker) else ""
            category = _selected(chosen)
            patient = self._text("patient")
        return FormValues(
            from_address=from_address,
            to_address=to_address,
            category=category,
            patient=patient,
            subject=self._text("subject"),
            body=self._text("body"),
            journal_reference=self._text("journal-ref"),
            journal_title=self._text("journal-title"),
            fyi_no_risk=self._checked("fyi-no-risk"),
            no_coordination_case=self._checked("no-coordination"),
            not_acute=self._checked("not-acute"),
            reply_to_id=reply_to_id,
        )

    def show_hints(self, values: FormValues) -> None:
        """The R7 box for "För kännedom"; the R9 box with the acute words as typed."""
        fyi = self.widgets.get("fyi-box")
        if fyi is not None:
            fyi.display = values.category == Category.FYI.value
        words: list[str] = []
        for text in (values.subject, values.body):
            words.extend(w for w in acute_words(text) if w not in words)
        acute, shown = self.widgets.get("acute-box"), self.widgets.get("acute-words")
        if acute is None or not isinstance(shown, Static) or words == self._acute:
            return
        self._acute = words
        acute.display = bool(words)
        shown.update(
            Content.assemble(
                (tr("Texten låter akut: ", "The text reads as acute: "), "bold"),
                safe.line(", ".join(words), 120, style="bold"),
                tr(
                    ". Akuta ärenden får inte gå via funktionsbrevlådan: ring mottagaren. "
                    "Är det inte akut, bekräfta det nedan.",
                    ". Acute matters must not go through the functional mailbox: phone "
                    "the recipient. If it is not acute, confirm that below.",
                ),
            )
        )


def _selected(widget: Widget | None) -> str:
    value = widget.value if isinstance(widget, Select) else None
    return value if isinstance(value, str) else ""


class ComposeForm(VerticalScroll):
    """The compose and reply form: a loading indicator until `fill` puts the fields in."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(LoadingIndicator(id="compose-loading"), id=id)
        self.setup: ComposeSetup | None = None
        self.fields = FormFields({})

    async def fill(self, setup: ComposeSetup) -> FormValues:
        """Put in the fields for `setup` and fill them; returns the prefill (see
        `restore_form`)."""
        self.setup = setup
        await self.remove_children()
        await self.mount_all(form_widgets(setup))
        self.fields = FormFields.of(self)  # looked up once: handlers run on every key press
        return restore_form(self, self.fields, setup)

    def values(self) -> FormValues:
        """The form as typed (empty until filled)."""
        return self.fields.read(self.setup) if self.setup is not None else FormValues()

    def get(self, name: str) -> Widget | None:
        """The field with this id, if the form has it."""
        return self.fields.get(name)

    def show_hints(self, values: FormValues | None = None) -> None:
        """The R7 and R9 boxes for what is typed."""
        self.fields.show_hints(values or self.values())

    def offer_recipients(self, sender: str) -> None:
        """The recipients for this sender, its preset list first (R5)."""
        if self.setup is not None:
            show_recipients(self, self.setup, sender)

    def focus_first_empty(self) -> None:
        """The cursor to the first field still empty (To, Category, Patient, Subject, Body)."""
        values = self.values()
        order = [("to", values.to_address), ("category", values.category),
                 ("patient", values.patient), ("subject", values.subject),
                 ("body", values.body)]  # fmt: skip
        for name, value in order:
            widget = self.get(name)
            if widget is not None and not value.strip() and widget.focusable:
                widget.focus()
                return
        body = self.get("body")
        if body is not None:
            body.focus()

"""The compose form's widgets, and filling them from a reply's thread or a saved draft."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from fblmail.domain.acute import acute_words
from fblmail.domain.categories import Category
from fblmail.i18n import tr
from fblmail.service import rules
from fblmail.tui import safe
from fblmail.tui.compose.setup import CATEGORIES, ComposeSetup, FormValues
from fblmail.tui.widgets.patient_input import PatientField
from fblmail.tui.widgets.recipient_picker import RecipientPicker
from fblmail.tui.widgets.safe_fields import SafeInput, SafeTextArea
from fblmail.tui.widgets.tick_box import TickBox

if TYPE_CHECKING:
    from textual.dom import DOMNode

__all__ = ["FIELD_WIDGETS", "FormFields", "form_widgets", "restore_form", "show_recipients"]

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


def _row(label: str, field: Widget, *, id: str | None = None) -> Horizontal:
    return Horizontal(Label(label, classes="field-label"), field, classes="field-row", id=id)


def _fixed(label: str, value: str, *, id: str) -> Horizontal:
    return _row(label, Static(safe.line(value, style="bold"), id=id, classes="fixed"))


def _check(label: str, *, id: str) -> Checkbox:
    return TickBox(Content(label), id=id, compact=True)


def form_widgets(setup: ComposeSetup) -> list[Widget]:
    """The widgets of the form, new message or reply."""
    widgets: list[Widget] = []
    original = setup.original
    if original is None:
        senders = [(safe.rich_line(a), a) for a in setup.senders]
        widgets.append(
            _row(
                tr("Från", "From"),
                Select(
                    senders,
                    prompt=tr("Välj din enhets FBL", "Choose your unit's FBL"),
                    allow_blank=len(senders) != 1,
                    id="from",
                    compact=True,
                ),
            )
        )
        widgets.append(_row(tr("Till", "To"), RecipientPicker(id="to-picker"), id="to-row"))
        widgets.append(
            _row(
                tr("Kategori", "Category"),
                Select(
                    [(safe.rich_line(c), c) for c in CATEGORIES],
                    prompt=tr("Välj kategori (R8)", "Choose a category (R8)"),
                    id="category",
                    compact=True,
                ),
            )
        )
        widgets.append(
            Vertical(
                Static(
                    tr(
                        'R7: "För kännedom" ska undvikas. Välj hellre en kategori som säger vad '
                        "du vill ha svar på. Får bara användas om det inte innebär någon risk "
                        "för patienten att meddelandet aldrig läses.",
                        'R7: "För kännedom" (FYI) is to be avoided. Prefer a category that says '
                        "what you need. Only use it if it is no risk to the patient if the "
                        "message is never read.",
                    ),
                    classes="warning",
                    markup=False,
                ),
                _check(
                    tr(
                        "Ingen risk för patienten om meddelandet aldrig läses (R7)",
                        "No risk to the patient if the message is never read (R7)",
                    ),
                    id="fyi-no-risk",
                ),
                id="fyi-box",
                classes="rule-box",
            )
        )
        widgets.append(
            _row(tr("Patient", "Patient"), PatientField(lambda: setup.today, id="patient-field"))
        )
    else:
        s = original.summary
        widgets.append(_fixed(tr("Från", "From"), setup.reply_from, id="from-fixed"))
        widgets.append(_fixed(tr("Till", "To"), setup.reply_to, id="to-fixed"))
        widgets.append(_fixed(tr("Kategori", "Category"), s.category, id="category-fixed"))
        widgets.append(_fixed(tr("Patient", "Patient"), s.patient, id="patient-fixed"))
    widgets.append(
        _row(
            tr("Ämne", "Subject"),
            SafeInput(
                placeholder=tr(
                    "En tydlig fråga eller ett tydligt syfte (R6)",
                    "A clear question or purpose (R6)",
                ),
                id="subject",
                max_length=rules.SUBJECT_MAX,
                compact=True,
                select_on_focus=False,  # a stray key must not wipe a filled field
            ),
        )
    )
    widgets.append(
        _row(
            tr("Meddelande", "Message"),
            SafeTextArea(id="body", soft_wrap=True, show_line_numbers=False, compact=True),
            id="body-row",
        )
    )
    if original is not None:
        widgets.append(
            Static(
                Content.assemble(
                    (tr("Svar på: ", "In reply to: "), "dim bold"),
                    safe.block(original.body),
                ),
                id="original",
                markup=False,
            )
        )
    widgets.append(
        Vertical(
            Static("", id="acute-words", markup=False),
            _check(
                tr("Det är inte akut (R9)", "It is not acute (R9)"),
                id="not-acute",
            ),
            id="acute-box",
            classes="rule-box",
        )
    )
    if original is None:
        widgets.append(
            _check(
                tr(
                    "Patienten har inget pågående samordningsärende (R3)",
                    "The patient has no ongoing coordination case (R3)",
                ),
                id="no-coordination",
            )
        )
    if setup.journal_allowed:
        widgets.append(
            Vertical(
                _row(
                    tr("Journallänk", "Journal link"),
                    SafeInput(
                        placeholder=tr(
                            "Referens till journalanteckningen (R12)",
                            "Reference to the journal note (R12)",
                        ),
                        id="journal-ref",
                        compact=True,
                        select_on_focus=False,
                    ),
                ),
                _row(
                    tr("Rubrik", "Title"),
                    SafeInput(
                        placeholder=tr("Journalanteckningens rubrik", "Title of the journal note"),
                        id="journal-title",
                        compact=True,
                        select_on_focus=False,
                    ),
                ),
                id="journal-box",
            )
        )
    send = Button(
        tr("Skicka (Ctrl+S)", "Send (Ctrl+S)"), id="send", variant="primary", compact=True
    )
    widgets.append(Horizontal(send, id="actions"))
    return widgets


def show_recipients(form: DOMNode, setup: ComposeSetup, sender: str) -> None:
    """Offer the recipients for this sender in `form`: its preset list first (R5)."""
    pickers = form.query(RecipientPicker)
    if not pickers:
        return
    preset, rest = setup.recipients.get(sender, ([], []))
    pickers.first().set_units(preset, rest)


def _reply_subject(subject: str) -> str:
    # Same rule as the service: "Sv: subject" without stacking prefixes.
    return subject if subject.lower().startswith("sv:") else f"Sv: {subject}"[: rules.SUBJECT_MAX]


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
        form.query_one("#subject", Input).value = _reply_subject(setup.original.summary.subject)
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

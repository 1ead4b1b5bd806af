"""The parts of the compose form: every widget of a new message or a reply, in order."""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Label, Select, Static

from fblmail.domain import rules
from fblmail.i18n import tr
from fblmail.tui import safe
from fblmail.tui.compose.setup import CATEGORIES, ComposeSetup
from fblmail.tui.widgets.patient_input import PatientField
from fblmail.tui.widgets.recipient_picker import RecipientPicker
from fblmail.tui.widgets.safe_fields import SafeInput, SafeTextArea
from fblmail.tui.widgets.tick_box import TickBox

__all__ = ["form_widgets"]


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

"""What the compose screen needs from the store, and what it hands back to the service.

`load_setup` runs in a worker thread (it reads the store); the rest is pure. `FormValues`
is the form as typed; it becomes an `Outgoing`, the arguments of a reply, or a
`DraftInput`. `precheck` runs the routine's pure checks from `fblmail.domain.rules`
(the same code and the same words as the service) and returns every problem at once, so
all of them are shown before the confirmation dialog; the service checks everything again
when it sends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date

from fblmail.clock import to_local
from fblmail.domain import rules
from fblmail.domain.categories import Category
from fblmail.domain.personnummer import InvalidPatientId, parse_patient_id
from fblmail.errors import FblError, InvalidInput
from fblmail.service import Messenger, Outgoing
from fblmail.service.context import Actor
from fblmail.service.mailboxes.drafts import DraftInput
from fblmail.service.views import DraftView, MessageDetail, UnitView
from fblmail.tui.compose.confirm_send import SendPreview

__all__ = ["ComposeSetup", "FormValues", "load_setup", "precheck"]

HEALTH_CENTRE = "health_centre"


@dataclass(frozen=True)
class ComposeSetup:
    """Everything the form offers, loaded once when the screen opens."""

    actor: Actor
    today: date
    senders: tuple[str, ...]
    recipients: dict[str, tuple[list[UnitView], list[UnitView]]] = field(default_factory=dict)
    original: MessageDetail | None = None
    draft: DraftView | None = None

    @property
    def journal_allowed(self) -> bool:
        """R12: only health-centre staff attach journal-note links."""
        return self.actor.org_kind == HEALTH_CENTRE

    @property
    def reply_from(self) -> str:
        """For a reply: the FBL that holds the user's copy answers."""
        return self.original.summary.mailbox if self.original else ""

    @property
    def reply_to(self) -> str:
        """For a reply: the other end of the conversation."""
        if self.original is None:
            return ""
        s = self.original.summary
        return s.recipient if s.sender == s.mailbox else s.sender


def load_setup(messenger: Messenger, reply_to: str | None, draft_id: str | None) -> ComposeSetup:
    """Read the user, their open FBLs, the recipient lists, the draft and the original."""
    actor = messenger.folders.actor()
    draft = messenger.drafts.get(draft_id) if draft_id else None
    if draft is not None and reply_to is None:
        reply_to = draft.reply_to_id
    senders = tuple(
        box.address for box in messenger.folders.mailboxes() if box.kind == "fbl" and not box.closed
    )
    original = messenger.folders.show(reply_to, mark_read=False) if reply_to else None
    recipients = {} if original else {s: messenger.directory.recipients_for(s) for s in senders}
    return ComposeSetup(
        actor=actor,
        today=to_local(messenger.clock()).date(),
        senders=senders,
        recipients=recipients,
        original=original,
        draft=draft,
    )


@dataclass(frozen=True)
class FormValues(DraftInput):
    """The form exactly as typed (no trimming: the user's text is theirs): the draft's
    fields plus the confirmations, which are asked again rather than kept in a draft."""

    fyi_no_risk: bool = False
    no_coordination_case: bool = False
    not_acute: bool = False

    def draft(self) -> DraftInput:
        """The draft to keep."""
        return DraftInput(**{f.name: getattr(self, f.name) for f in fields(DraftInput)})

    def outgoing(self, draft_id: str | None) -> Outgoing:
        """A new message for `Messaging.send`."""
        return Outgoing(
            from_fbl=self.from_address,
            to_fbl=self.to_address,
            category=self.category,
            patient=self.patient,
            subject=self.subject,
            body=self.body,
            journal_note=self.journal_reference or None,
            journal_title=self.journal_title or None,
            fyi_no_risk=self.fyi_no_risk,
            no_coordination_case=self.no_coordination_case,
            not_acute=self.not_acute,
            draft_id=draft_id,
        )

    def preview(self, today: date) -> SendPreview:
        """The confirmation dialog's rows (patient in its full 12-digit form)."""
        try:
            patient = parse_patient_id(self.patient, today).display()
        except InvalidPatientId:
            patient = self.patient
        return SendPreview(
            from_address=self.from_address,
            to_address=self.to_address,
            patient=patient,
            category=self.category,
            subject=self.subject,
            reply=self.reply_to_id is not None,
            journal_title=self.journal_title,
        )


def precheck(values: FormValues, setup: ComposeSetup) -> list[FblError]:
    """Every rule the form breaks, in the form's order (same words as the service)."""
    checks: list[Callable[[], object]] = []
    if values.reply_to_id is None:
        checks += [
            lambda: _required_choice(values.from_address, "from"),
            lambda: _required_choice(values.to_address, "to"),
            lambda: rules.patient_id(values.patient, setup.today),
            lambda: rules.fyi_confirmed(rules.category(values.category), values.fyi_no_risk),
        ]
    checks += [
        lambda: rules.required_text(values.subject, "subject", rules.SUBJECT_MAX),
        lambda: rules.required_text(values.body, "body", rules.BODY_MAX),
        lambda: rules.not_acute([values.subject, values.body], values.not_acute),
    ]
    if values.reply_to_id is None:
        checks.append(lambda: rules.coordination_confirmed(values.no_coordination_case))
    checks.append(
        lambda: rules.journal_link(
            values.journal_reference or None, values.journal_title or None, setup.actor.org_kind
        )
    )
    problems: list[FblError] = []
    for check in checks:
        try:
            check()
        except FblError as exc:
            problems.append(exc)
    return problems


def _required_choice(value: str, field: str) -> None:
    if value.strip():
        return
    if field == "from":
        raise InvalidInput(
            "Välj avsändare (Från): din enhets funktionsbrevlåda.",
            "Choose the sender (From): your unit's functional mailbox.",
            field="from",
        )
    raise InvalidInput(
        "Välj mottagare (Till): mottagarens funktionsbrevlåda (FBL).",
        "Choose the recipient (To): the recipient's functional mailbox (FBL).",
        field="to",
    )


CATEGORIES: tuple[str, ...] = tuple(c.value for c in Category)
"""The eleven categories (R8), in the routine's order."""

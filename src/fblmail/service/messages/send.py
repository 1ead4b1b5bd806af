"""Sending a new message from one FBL to another (R1–R12), idempotent on the client's id.

The one send, for the command line and the app alike: written over the DB-API
(`store/query/posting.py`) so that `fblmail send` imports no SQLAlchemy; `Sends`
(send_unit.py) runs it in the shared unit of work and `Messaging.send` hands over to it.
Every rule of the routine is checked before anything is stored; a second send with the same
client-chosen id returns what was stored the first time, or is refused if it differs.
"""

from __future__ import annotations

from typing import Protocol

from fblmail.clock import to_local
from fblmail.domain import rules
from fblmail.domain.deadlines import answer_due_at
from fblmail.errors import AuditTarget, FblError, InvalidInput, NoAccess, Refused
from fblmail.service.actor import Actor
from fblmail.service.mailboxes.copy_due import sent_due_at, waiting_due_at
from fblmail.service.mailboxes.inbox_views import no_such_mailbox, not_a_member, summary_of
from fblmail.service.messages.outgoing import Outgoing
from fblmail.service.unit import LightUnit
from fblmail.service.views import MessageSummary
from fblmail.store.query import posting as q
from fblmail.store.query.connection import Reader, Writer
from fblmail.store.query.messages import NamedBox, find_mailbox

__all__ = ["closed_refusal", "send_message"]


class Addressed(Protocol):
    """A mailbox as a refusal names it."""

    @property
    def address(self) -> str: ...


def closed_refusal(box: Addressed, field: str) -> Refused:
    """R15: a closed FBL neither sends nor receives; it is closed for good."""
    return Refused(
        f"{box.address} är stängd permanent och kan inte skicka eller ta emot meddelanden. "
        "Välj en annan mottagare eller kontakta enheten på annat sätt.",
        f"{box.address} is closed permanently and can neither send nor receive messages. "
        "Choose another recipient or contact the unit another way.",
        field=field,
        rule="R15",
        target=AuditTarget(mailbox=box.address),
    )


def _mailbox(db: Reader, name: str, field: str) -> NamedBox:
    box = find_mailbox(db, name)
    if box is None:
        raise no_such_mailbox(name.strip(), field=field)
    return box


def _require_member(actor: Actor, box: NamedBox, field: str) -> None:
    if box.id not in actor.mailbox_ids:
        raise not_a_member(box.address, field=field)


def send_message(
    unit: LightUnit, db: Writer, actor: Actor, out: Outgoing, message_id: str
) -> MessageSummary:
    """Check `out` against the routine and store it as a new thread (inside `unit`'s
    transaction `db`), with its access-log row."""
    now = unit.clock()
    message_id = rules.message_uuid(message_id, target=AuditTarget(mailbox=out.from_fbl[:200]))
    sender = _mailbox(db, out.from_fbl, "from")
    target = AuditTarget(mailbox=sender.address, message_id=message_id)
    existing = q.sent_message(db, message_id)
    if existing is not None:
        return _resend(unit, db, actor, existing, sender, out)
    if sender.kind != "fbl":
        raise Refused(
            "Meddelanden skickas från en funktionsbrevlåda, inte från en personlig "
            "brevlåda. Välj enhetens FBL som avsändare.",
            "Messages are sent from a functional mailbox, not a personal one. Choose "
            "your unit's FBL as the sender.",
            field="from",
            rule="R1",
            target=target,
        )
    _require_member(actor, sender, "from")
    if sender.closed:
        raise closed_refusal(sender, "from")
    recipient = _mailbox(db, out.to_fbl, "to")
    if recipient.kind != "fbl":
        raise Refused(
            "En personlig brevlåda tar bara emot interna vidarebefordringar. Skicka till "
            "enhetens funktionsbrevlåda (FBL) i stället.",
            "A personal mailbox only receives internal forwards. Send to the unit's "
            "functional mailbox (FBL) instead.",
            field="to",
            rule="R1",
            target=target,
        )
    if recipient.closed:
        raise closed_refusal(recipient, "to")
    if recipient.id == sender.id:
        raise Refused(
            "Avsändare och mottagare är samma funktionsbrevlåda. Välj mottagarens FBL.",
            "Sender and recipient are the same functional mailbox. Choose the recipient's FBL.",
            field="to",
            rule="R1",
            target=target,
        )
    today = to_local(now).date()
    patient = rules.patient_id(out.patient, today, target=target)
    target = AuditTarget(mailbox=sender.address, message_id=message_id, patient=patient.digits)
    category = rules.category(out.category, target=target)
    rules.fyi_confirmed(category, out.fyi_no_risk, target=target)
    subject = rules.required_text(out.subject, "subject", rules.SUBJECT_MAX, target=target)
    body = rules.required_text(out.body, "body", rules.BODY_MAX, target=target)
    rules.not_acute([subject, body], out.not_acute, target=target)
    rules.coordination_confirmed(out.no_coordination_case, target=target)
    if q.coordination_case_exists(db, patient.digits):
        raise rules.in_coordination_register(target)
    link = rules.journal_link(out.journal_note, out.journal_title, actor.org_kind, target=target)

    thread = q.NewThread(
        id=q.new_id(),
        patient=patient.digits,
        category=str(category),
        subject=subject,
        origin_mailbox_id=sender.id,
        counterpart_mailbox_id=recipient.id,
        created_at=now,
        due_at=answer_due_at(now, category),
    )
    q.insert_thread(db, thread)  # the thread row must exist before its first message
    seq = q.insert_message(
        db,
        q.NewMessage(
            id=message_id,
            thread_id=thread.id,
            kind="message",
            sender_mailbox_id=sender.id,
            recipient_mailbox_id=recipient.id,
            sender_account_id=actor.account_id or 0,
            category=thread.category,
            patient=thread.patient,
            subject=subject,
            body=body,
            sent_at=now,
        ),
    )
    q.insert_copy(
        db, seq, recipient.id, "inbox", sort_at=now, due_at=waiting_due_at(thread, recipient.id)
    )
    due = sent_due_at(thread, sender.id, recipient.id)  # late ones first in Skickat (R10)
    q.insert_copy(db, seq, sender.id, "sent", sort_at=now, read_at=now, due_at=due)
    if link is not None:
        q.insert_journal_note(
            db,
            seq,
            link.reference,
            link.title,
            attached_by=actor.login,
            at=now,
            disclosed_by=actor.login,
            via="send",
            to_mailbox=recipient.address,
        )
    if out.draft_id:
        q.drop_draft(db, out.draft_id, actor.account_id or 0)
    unit.log(
        db,
        actor,
        "send",
        mailbox=sender.address,
        message_id=message_id,
        thread_id=thread.id,
        patient=patient.digits,
        detail=f"to {recipient.address}" + ("; journal note" if link else ""),
    )
    return _summary(unit, db, seq, sender.id)


def _resend(
    unit: LightUnit,
    db: Writer,
    actor: Actor,
    existing: q.SentMessage,
    sender: NamedBox,
    out: Outgoing,
) -> MessageSummary:
    """The same client id again: return what was stored, or refuse a different message."""
    _require_member(actor, sender, "from")  # a removed member gets nothing back
    same = (
        existing.sender_mailbox_id == sender.id
        and existing.sender_account_id == actor.account_id
        and existing.subject == out.subject
        and existing.body == out.body
        and _same_particulars(unit, db, existing, out)
    )
    if not same:
        raise id_taken(existing.id)
    unit.log(
        db,
        actor,
        "send",
        mailbox=sender.address,
        message_id=existing.id,
        thread_id=existing.thread_id,
        patient=existing.patient,
        detail="repeat of a stored send",
    )
    return _summary(unit, db, existing.seq, sender.id)


def _same_particulars(
    unit: LightUnit, db: Reader, existing: q.SentMessage, out: Outgoing
) -> bool:
    """Recipient, patient, category and journal link as asked match what was stored."""
    try:
        recipient = _mailbox(db, out.to_fbl, "to")
        patient = rules.patient_id(out.patient, to_local(unit.clock()).date()).digits
        category = str(rules.category(out.category))
    except FblError:
        return False
    stored_link = q.journal_link_of(db, existing.seq)
    asked_link = (
        ((out.journal_note or "").strip(), (out.journal_title or "").strip())
        if out.journal_note or out.journal_title
        else None
    )
    return (recipient.id, patient, category, stored_link) == (
        existing.recipient_mailbox_id,
        existing.patient,
        existing.category,
        asked_link,
    )


def _summary(unit: LightUnit, db: Reader, seq: int, mailbox_id: int) -> MessageSummary:
    """The message's list row as the mailbox holds it (the read path's one mapping)."""
    row = q.copy_row(db, seq, mailbox_id)
    if row is None:
        raise NoAccess("Meddelandet finns inte.", "The message does not exist.", field="id")
    return summary_of(row, unit.clock())


def id_taken(message_id: str) -> InvalidInput:
    """The client's id belongs to another message (one the user may or may not see: the
    words are the same, so a refusal tells nothing about messages the user cannot read)."""
    return InvalidInput(
        f"Id {message_id} används redan av ett annat meddelande. Skicka utan --id "
        "eller med ett nytt id.",
        f"The id {message_id} is already used by another message. Send without --id "
        "or with a new one.",
        field="id",
        target=AuditTarget(message_id=message_id),
    )

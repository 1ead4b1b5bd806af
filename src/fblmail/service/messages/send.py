"""Sending a new message from one FBL to another (R1–R12), idempotent on the client's id.

Every rule of the routine is checked before anything is stored; a second send with the same
client-chosen id returns what was stored the first time, or is refused if it differs.
"""

from __future__ import annotations

import uuid

from sqlmodel import select

from fblmail.clock import to_local
from fblmail.domain import rules
from fblmail.domain.deadlines import answer_due_at
from fblmail.errors import AuditTarget, FblError, InvalidInput, Refused
from fblmail.service.lookup import find_mailbox, require_member
from fblmail.service.messages.outgoing import Outgoing
from fblmail.service.messages.posting import Posting, closed_refusal
from fblmail.service.views import MessageSummary
from fblmail.store.shared import coordination_case_exists
from fblmail.store.tables import JournalNote, Mailbox, Message, Thread

__all__ = ["send_message"]


def send_message(p: Posting, out: Outgoing, message_id: str) -> MessageSummary:
    """Check `out` against the routine and store it as a new thread (inside `p`'s unit)."""
    session, actor = p.session, p.actor
    now = p.clock()
    message_id = rules.message_uuid(message_id, target=AuditTarget(mailbox=out.from_fbl[:200]))
    sender = find_mailbox(session, out.from_fbl, field="from")
    target = AuditTarget(mailbox=sender.address, message_id=message_id)
    existing = session.exec(select(Message).where(Message.id == message_id)).first()
    if existing is not None:
        return _resend(p, existing, sender, out)
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
    require_member(actor, sender, field="from")
    if sender.closed_at is not None:
        raise closed_refusal(sender, "from")
    recipient = find_mailbox(session, out.to_fbl, field="to")
    target = AuditTarget(mailbox=sender.address, message_id=message_id)
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
    if recipient.closed_at is not None:
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
    if coordination_case_exists(session, patient.digits):
        raise rules.in_coordination_register(target)
    link = rules.journal_link(out.journal_note, out.journal_title, actor.org_kind, target=target)

    thread = Thread(
        id=str(uuid.uuid4()),
        patient=patient.digits,
        category=str(category),
        subject=subject,
        origin_mailbox_id=sender.id or 0,
        counterpart_mailbox_id=recipient.id or 0,
        created_at=now,
        due_at=answer_due_at(now, category),
    )
    session.add(thread)
    session.flush()  # the thread row must exist before its first message
    message = p.store_message(
        thread, "message", sender, recipient, subject, body, now, message_id=message_id
    )
    if link is not None:
        p.attach_journal_note(
            message, link.reference, link.title, now, to_mailbox=recipient.address, via="send"
        )
    if out.draft_id:
        p.drop_draft(out.draft_id)
    p.log(
        "send",
        mailbox=sender.address,
        message_id=message.id,
        thread_id=thread.id,
        patient=patient.digits,
        detail=f"to {recipient.address}" + ("; journal note" if link else ""),
    )
    return p.summary(message, sender.id or 0)


def _resend(p: Posting, existing: Message, sender: Mailbox, out: Outgoing) -> MessageSummary:
    """The same client id again: return what was stored, or refuse a different message."""
    require_member(p.actor, sender, field="from")  # a removed member gets nothing back
    same = (
        existing.sender_mailbox_id == sender.id
        and existing.sender_account_id == p.actor.account_id
        and existing.subject == out.subject
        and existing.body == out.body
        and _same_particulars(p, existing, out)
    )
    if not same:
        raise InvalidInput(
            f"Id {existing.id} används redan av ett annat meddelande. Skicka utan --id "
            "eller med ett nytt id.",
            f"The id {existing.id} is already used by another message. Send without --id "
            "or with a new one.",
            field="id",
            target=AuditTarget(message_id=existing.id),
        )
    p.log(
        "send",
        mailbox=sender.address,
        message_id=existing.id,
        thread_id=existing.thread_id,
        patient=existing.patient,
        detail="repeat of a stored send",
    )
    return p.summary(existing, sender.id or 0)


def _same_particulars(p: Posting, existing: Message, out: Outgoing) -> bool:
    """Recipient, patient, category and journal link as asked match what was stored."""
    try:
        recipient = find_mailbox(p.session, out.to_fbl, field="to")
        patient = rules.patient_id(out.patient, to_local(p.clock()).date()).digits
        category = str(rules.category(out.category))
    except FblError:
        return False
    note = p.session.exec(
        select(JournalNote).where(JournalNote.message_seq == existing.seq)
    ).first()
    stored_link = (note.reference, note.title) if note else None
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

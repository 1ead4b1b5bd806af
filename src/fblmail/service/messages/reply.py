"""Replying in a thread from the FBL that takes part in it; an answer stops the R10 clock.

The reply goes from the user's end of the thread to the other end (from the questioned side
when the user belongs to both). Idempotent on the client's id, like sending.
"""

from __future__ import annotations

from sqlmodel import select

from fblmail.domain import rules
from fblmail.errors import AuditTarget, InvalidInput, Refused
from fblmail.service.lookup import accessible_item, find_message
from fblmail.service.mailboxes.inbox_sync import clear_thread_due
from fblmail.service.messages.posting import Posting, closed_refusal
from fblmail.service.views import MessageSummary
from fblmail.store.tables import Mailbox, Message, Thread

__all__ = ["reply_in_thread"]


def reply_in_thread(
    p: Posting,
    ref: str,
    body: str,
    *,
    subject: str | None,
    not_acute: bool,
    journal_note: str | None,
    journal_title: str | None,
    message_id: str | None,
    draft_id: str | None,
) -> MessageSummary:
    """Check and store a reply to the message `ref` (inside `p`'s unit of work)."""
    session, actor = p.session, p.actor
    now = p.clock()
    # Inside the unit of work, so a malformed id is logged as a refused reply.
    new_id = rules.message_uuid(message_id, target=AuditTarget(message_id=ref[:36]))
    original = find_message(session, ref, actor)
    thread = session.get(Thread, original.thread_id)
    assert thread is not None
    aimed = AuditTarget(message_id=original.id, thread_id=thread.id, patient=thread.patient)
    ends = (thread.origin_mailbox_id, thread.counterpart_mailbox_id)
    ours = [m for m in ends if m in actor.fbl_ids]
    if not ours:
        # raises if unseen
        _item, _box = accessible_item(session, actor, original, typed=ref)
        raise Refused(
            "Svar skickas från en funktionsbrevlåda som deltar i ärendet. Du har fått "
            "meddelandet vidarebefordrat; svara via din enhets FBL eller på annat sätt.",
            "Replies are sent from a functional mailbox taking part in the thread. You "
            "received this as a forward; reply through your unit's FBL or another way.",
            field="id",
            rule="R1",
            target=aimed,
        )
    # Answer from the questioned side when the user belongs to both ends.
    from_id = thread.counterpart_mailbox_id if thread.counterpart_mailbox_id in ours else ours[0]
    to_id = ends[1] if from_id == ends[0] else ends[0]
    sender = session.get(Mailbox, from_id)
    recipient = session.get(Mailbox, to_id)
    assert sender is not None and recipient is not None
    aimed = AuditTarget(
        mailbox=sender.address,
        message_id=original.id,
        thread_id=thread.id,
        patient=thread.patient,
    )
    # A repeated id: only after the access checks, and only for this user's own reply.
    existing = session.exec(select(Message).where(Message.id == new_id)).first()
    if existing is not None:
        return _repeat_reply(p, existing, original, body, aimed)
    for box, field in ((sender, "from"), (recipient, "to")):
        if box.closed_at is not None:
            raise closed_refusal(box, field)
    text = rules.required_text(body, "body", rules.BODY_MAX, target=aimed)
    title = subject if subject and subject.strip() else rules.reply_subject(original.subject)
    title = rules.required_text(title, "subject", rules.SUBJECT_MAX, target=aimed)
    rules.not_acute([title, text], not_acute, target=aimed)
    link = rules.journal_link(journal_note, journal_title, actor.org_kind, target=aimed)
    message = p.store_message(
        thread,
        "reply",
        sender,
        recipient,
        title,
        text,
        now,
        message_id=new_id,
        in_reply_to=original.id,
    )
    if link is not None:
        p.attach_journal_note(
            message, link.reference, link.title, now, to_mailbox=recipient.address, via="send"
        )
    answered = from_id == thread.counterpart_mailbox_id and thread.answered_at is None
    if answered:
        thread.answered_at = now
        session.add(thread)
        clear_thread_due(session, thread.id)
    if draft_id:
        p.drop_draft(draft_id)
    p.log(
        "reply",
        mailbox=sender.address,
        message_id=message.id,
        thread_id=thread.id,
        patient=thread.patient,
        detail=f"to {recipient.address}; in reply to {original.id}"
        + ("; answers the thread" if answered else ""),
    )
    return p.summary(message, sender.id or 0)


def _repeat_reply(
    p: Posting, existing: Message, original: Message, body: str, aimed: AuditTarget
) -> MessageSummary:
    """The same client id again: return this user's stored reply, or refuse the id."""
    same = (
        existing.in_reply_to_id == original.id
        and existing.sender_account_id == p.actor.account_id
        and existing.body == body
    )
    if not same:
        raise InvalidInput(
            f"Id {existing.id} används redan av ett annat meddelande. Svara utan id "
            "eller med ett nytt id.",
            f"The id {existing.id} is already used by another message. Reply without an "
            "id or with a new one.",
            field="id",
            target=aimed,
        )
    p.log(
        "reply",
        mailbox=aimed.mailbox,
        message_id=existing.id,
        thread_id=existing.thread_id,
        patient=existing.patient,
        detail="repeat of a stored reply",
    )
    return p.summary(existing, existing.sender_mailbox_id)

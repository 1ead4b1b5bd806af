"""Forwarding (R13, R14): from an FBL to a named, informed person's personal mailbox.

Only within the user's own organisation and only to an active account that has a personal
mailbox; otherwise the routine says to use another channel, and so does the refusal. The
original's journal links go along, each recorded as disclosed to that person (R12).
"""

from __future__ import annotations

from sqlmodel import select

from fblmail.domain import rules
from fblmail.domain.ids import new_id
from fblmail.errors import AuditTarget, InvalidInput, Refused
from fblmail.service.lookup import accessible_item, find_message
from fblmail.service.messages.posting import Posting
from fblmail.service.views import MessageSummary
from fblmail.store.tables import Account, JournalNote, Mailbox, Thread

__all__ = ["forward_to_person"]


def forward_to_person(
    p: Posting,
    ref: str,
    to_login: str,
    *,
    recipient_informed: bool,
    note: str | None,
    draft_id: str | None,
) -> MessageSummary:
    """Check and store a forward of the message `ref` (inside `p`'s unit of work)."""
    session, actor = p.session, p.actor
    now = p.clock()
    original = find_message(session, ref, actor)
    _item, holder = accessible_item(session, actor, original, typed=ref)
    thread = session.get(Thread, original.thread_id)
    assert thread is not None
    aimed = AuditTarget(
        mailbox=holder.address,
        message_id=original.id,
        thread_id=thread.id,
        patient=thread.patient,
    )
    if holder.kind != "fbl":
        raise Refused(
            "Bara meddelanden i en funktionsbrevlåda kan vidarebefordras. Det här "
            "ligger i en personlig brevlåda.",
            "Only messages in a functional mailbox can be forwarded. This one is in a "
            "personal mailbox.",
            field="id",
            rule="R13",
            target=aimed,
        )
    person = session.exec(select(Account).where(Account.login == to_login.strip())).first()
    if person is None or not person.active:
        raise _other_channel(
            f"{to_login!r} har inget aktivt konto",
            f"{to_login!r} has no active account",
            aimed,
        )
    if person.organisation_id != actor.organisation_id:
        raise _other_channel(
            f"{person.full_name} tillhör en annan organisation",
            f"{person.full_name} belongs to another organisation",
            aimed,
        )
    if not recipient_informed:
        raise _other_channel(
            "mottagaren är inte informerad om att meddelandet kommer{hint}",
            "the recipient has not been told it is coming{hint}",
            aimed,
            hint="recipient_informed",
        )
    personal = session.exec(
        select(Mailbox).where(Mailbox.owner_account_id == person.id, Mailbox.kind == "personal")
    ).first()
    if personal is None:
        raise _other_channel(
            f"{person.full_name} saknar personlig brevlåda",
            f"{person.full_name} has no personal mailbox",
            aimed,
        )
    text_note = (note or "").strip() or None
    if text_note and len(text_note) > rules.NOTE_MAX:
        raise InvalidInput(
            f"Kommentaren är för lång (högst {rules.NOTE_MAX} tecken).",
            f"The note is too long (at most {rules.NOTE_MAX} characters).",
            field="note",
            target=aimed,
        )
    message = p.store_message(
        thread,
        "forward",
        holder,
        personal,
        original.subject,
        original.body,
        now,
        message_id=new_id(),
        forwarded_from=original.id,
        forward_note=text_note,
        informed=True,
        sender_copy=False,
    )
    notes = session.exec(select(JournalNote).where(JournalNote.message_seq == original.seq)).all()
    for jn in notes:
        p.attach_journal_note(
            message,
            jn.reference,
            jn.title,
            now,
            to_login=person.login,
            via="forward",
            attached_by=jn.attached_by,
        )
    if draft_id:
        p.drop_draft(draft_id)
    p.log(
        "forward",
        mailbox=holder.address,
        message_id=original.id,
        thread_id=thread.id,
        patient=thread.patient,
        detail=f"to {person.login} as {message.id}"
        + (f"; {len(notes)} journal note(s) disclosed" if notes else ""),
    )
    return p.summary(message, personal.id or 0)


def _other_channel(
    why_sv: str, why_en: str, target: AuditTarget, *, hint: str | None = None
) -> Refused:
    # The reason first: "Kan inte vidarebefordra" is what every caller already says.
    return Refused(
        f"{why_sv[:1].upper()}{why_sv[1:]}. Använd en annan kanal (t.ex. telefon).",
        f"{why_en[:1].upper()}{why_en[1:]}. Use another channel (e.g. the phone).",
        field="to",
        rule="R13",
        target=target,
        hint=hint,
    )

"""Sending, replying and forwarding: every rule of the routine checked before anything is stored."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from fblmail.clock import to_local
from fblmail.domain import rules
from fblmail.domain.categories import Category
from fblmail.domain.deadlines import answer_due_at
from fblmail.errors import AuditTarget, FblError, InvalidInput, NoAccess, Refused
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.inbox_sync import clear_thread_due, sent_due_at, waiting_due_at
from fblmail.service.lookup import (
    accessible_item,
    find_mailbox,
    find_message,
    require_member,
    summary_select,
    to_summary,
)
from fblmail.service.views import MessageSummary
from fblmail.store.shared import coordination_case_exists
from fblmail.store.tables import (
    Account,
    Disclosure,
    Draft,
    JournalNote,
    Mailbox,
    MailboxItem,
    Message,
    Thread,
)


@dataclass(frozen=True)
class Outgoing:
    """What the user asked to send (raw, as typed)."""

    from_fbl: str
    to_fbl: str
    category: str
    patient: str
    subject: str
    body: str
    journal_note: str | None = None
    journal_title: str | None = None
    fyi_no_risk: bool = False
    no_coordination_case: bool = False
    not_acute: bool = False
    message_id: str | None = None
    draft_id: str | None = None


def closed_refusal(box: Mailbox, field: str) -> Refused:
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


class Messaging(ServiceBase):
    """Use cases that create messages."""

    # -- send ------------------------------------------------------------------------------

    def send(self, out: Outgoing) -> MessageSummary:
        """Send a new message from one FBL to another (R1–R12). Idempotent on `message_id`."""
        target = AuditTarget(mailbox=out.from_fbl[:200])
        # Our own id is chosen once, so a retry reuses it; a client's id is checked inside
        # the unit of work (in `_send`), so a malformed one is logged as a refused send.
        message_id = out.message_id if out.message_id is not None else str(uuid.uuid4())
        try:
            return self._unit("send", lambda s, a: self._send(s, a, out, message_id), target=target)
        except IntegrityError:
            # Another process stored the same client-chosen id between our check and insert.
            return self._unit("send", lambda s, a: self._send(s, a, out, message_id), target=target)

    def _send(
        self, session: Session, actor: Actor, out: Outgoing, message_id: str
    ) -> MessageSummary:
        now = self.clock()
        message_id = rules.message_uuid(message_id, target=AuditTarget(mailbox=out.from_fbl[:200]))
        sender = find_mailbox(session, out.from_fbl, field="from")
        target = AuditTarget(mailbox=sender.address, message_id=message_id)
        existing = session.exec(select(Message).where(Message.id == message_id)).first()
        if existing is not None:
            return self._resend(session, actor, existing, sender, out)
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
        link = rules.journal_link(
            out.journal_note, out.journal_title, actor.org_kind, target=target
        )

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
        message = self._store_message(
            session,
            actor,
            thread,
            "message",
            sender,
            recipient,
            subject,
            body,
            now,
            message_id=message_id,
        )
        if link is not None:
            self._attach(
                session,
                actor,
                message,
                link.reference,
                link.title,
                now,
                to_mailbox=recipient.address,
                via="send",
            )
        if out.draft_id:
            self._drop_draft(session, actor, out.draft_id)
        self._log(
            session,
            actor,
            "send",
            mailbox=sender.address,
            message_id=message.id,
            thread_id=thread.id,
            patient=patient.digits,
            detail=f"to {recipient.address}" + ("; journal note" if link else ""),
        )
        return self._summary(session, message, sender.id or 0)

    def _resend(
        self, session: Session, actor: Actor, existing: Message, sender: Mailbox, out: Outgoing
    ) -> MessageSummary:
        """The same client id again: return what was stored, or refuse a different message."""
        require_member(actor, sender, field="from")  # a removed member gets nothing back
        same = (
            existing.sender_mailbox_id == sender.id
            and existing.sender_account_id == actor.account_id
            and existing.subject == out.subject
            and existing.body == out.body
            and self._same_particulars(session, existing, out)
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
        self._log(
            session,
            actor,
            "send",
            mailbox=sender.address,
            message_id=existing.id,
            thread_id=existing.thread_id,
            patient=existing.patient,
            detail="repeat of a stored send",
        )
        return self._summary(session, existing, sender.id or 0)

    def _same_particulars(self, session: Session, existing: Message, out: Outgoing) -> bool:
        """Recipient, patient, category and journal link as asked match what was stored."""
        try:
            recipient = find_mailbox(session, out.to_fbl, field="to")
            patient = rules.patient_id(out.patient, to_local(self.clock()).date()).digits
            category = str(rules.category(out.category))
        except FblError:
            return False
        note = session.exec(
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

    # -- reply ------------------------------------------------------------------------------

    def reply(
        self,
        ref: str,
        body: str,
        *,
        subject: str | None = None,
        not_acute: bool = False,
        journal_note: str | None = None,
        journal_title: str | None = None,
        message_id: str | None = None,
        draft_id: str | None = None,
    ) -> MessageSummary:
        """Answer a thread from the FBL that holds it; an answer stops the R10 clock."""
        target = AuditTarget(message_id=ref[:36])

        def work(session: Session, actor: Actor) -> MessageSummary:
            now = self.clock()
            # Inside the unit of work, so a malformed id is logged as a refused reply.
            new_id = rules.message_uuid(message_id, target=target)
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
            from_id = (
                thread.counterpart_mailbox_id if thread.counterpart_mailbox_id in ours else ours[0]
            )
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
                return self._repeat_reply(session, actor, existing, original, body, aimed)
            for box, field in ((sender, "from"), (recipient, "to")):
                if box.closed_at is not None:
                    raise closed_refusal(box, field)
            text = rules.required_text(body, "body", rules.BODY_MAX, target=aimed)
            title = subject if subject and subject.strip() else _reply_subject(original.subject)
            title = rules.required_text(title, "subject", rules.SUBJECT_MAX, target=aimed)
            rules.not_acute([title, text], not_acute, target=aimed)
            link = rules.journal_link(journal_note, journal_title, actor.org_kind, target=aimed)
            message = self._store_message(
                session,
                actor,
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
                self._attach(
                    session,
                    actor,
                    message,
                    link.reference,
                    link.title,
                    now,
                    to_mailbox=recipient.address,
                    via="send",
                )
            answered = from_id == thread.counterpart_mailbox_id and thread.answered_at is None
            if answered:
                thread.answered_at = now
                session.add(thread)
                clear_thread_due(session, thread.id)
            if draft_id:
                self._drop_draft(session, actor, draft_id)
            self._log(
                session,
                actor,
                "reply",
                mailbox=sender.address,
                message_id=message.id,
                thread_id=thread.id,
                patient=thread.patient,
                detail=f"to {recipient.address}; in reply to {original.id}"
                + ("; answers the thread" if answered else ""),
            )
            return self._summary(session, message, sender.id or 0)

        return self._unit("reply", work, target=target)

    def _repeat_reply(
        self,
        session: Session,
        actor: Actor,
        existing: Message,
        original: Message,
        body: str,
        aimed: AuditTarget,
    ) -> MessageSummary:
        """The same client id again: return this user's stored reply, or refuse the id."""
        same = (
            existing.in_reply_to_id == original.id
            and existing.sender_account_id == actor.account_id
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
        self._log(
            session,
            actor,
            "reply",
            mailbox=aimed.mailbox,
            message_id=existing.id,
            thread_id=existing.thread_id,
            patient=existing.patient,
            detail="repeat of a stored reply",
        )
        return self._summary(session, existing, existing.sender_mailbox_id)

    # -- forward ----------------------------------------------------------------------------

    def forward(
        self,
        ref: str,
        to_login: str,
        *,
        recipient_informed: bool,
        note: str | None = None,
        draft_id: str | None = None,
    ) -> MessageSummary:
        """R13/R14: forward to a named, informed person's personal mailbox in our organisation."""
        target = AuditTarget(message_id=ref[:36])

        def work(session: Session, actor: Actor) -> MessageSummary:
            now = self.clock()
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
                select(Mailbox).where(
                    Mailbox.owner_account_id == person.id, Mailbox.kind == "personal"
                )
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
            message = self._store_message(
                session,
                actor,
                thread,
                "forward",
                holder,
                personal,
                original.subject,
                original.body,
                now,
                message_id=str(uuid.uuid4()),
                forwarded_from=original.id,
                forward_note=text_note,
                informed=True,
                sender_copy=False,
            )
            notes = session.exec(
                select(JournalNote).where(JournalNote.message_seq == original.seq)
            ).all()
            for jn in notes:
                self._attach(
                    session,
                    actor,
                    message,
                    jn.reference,
                    jn.title,
                    now,
                    to_login=person.login,
                    via="forward",
                    attached_by=jn.attached_by,
                )
            if draft_id:
                self._drop_draft(session, actor, draft_id)
            self._log(
                session,
                actor,
                "forward",
                mailbox=holder.address,
                message_id=original.id,
                thread_id=thread.id,
                patient=thread.patient,
                detail=f"to {person.login} as {message.id}"
                + (f"; {len(notes)} journal note(s) disclosed" if notes else ""),
            )
            return self._summary(session, message, personal.id or 0)

        return self._unit("forward", work, target=target)

    # -- shared pieces ------------------------------------------------------------------------

    def _store_message(
        self,
        session: Session,
        actor: Actor,
        thread: Thread,
        kind: str,
        sender: Mailbox,
        recipient: Mailbox,
        subject: str,
        body: str,
        now: datetime,
        *,
        message_id: str,
        in_reply_to: str | None = None,
        forwarded_from: str | None = None,
        forward_note: str | None = None,
        informed: bool = False,
        sender_copy: bool = True,
    ) -> Message:
        message = Message(
            id=message_id,
            thread_id=thread.id,
            kind=kind,
            sender_mailbox_id=sender.id or 0,
            recipient_mailbox_id=recipient.id or 0,
            sender_account_id=actor.account_id or 0,
            category=thread.category,
            patient=thread.patient,
            subject=subject,
            body=body,
            sent_at=now,
            in_reply_to_id=in_reply_to,
            forwarded_from_id=forwarded_from,
            forward_note=forward_note,
            recipient_informed=informed,
        )
        session.add(message)
        session.flush()
        seq = message.seq or 0
        session.add(
            MailboxItem(
                message_seq=seq,
                mailbox_id=recipient.id or 0,
                folder="inbox",
                sort_at=now,
                due_at=waiting_due_at(thread, recipient.id or 0),
            )
        )
        if sender_copy:
            session.add(
                MailboxItem(
                    message_seq=seq,
                    mailbox_id=sender.id or 0,
                    folder="sent",
                    read_at=now,
                    sort_at=now,
                    due_at=sent_due_at(
                        thread, sender.id or 0, recipient.id or 0
                    ),  # late ones first (R10)
                )
            )
        session.flush()
        return message

    def _attach(
        self,
        session: Session,
        actor: Actor,
        message: Message,
        reference: str,
        title: str,
        now: datetime,
        *,
        via: str,
        to_mailbox: str | None = None,
        to_login: str | None = None,
        attached_by: str | None = None,
    ) -> None:
        # A forwarded note keeps its author; the disclosure records who passed it on.
        note = JournalNote(
            message_seq=message.seq or 0,
            reference=reference,
            title=title,
            attached_by=attached_by or actor.login,
            attached_at=now,
        )
        session.add(note)
        session.flush()
        session.add(
            Disclosure(
                journal_note_id=note.id or 0,
                to_mailbox=to_mailbox,
                to_login=to_login,
                via=via,
                disclosed_at=now,
                disclosed_by=actor.login,
            )
        )

    def _drop_draft(self, session: Session, actor: Actor, draft_id: str) -> None:
        draft = session.get(Draft, draft_id)
        if draft is not None and draft.account_id == actor.account_id:
            session.delete(draft)

    def _summary(self, session: Session, message: Message, mailbox_id: int) -> MessageSummary:
        session.flush()
        row = session.exec(
            summary_select().where(
                MailboxItem.message_seq == message.seq, MailboxItem.mailbox_id == mailbox_id
            )
        ).first()
        if row is None:
            raise NoAccess("Meddelandet finns inte.", "The message does not exist.", field="id")
        return to_summary(row, self.clock())


def _reply_subject(subject: str) -> str:
    """`Sv: subject`, without stacking prefixes."""
    return subject if subject.lower().startswith("sv:") else f"Sv: {subject}"[: rules.SUBJECT_MAX]


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


__all__ = ["Category", "Messaging", "Outgoing", "closed_refusal"]

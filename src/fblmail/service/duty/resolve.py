"""Closing the loop on a late answer (R10): the sender records it was settled another way.

R10 makes the **sender** responsible for making contact another way when a question goes
unanswered, so only a member of the FBL that asked may record how it was settled, and only
while the thread is still unanswered (an answer in the system is the better record). It may
be recorded before the 72 hours are up too: a nurse who rang early should not have to wait
for the question to turn red. A resolved thread leaves every overdue list
(`deadline_state` → RESOLVED); the access log records who, when and how (not the note text,
which stays with the thread and goes when the thread is purged).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from fblmail.clock import format_local
from fblmail.domain import rules
from fblmail.domain.personnummer import PatientId
from fblmail.errors import AuditTarget, InvalidInput, Refused
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.lookup import accessible_item, find_message
from fblmail.service.mailboxes.inbox_sync import clear_thread_due
from fblmail.store.tables import Mailbox, Thread

RESOLVED_HOW = ("phone", "other")


@dataclass(frozen=True)
class ResolvedView:
    """A thread marked as settled another way."""

    message_id: str
    thread_id: str
    patient: str
    subject: str
    mailbox: str
    counterpart: str
    resolved_at: datetime
    resolved_by: str
    resolved_how: str
    note: str

    def to_json(self) -> dict[str, Any]:
        """Keys: message_id, thread_id, patient, subject, mailbox, counterpart, resolved_at,
        resolved_by, resolved_how, note."""
        return {
            "message_id": self.message_id,
            "thread_id": self.thread_id,
            "patient": self.patient,
            "subject": self.subject,
            "mailbox": self.mailbox,
            "counterpart": self.counterpart,
            "resolved_at": self.resolved_at.isoformat(),
            "resolved_by": self.resolved_by,
            "resolved_how": self.resolved_how,
            "note": self.note,
        }


def parse_how(value: str) -> str:
    """`phone` or `other` (`telefon`/`annat` accepted too)."""
    how = {"telefon": "phone", "annat": "other", "annan": "other"}.get(
        value.strip().lower(), value.strip().lower()
    )
    if how not in RESOLVED_HOW:
        raise InvalidInput(
            f"Okänt sätt {value!r}: välj phone (telefon) eller other (annat).",
            f"Unknown way {value!r}: choose phone or other.",
            field="by",
        )
    return how


def _note(note: str, target: AuditTarget) -> str:
    text = (note or "").strip()
    if not text:
        raise InvalidInput(
            "Skriv en kort anteckning om hur frågan löstes, t.ex. vem du talade med (--note).",
            "Write a short note on how the question was settled, e.g. whom you spoke to (--note).",
            field="note",
            target=target,
        )
    if len(text) > rules.NOTE_MAX:
        raise InvalidInput(
            f"Anteckningen är för lång (högst {rules.NOTE_MAX} tecken).",
            f"The note is too long (at most {rules.NOTE_MAX} characters).",
            field="note",
            target=target,
        )
    return text


class Resolutions(ServiceBase):
    """R10: recording that an unanswered question was settled outside fblmail."""

    def resolve(self, ref: str, how: str, note: str) -> ResolvedView:
        """Mark the thread of message `ref` as settled by `how` ("phone"/"other") with a note."""
        way = parse_how(how)
        target = AuditTarget(message_id=ref[:36])

        def work(session: Session, actor: Actor) -> ResolvedView:
            message = find_message(session, ref, actor)
            thread = session.get(Thread, message.thread_id)
            assert thread is not None
            aimed = AuditTarget(message_id=message.id, thread_id=thread.id, patient=thread.patient)
            origin = session.get(Mailbox, thread.origin_mailbox_id)
            counterpart = session.get(Mailbox, thread.counterpart_mailbox_id)
            assert origin is not None and counterpart is not None
            if thread.origin_mailbox_id not in actor.fbl_ids:
                accessible_item(session, actor, message, typed=ref)  # unseen → "no such message"
                raise Refused(
                    f"Bara avsändaren ({origin.address}) kan markera frågan som löst på annat "
                    "sätt. Är det ni som ska svara: svara med `fblmail reply`.",
                    f"Only the sender ({origin.address}) can mark the question as settled "
                    "another way. If you are the one to answer, use `fblmail reply`.",
                    field="id",
                    rule="R10",
                    target=aimed,
                )
            aimed = AuditTarget(
                mailbox=origin.address,
                message_id=message.id,
                thread_id=thread.id,
                patient=thread.patient,
            )
            if thread.due_at is None:
                raise Refused(
                    "Tråden är ”För kännedom” och väntar inte på något svar.",
                    "The thread is FYI and awaits no answer.",
                    field="id",
                    rule="R10",
                    target=aimed,
                )
            if thread.answered_at is not None:
                raise Refused(
                    f"Frågan besvarades {format_local(thread.answered_at)}; den behöver inte "
                    "markeras som löst.",
                    f"The question was answered {format_local(thread.answered_at)}; it needs "
                    "no resolving.",
                    field="id",
                    rule="R10",
                    target=aimed,
                )
            if thread.resolved_at is not None:
                raise Refused(
                    f"Frågan markerades redan som löst {format_local(thread.resolved_at)} av "
                    f"{thread.resolved_by}.",
                    f"The question was already marked settled {format_local(thread.resolved_at)}"
                    f" by {thread.resolved_by}.",
                    field="id",
                    rule="R10",
                    target=aimed,
                )
            text = _note(note, aimed)
            now = self.clock()
            thread.resolved_at = now
            thread.resolved_by = actor.login
            thread.resolved_how = way
            thread.resolved_note = text
            session.add(thread)
            clear_thread_due(session, thread.id)  # the inbox's "waiting for us" copies
            self._log(
                session,
                actor,
                "resolve",
                mailbox=origin.address,
                message_id=message.id,
                thread_id=thread.id,
                patient=thread.patient,
                detail=f"settled by {way} with {counterpart.address}",
            )
            return ResolvedView(
                message_id=message.id,
                thread_id=thread.id,
                patient=PatientId(thread.patient).display(),
                subject=thread.subject,
                mailbox=origin.address,
                counterpart=counterpart.address,
                resolved_at=now,
                resolved_by=actor.login,
                resolved_how=way,
                note=text,
            )

        return self._unit("resolve", work, target=target)

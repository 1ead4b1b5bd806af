"""The patient across threads (issue 11): every thread about one patient in the user's FBLs.

One service for the app's patient view and `fblmail patient PNR`: status against the
deadline (R10), the counterpart FBL, who in our FBL handles it. Reading it shows patient
data, so it is logged (one access-log row, with the patient) in the same transaction.

`open_questions(patient, to_fbl)` is what compose asks before a new question: the open
questions (unanswered, unsettled, not closed) from the user's FBLs to that FBL about the
patient, so the user can see the earlier one first (a new one may still be sent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from fblmail.domain import rules
from fblmail.domain.deadlines import deadline_state
from fblmail.domain.personnummer import PatientId
from fblmail.errors import AuditTarget
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.lookup import find_mailbox
from fblmail.service.messages.handling import handlers_for
from fblmail.store.tables import Mailbox, MailboxItem, Message, Organisation, Thread

THREADS_MAX = 200

__all__ = ["PatientOverview", "PatientThread", "Patients"]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@dataclass(frozen=True)
class PatientThread:
    """One thread about the patient as the user's FBL sees it."""

    thread_id: str
    message_id: str  # the newest message of the thread the user holds (Enter opens it)
    mailbox: str  # our FBL
    we_asked: bool
    category: str
    subject: str
    created_at: datetime
    due_at: datetime | None
    state: str  # DeadlineState value
    counterpart: str
    counterpart_unit: str
    handler: str | None
    closed: bool

    def to_json(self) -> dict[str, Any]:
        """Keys: thread_id, id, mailbox, we_asked, category, subject, created_at, due_at,
        state, counterpart, counterpart_unit, taken_by_name, closed."""
        return {
            "thread_id": self.thread_id,
            "id": self.message_id,
            "mailbox": self.mailbox,
            "we_asked": self.we_asked,
            "category": self.category,
            "subject": self.subject,
            "created_at": _iso(self.created_at),
            "due_at": _iso(self.due_at),
            "state": self.state,
            "counterpart": self.counterpart,
            "counterpart_unit": self.counterpart_unit,
            "taken_by_name": self.handler,
            "closed": self.closed,
        }


def status_label(thread: PatientThread, now: datetime) -> str:
    """`▲ 3 h sen` / `! 21 h kvar` / `✓ besvarad` …: the inbox's words, for app and CLI."""
    from fblmail.domain.deadlines import deadline_mark, time_left
    from fblmail.i18n import language, tr

    if thread.closed:
        return tr("■ avslutad", "■ closed")
    if thread.state == "answered":
        return tr("✓ besvarad", "✓ answered")
    if thread.state == "resolved":
        return tr("✓ löst per telefon", "✓ settled by phone")
    if thread.state == "fyi" or thread.due_at is None:
        return tr("◇ kännedom", "◇ FYI")
    return deadline_mark(time_left(thread.due_at, now), thread.state == "due_soon", language())


@dataclass(frozen=True)
class PatientOverview:
    """Every thread about one patient in the user's FBLs, newest first."""

    patient: str
    threads: tuple[PatientThread, ...]

    def to_json(self) -> dict[str, Any]:
        """Keys: patient, threads."""
        return {"patient": self.patient, "threads": [t.to_json() for t in self.threads]}


class Patients(ServiceBase):
    """The patient view and compose's "is there already an open question?"."""

    def overview(self, patient: str) -> PatientOverview:
        """Every thread about `patient` (any written form) in the user's FBLs; logged."""

        def work(session: Session, actor: Actor) -> PatientOverview:
            pid = self._patient(patient)
            threads = self._threads(session, actor, pid, [])
            self._log(
                session,
                actor,
                "patient-overview",
                patient=pid.digits,
                detail=f"{len(threads)} threads",
            )
            return PatientOverview(pid.display(), threads)

        return self._unit("patient-overview", work, target=AuditTarget(patient=patient[:12]))

    def open_questions(self, patient: str, to_fbl: str) -> tuple[PatientThread, ...]:
        """Open questions from the user's FBLs to `to_fbl` about `patient`; logged when any."""

        def work(session: Session, actor: Actor) -> tuple[PatientThread, ...]:
            pid = self._patient(patient)
            box = find_mailbox(session, to_fbl, field="to")
            conditions = [
                col(Thread.origin_mailbox_id).in_(sorted(actor.fbl_ids)),
                Thread.counterpart_mailbox_id == box.id,
                col(Thread.due_at).is_not(None),
                col(Thread.answered_at).is_(None),
                col(Thread.resolved_at).is_(None),
                col(Thread.closed_at).is_(None),
            ]
            found = self._threads(session, actor, pid, conditions)
            if found:
                self._log(
                    session,
                    actor,
                    "patient-open-questions",
                    mailbox=box.address,
                    patient=pid.digits,
                    detail=f"{len(found)} open",
                )
            return found

        return self._unit("patient-open-questions", work, target=AuditTarget(patient=patient[:12]))

    # -- helpers ---------------------------------------------------------------------------

    def _patient(self, text: str) -> PatientId:
        return rules.patient_id(text, self.clock().date())

    def _threads(
        self, session: Session, actor: Actor, pid: PatientId, extra: list[Any]
    ) -> tuple[PatientThread, ...]:
        mine = sorted(actor.fbl_ids)
        if not mine:
            return ()
        rows = session.exec(
            select(Thread)
            .where(
                Thread.patient == pid.digits,
                or_(
                    col(Thread.origin_mailbox_id).in_(mine),
                    col(Thread.counterpart_mailbox_id).in_(mine),
                ),
                *extra,
            )
            .order_by(col(Thread.created_at).desc(), col(Thread.id))
            .limit(THREADS_MAX)
        ).all()
        if not rows:
            return ()
        boxes = {
            b.id: (b.address, unit)
            for b, unit in session.exec(
                select(Mailbox, Organisation.name).join(
                    Organisation, col(Organisation.id) == col(Mailbox.organisation_id)
                )
            ).all()
        }
        sides = {
            t.id: (
                t.origin_mailbox_id
                if t.origin_mailbox_id in actor.fbl_ids
                else t.counterpart_mailbox_id
            )
            for t in rows
        }
        handlers = handlers_for(session, sides.items())
        newest = dict(
            session.exec(
                select(Message.thread_id, func.max(Message.seq))
                .join(MailboxItem, col(MailboxItem.message_seq) == col(Message.seq))
                .where(
                    col(Message.thread_id).in_(list(sides)),
                    col(MailboxItem.mailbox_id).in_(sorted(actor.mailbox_ids)),
                )
                .group_by(col(Message.thread_id))
            ).all()
        )
        ids = dict(
            session.exec(
                select(Message.seq, Message.id).where(col(Message.seq).in_(list(newest.values())))
            ).all()
        )
        now = self.clock()
        found = []
        for thread in rows:
            if thread.id not in newest:
                continue  # every copy purged from our mailboxes: nothing to open
            ours = sides[thread.id]
            we_asked = ours == thread.origin_mailbox_id
            other = thread.counterpart_mailbox_id if we_asked else thread.origin_mailbox_id
            held = handlers.get((thread.id, ours))
            state = deadline_state(thread.due_at, thread.answered_at, now, thread.resolved_at)
            found.append(
                PatientThread(
                    thread_id=thread.id,
                    message_id=ids[newest[thread.id]],
                    mailbox=boxes[ours][0],
                    we_asked=we_asked,
                    category=thread.category,
                    subject=thread.subject,
                    created_at=thread.created_at,
                    due_at=thread.due_at,
                    state=str(state),
                    counterpart=boxes[other][0],
                    counterpart_unit=boxes[other][1],
                    handler=held[1] if held else None,
                    closed=thread.closed_at is not None,
                )
            )
        return tuple(found)

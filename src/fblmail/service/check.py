"""The duty nurse's morning and afternoon check of the unit's FBL (R4, R10, R17, R20).

Every finding is an SQL aggregate plus at most `top` rows, so a check of a large mailbox
reads a few dozen rows, never the mailbox. Reading the check is logged (it shows patients),
one access-log row per FBL; signing it records who checked which FBL, for which shift, with
the figures they saw, and is logged too, in the same transaction.

What "needs action" (exit code 1): unread messages, questions waiting for our answer or
past their 72 hours, our own questions unanswered past 72 hours (ring the unit, R10), gaps
in the local routine, an automatic one-year deletion that has not run for two days, and
the current shift unsigned while its check window is open (so a reminder run from cron at
08:15 fires until somebody signs).
Messages about to be deleted and an unsigned previous shift are reported but need no action.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from fblmail.clock import to_local
from fblmail.domain.shifts import Shift, default_shift, parse_shift, previous_shift
from fblmail.errors import AuditTarget, InvalidInput
from fblmail.service import check_queries as q
from fblmail.service.check_queries import Findings, MessageFinding, ThreadFinding
from fblmail.service.context import Actor
from fblmail.service.duty.resolve import Resolutions
from fblmail.service.messages.printing import ThreadPrintouts, open_printouts_for
from fblmail.service.routine import check_times, load_routine, routine_gaps
from fblmail.service.shifts import (
    CheckHistory,
    build_history,
    checked_boxes,
    first_signature,
    history_days,
    refuse_early_signature,
    window_open,
)
from fblmail.store.tables import CheckSignature, Mailbox

TOP = 20
AUTO_PURGE_EVERY = timedelta(days=2)

__all__ = ["TOP", "CheckReport", "Checks", "MailboxCheck"]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@dataclass(frozen=True)
class MailboxCheck:
    """Everything the check found in one FBL."""

    mailbox: str
    organisation: str
    day: date
    shift: str
    window: str
    checked_at: datetime
    last_signed_at: datetime | None
    unread: int
    new_since_last_check: int
    folders: tuple[tuple[str, int], ...]
    waiting_for_us: Findings[ThreadFinding]
    due_soon: int
    overdue_for_us: Findings[ThreadFinding]
    our_unanswered: Findings[ThreadFinding]
    fyi_received: Findings[MessageFinding]
    fyi_unread: int
    expiring_within_7_days: Findings[MessageFinding]
    routine_gaps: tuple[str, ...]
    previous_day: date
    previous_shift: str
    previous_signed_by: str | None
    previous_signed_at: datetime | None
    last_auto_purge_at: datetime | None
    auto_purge_ran_recently: bool
    # R16: closed cases whose printouts nobody has confirmed destroyed.
    printouts_not_destroyed: tuple[ThreadPrintouts, ...] = ()
    # R4: is the shift's window open now, and who (if anyone) signed this shift.
    in_window: bool = False
    shift_signed_by: str | None = None
    # Issue 11: questions to us past 24 hours that nobody in the FBL has taken.
    untaken: Findings[ThreadFinding] = q.NO_THREADS

    @property
    def shift_unsigned(self) -> bool:
        """The shift's window is open and nobody has signed it yet."""
        return self.in_window and self.shift_signed_by is None

    @property
    def actions(self) -> tuple[str, ...]:
        """Why this FBL needs action (empty when it does not)."""
        reasons = (
            ("unread", self.unread > 0),
            ("waiting_for_us", self.waiting_for_us.total > 0),
            ("overdue_for_us", self.overdue_for_us.total > 0),
            ("our_unanswered", self.our_unanswered.total > 0),
            ("routine_gaps", bool(self.routine_gaps)),
            ("auto_purge_not_run", not self.auto_purge_ran_recently),
            ("printouts_not_destroyed", bool(self.printouts_not_destroyed)),
            ("shift_unsigned", self.shift_unsigned),
        )
        return tuple(name for name, hit in reasons if hit)

    @property
    def needs_action(self) -> bool:
        """True when anything in `actions`."""
        return bool(self.actions)

    @property
    def previous_shift_signed(self) -> bool:
        """Whether somebody signed the check before this one."""
        return self.previous_signed_by is not None

    def figures(self) -> dict[str, Any]:
        """The counts the user saw (stored with a signature; no patient data)."""
        return {
            "unread": self.unread,
            "new_since_last_check": self.new_since_last_check,
            "waiting_for_us": self.waiting_for_us.total,
            "due_soon": self.due_soon,
            "overdue_for_us": self.overdue_for_us.total,
            "untaken_over_24_hours": self.untaken.total,
            "our_unanswered": self.our_unanswered.total,
            "fyi_received": self.fyi_received.total,
            "fyi_unread": self.fyi_unread,
            "folders": dict(self.folders),
            "expiring_within_7_days": self.expiring_within_7_days.total,
            "routine_gaps": list(self.routine_gaps),
            "previous_shift_signed": self.previous_shift_signed,
            "auto_purge_ran_recently": self.auto_purge_ran_recently,
            "printouts_not_destroyed": len(self.printouts_not_destroyed),
            "needs_action": self.needs_action,
        }

    def to_json(self) -> dict[str, Any]:
        """One mailbox of `check --json` (see the README for the schema)."""
        return {
            "mailbox": self.mailbox,
            "organisation": self.organisation,
            "day": self.day.isoformat(),
            "shift": self.shift,
            "window": self.window,
            "in_window": self.in_window,
            "shift_signed_by": self.shift_signed_by,
            "shift_unsigned": self.shift_unsigned,
            "checked_at": self.checked_at.isoformat(),
            "last_signed_check_at": _iso(self.last_signed_at),
            "unread": self.unread,
            "new_since_last_check": self.new_since_last_check,
            "waiting_for_us": {
                "total": self.waiting_for_us.total,
                "due_soon": self.due_soon,
                "items": [i.to_json() for i in self.waiting_for_us.items],
            },
            "overdue_for_us": self.overdue_for_us.to_json(),
            "untaken_over_24_hours": self.untaken.to_json(),
            "our_unanswered": self.our_unanswered.to_json(),
            "fyi_received": {
                "total": self.fyi_received.total,
                "unread": self.fyi_unread,
                "items": [i.to_json() for i in self.fyi_received.items],
            },
            "folders": dict(self.folders),
            "expiring_within_7_days": self.expiring_within_7_days.to_json(),
            "routine_gaps": list(self.routine_gaps),
            "previous_shift_signed": self.previous_shift_signed,
            "previous_shift": {
                "day": self.previous_day.isoformat(),
                "shift": self.previous_shift,
                "signed_by": self.previous_signed_by,
                "signed_at": _iso(self.previous_signed_at),
            },
            "auto_purge_ran_recently": self.auto_purge_ran_recently,
            "last_auto_purge_at": _iso(self.last_auto_purge_at),
            "printouts_not_destroyed": [
                {
                    "thread_id": case.thread_id,
                    "subject": case.subject,
                    "patient": case.patient,
                    "closed_at": _iso(case.closed_at),
                    "printouts": len(case.printouts),
                    "printed_by": sorted({p.login for p in case.printouts}),
                }
                for case in self.printouts_not_destroyed
            ],
            "actions": list(self.actions),
            "needs_action": self.needs_action,
        }

    def log_detail(self) -> str:
        """A one-line summary for the access log (counts only)."""
        return (
            f"{self.day} {self.shift}; unread {self.unread}; waiting {self.waiting_for_us.total}"
            f"; overdue {self.overdue_for_us.total}; ours unanswered {self.our_unanswered.total}"
        )


@dataclass(frozen=True)
class CheckReport:
    """The whole check: one `MailboxCheck` per FBL."""

    checked_at: datetime
    user: str
    mailboxes: tuple[MailboxCheck, ...]
    signed: bool = False

    @property
    def needs_action(self) -> bool:
        """True when any FBL needs action."""
        return any(m.needs_action for m in self.mailboxes)

    def to_json(self) -> dict[str, Any]:
        """`check --json`: checked_at, user, signed, needs_action, mailboxes."""
        return {
            "checked_at": self.checked_at.isoformat(),
            "user": self.user,
            "signed": self.signed,
            "needs_action": self.needs_action,
            "mailboxes": [m.to_json() for m in self.mailboxes],
        }


def _shift(value: str | None) -> Shift | None:
    if value is None or not value.strip():
        return None
    try:
        return parse_shift(value)
    except ValueError as exc:
        raise InvalidInput(
            f"Okänt pass {value!r}: välj morning (förmiddag) eller afternoon (eftermiddag).",
            f"Unknown shift {value!r}: choose morning or afternoon.",
            field="shift",
        ) from exc


class Checks(Resolutions):
    """The check, its signature and history (R4), and resolving late questions (R10)."""

    def run(
        self,
        mailboxes: Sequence[str] = (),
        *,
        shift: str | None = None,
        sign: bool = False,
        top: int = TOP,
    ) -> CheckReport:
        """Check the FBLs (default: all the user belongs to); `sign` records the check too."""
        chosen = _shift(shift)
        top = max(1, min(top, 500))
        target = AuditTarget(mailbox=mailboxes[0][:200] if mailboxes else None)

        def work(session: Session, actor: Actor) -> CheckReport:
            now = self.clock()
            boxes = checked_boxes(session, actor, mailboxes)
            last_purge = q.last_auto_purge(session)
            found = []
            for box in boxes:
                check = self._check_box(session, box, now, chosen, last_purge, top)
                self._log(session, actor, "check", mailbox=box.address, detail=check.log_detail())
                if sign:
                    check = self._record(session, actor, box, check, now)
                found.append(check)
            return CheckReport(now, actor.login, tuple(found), signed=sign)

        return self._unit("check", work, target=target)

    def sign(self, report: CheckReport) -> CheckReport:
        """Sign a check already shown to the user (the "yes" at the end of a run)."""

        def work(session: Session, actor: Actor) -> CheckReport:
            now = self.clock()
            signed = []
            for check in report.mailboxes:
                (box,) = checked_boxes(session, actor, [check.mailbox])
                signed.append(self._record(session, actor, box, check, now))
            return replace(report, mailboxes=tuple(signed), signed=True)

        return self._unit("check-sign", work)

    def history(self, mailbox: str | None = None, *, days: int = 7) -> CheckHistory:
        """Days × shifts per FBL: signed by whom and when, or missed (no patient data)."""
        days = history_days(days)
        with self.store.read() as session:
            actor = self._reader(session)
            boxes = checked_boxes(session, actor, [mailbox] if mailbox else [], history=True)
            return build_history(session, boxes, days, self.clock())

    # -- helpers -------------------------------------------------------------------------------

    def _reader(self, session: Session) -> Actor:
        from fblmail.service.context import ask_for_account, load_actor

        actor = load_actor(session, self.login)
        if not actor.active:
            raise ask_for_account(self.login)
        return actor

    def _record(
        self, session: Session, actor: Actor, box: Mailbox, check: MailboxCheck, now: datetime
    ) -> MailboxCheck:
        times = check_times(load_routine(session, box.organisation_id))
        refuse_early_signature(box, times, check.day, Shift(check.shift), now)
        session.add(
            CheckSignature(
                mailbox_id=box.id or 0,
                login=actor.login,
                day=check.day,
                shift=check.shift,
                signed_at=now,
                figures=json.dumps(check.figures(), sort_keys=True),
            )
        )
        self._log(
            session,
            actor,
            "check-sign",
            mailbox=box.address,
            detail=f"{check.day} {check.shift}",
        )
        if check.shift_signed_by is None:
            return replace(check, shift_signed_by=actor.login)
        return check

    def _check_box(
        self,
        session: Session,
        box: Mailbox,
        now: datetime,
        chosen: Shift | None,
        last_purge: datetime | None,
        top: int,
    ) -> MailboxCheck:
        box_id = box.id or 0
        routine = load_routine(session, box.organisation_id)
        times = check_times(routine)
        local = to_local(now)
        shift = chosen or default_shift(local.time().replace(tzinfo=None), times)
        day = local.date()
        prev_day, prev_shift = previous_shift(day, shift)
        prev = first_signature(session, box_id, prev_day, prev_shift)
        this = first_signature(session, box_id, day, shift)
        last_signed = q.last_signed_at(session, box_id)
        tally = q.tallies(session, box_id)
        folders = q.folder_counts(tally)
        waiting, due_soon = q.threads(session, box_id, now, side="us", overdue=False, top=top)
        overdue, _ = q.threads(session, box_id, now, side="us", overdue=True, top=top)
        ours, _ = q.threads(session, box_id, now, side="them", overdue=True, top=top)
        fyi, fyi_unread = q.fyi_received(session, box_id, top, tally)
        return MailboxCheck(
            mailbox=box.address,
            organisation=q.organisation_name(session, box.organisation_id),
            day=day,
            shift=str(shift),
            window=times.window_text(shift),
            checked_at=now,
            last_signed_at=last_signed,
            unread=q.unread(tally),
            new_since_last_check=q.new_since(session, box_id, last_signed, tally),
            folders=folders,
            waiting_for_us=waiting,
            due_soon=due_soon,
            overdue_for_us=overdue,
            our_unanswered=ours,
            fyi_received=fyi,
            fyi_unread=fyi_unread,
            expiring_within_7_days=q.expiring(session, box_id, now, top),
            routine_gaps=routine_gaps(routine),
            previous_day=prev_day,
            previous_shift=str(prev_shift),
            previous_signed_by=prev.login if prev else None,
            previous_signed_at=prev.signed_at if prev else None,
            last_auto_purge_at=last_purge,
            auto_purge_ran_recently=last_purge is not None and last_purge >= now - AUTO_PURGE_EVERY,
            printouts_not_destroyed=tuple(open_printouts_for(session, [box_id])),
            in_window=window_open(times, day, shift, now),
            shift_signed_by=this.login if this else None,
            untaken=q.untaken(session, box_id, now, top),
        )

"""What the check found: one `MailboxCheck` per FBL and the whole `CheckReport` (R4).

Frozen read models with their JSON (`check --json`, a contract: keys never change) and the
reasons an FBL needs action. Light on purpose: no SQLAlchemy, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fblmail.service.duty.check_printouts import ThreadPrintouts
from fblmail.store.query import check as q
from fblmail.store.query.check import Findings, MessageFinding, ThreadFinding

__all__ = ["CheckReport", "MailboxCheck"]


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

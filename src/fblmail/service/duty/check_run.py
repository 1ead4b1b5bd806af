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

Light on purpose (no SQLAlchemy): the use case runs in a `CheckTx`, one write transaction
given by the caller, either the plain DB-API one of `fblmail check` or a session's
(`service/duty/check.py`). The caller writes the access-log rows through `log`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from fblmail.clock import to_local
from fblmail.domain.shifts import Shift, default_shift, parse_shift, previous_shift
from fblmail.errors import InvalidInput
from fblmail.service.duty.check_boxes import BoxRow, Member, checked_boxes
from fblmail.service.duty.check_printouts import open_printouts
from fblmail.service.duty.check_report import CheckReport, MailboxCheck
from fblmail.service.duty.check_routine import check_times, read_routine, routine_gaps
from fblmail.service.duty.shifts import first_signature, refuse_early_signature, window_open
from fblmail.store.query import check as q
from fblmail.store.query.check import Reader

TOP = 20
TOP_MAX = 500
AUTO_PURGE_EVERY = timedelta(days=2)

LogRow = Callable[[str, str, str], None]
"""Write one access-log row in the check's transaction: (action, mailbox, detail)."""


class CheckTx(Reader, Protocol):
    """The check's write transaction: reads, and statements without rows."""

    def execute(self, text: str, params: Sequence[object] = ()) -> object:
        """Run an INSERT or UPDATE in the transaction (what it returns is not used)."""
        ...


def parse_check_shift(value: str | None) -> Shift | None:
    """`--shift`: morning/afternoon (Swedish words too), or None for "by the clock"."""
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


def clamp_top(top: int) -> int:
    """How many rows each list of the check shows: 1 to 500."""
    return max(1, min(top, TOP_MAX))


def run_check(
    tx: CheckTx,
    actor: Member,
    names: Sequence[str],
    *,
    now: datetime,
    shift: Shift | None,
    sign: bool,
    top: int,
    log: LogRow,
) -> CheckReport:
    """Check the FBLs named (default: all the user belongs to); `sign` records it too."""
    boxes = checked_boxes(tx, actor, names)
    last_purge = q.last_auto_purge(tx)
    found = []
    for box in boxes:
        check = check_box(tx, box, now, shift, last_purge, top)
        log("check", box.address, check.log_detail())
        if sign:
            check = record_signature(tx, actor, box, check, now, log)
        found.append(check)
    return CheckReport(now, actor.login, tuple(found), signed=sign)


def sign_report(
    tx: CheckTx, actor: Member, report: CheckReport, now: datetime, log: LogRow
) -> CheckReport:
    """Sign a check already shown to the user (the "yes" at the end of a run)."""
    signed = []
    for check in report.mailboxes:
        (box,) = checked_boxes(tx, actor, [check.mailbox])
        signed.append(record_signature(tx, actor, box, check, now, log))
    return replace(report, mailboxes=tuple(signed), signed=True)


def record_signature(
    tx: CheckTx, actor: Member, box: BoxRow, check: MailboxCheck, now: datetime, log: LogRow
) -> MailboxCheck:
    """Record who signed this FBL's shift with the figures they saw, and log it."""
    times = check_times(read_routine(tx, box.organisation_id))
    refuse_early_signature(box, times, check.day, Shift(check.shift), now)
    tx.execute(
        "INSERT INTO check_signature (mailbox_id, login, day, shift, signed_at, figures) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            box.id,
            actor.login,
            check.day.isoformat(),
            check.shift,
            tx.time(now),
            json.dumps(check.figures(), sort_keys=True),
        ),
    )
    log("check-sign", box.address, f"{check.day} {check.shift}")
    if check.shift_signed_by is None:
        return replace(check, shift_signed_by=actor.login)
    return check


def check_box(
    db: Reader,
    box: BoxRow,
    now: datetime,
    chosen: Shift | None,
    last_purge: datetime | None,
    top: int,
) -> MailboxCheck:
    """Everything the check finds in one FBL."""
    box_id = box.id
    routine = read_routine(db, box.organisation_id)
    times = check_times(routine)
    local = to_local(now)
    shift = chosen or default_shift(local.time().replace(tzinfo=None), times)
    day = local.date()
    prev_day, prev_shift = previous_shift(day, shift)
    prev = first_signature(db, box_id, prev_day, prev_shift)
    this = first_signature(db, box_id, day, shift)
    last_signed = q.last_signed_at(db, box_id)
    tally = q.tallies(db, box_id)
    waiting, due_soon = q.threads(db, box_id, now, side="us", overdue=False, top=top)
    overdue, _ = q.threads(db, box_id, now, side="us", overdue=True, top=top)
    ours, _ = q.threads(db, box_id, now, side="them", overdue=True, top=top)
    fyi, fyi_unread = q.fyi_received(db, box_id, top, tally)
    return MailboxCheck(
        mailbox=box.address,
        organisation=q.organisation_name(db, box.organisation_id),
        day=day,
        shift=str(shift),
        window=times.window_text(shift),
        checked_at=now,
        last_signed_at=last_signed,
        unread=q.unread(tally),
        new_since_last_check=q.new_since(db, box_id, last_signed, tally),
        folders=q.folder_counts(tally),
        waiting_for_us=waiting,
        due_soon=due_soon,
        overdue_for_us=overdue,
        our_unanswered=ours,
        fyi_received=fyi,
        fyi_unread=fyi_unread,
        expiring_within_7_days=q.expiring(db, box_id, now, top),
        routine_gaps=routine_gaps(routine),
        previous_day=prev_day,
        previous_shift=str(prev_shift),
        previous_signed_by=prev.login if prev else None,
        previous_signed_at=prev.signed_at if prev else None,
        last_auto_purge_at=last_purge,
        auto_purge_ran_recently=last_purge is not None and last_purge >= now - AUTO_PURGE_EVERY,
        printouts_not_destroyed=tuple(open_printouts(db, [box_id])),
        in_window=window_open(times, day, shift, now),
        shift_signed_by=this.login if this else None,
        untaken=q.untaken(db, box_id, now, top),
    )

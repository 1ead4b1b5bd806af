"""The signed checks (R4) and the check-history grid; which FBLs: `check_boxes`.

Light on purpose (no SQLAlchemy): everything reads through the plain DB-API `Reader`, so
`fblmail check` and `check history` never import the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fblmail.clock import local_zone, to_local
from fblmail.domain.shifts import CheckTimes, Shift, SlotState, shift_bounds, slot_state
from fblmail.errors import AuditTarget, InvalidInput, Refused
from fblmail.service.duty.check_boxes import BoxRow
from fblmail.service.duty.check_routine import check_times, read_routine
from fblmail.store.query.check import Reader, must_time, stored_day

HISTORY_MAX_DAYS = 366


@dataclass(frozen=True)
class SignatureRow:
    """Who signed one FBL's check for one day and shift, and when."""

    login: str
    signed_at: datetime


def first_signature(db: Reader, box_id: int, day: date, shift: Shift) -> SignatureRow | None:
    """The first signed check of one FBL for one day and shift."""
    row = db.one(
        "SELECT login, signed_at FROM check_signature "
        "WHERE mailbox_id = ? AND day = ? AND shift = ? ORDER BY signed_at, id LIMIT 1",
        (box_id, day.isoformat(), str(shift)),
    )
    return SignatureRow(str(row[0]), must_time(row[1])) if row else None


def window_open(times: CheckTimes, day: date, shift: Shift, now: datetime) -> bool:
    """Whether `now` lies inside the shift's check window (start and end included)."""
    start, end = shift_bounds(day, shift, times, local_zone())
    return start <= now <= end


def refuse_early_signature(
    box: BoxRow, times: CheckTimes, day: date, shift: Shift, now: datetime
) -> None:
    """A shift is signed from its window's start on (R4); a later signature counts as late.

    Signing the afternoon at 07:00 would record a check nobody could have done yet, so it is
    refused with the window's times; after the window has closed the signature is recorded
    and the history shows it as late ("sent"), because a late check is better than none.
    """
    start, _end = shift_bounds(day, shift, times, local_zone())
    if now >= start:
        return
    window = times.window_text(shift)
    sv_shift, en_shift = shift.label("sv"), shift.label("en")
    raise Refused(
        f"{sv_shift.capitalize()}skontrollen {day.isoformat()} kan signeras först när dess "
        f"fönster öppnar ({window}). Gör kontrollen för det pass som pågår i stället.",
        f"The {en_shift} check of {day.isoformat()} can be signed only once its window opens "
        f"({window}). Do the check of the current shift instead.",
        field="shift",
        rule="R4",
        target=AuditTarget(mailbox=box.address),
    )


@dataclass(frozen=True)
class SlotView:
    """One day × shift cell of the history."""

    day: date
    shift: str
    state: str  # SlotState value
    signed_by: str | None
    signed_at: datetime | None
    late: bool
    signatures: int

    def to_json(self) -> dict[str, Any]:
        """Keys: day, shift, state, signed_by, signed_at, late, signatures."""
        return {
            "day": self.day.isoformat(),
            "shift": self.shift,
            "state": self.state,
            "signed_by": self.signed_by,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "late": self.late,
            "signatures": self.signatures,
        }


@dataclass(frozen=True)
class MailboxHistory:
    """The history grid of one FBL, oldest day first."""

    mailbox: str
    morning: str
    afternoon: str
    slots: tuple[SlotView, ...]

    @property
    def missed(self) -> int:
        """How many closed windows nobody signed."""
        return sum(1 for s in self.slots if s.state == SlotState.MISSED)

    def to_json(self) -> dict[str, Any]:
        """Keys: mailbox, morning, afternoon (windows), missed, slots."""
        return {
            "mailbox": self.mailbox,
            "morning": self.morning,
            "afternoon": self.afternoon,
            "missed": self.missed,
            "slots": [s.to_json() for s in self.slots],
        }


@dataclass(frozen=True)
class CheckHistory:
    """`check history`: days × shifts per FBL."""

    generated_at: datetime
    days: int
    mailboxes: tuple[MailboxHistory, ...]

    def to_json(self) -> dict[str, Any]:
        """Keys: generated_at, days, mailboxes."""
        return {
            "generated_at": self.generated_at.isoformat(),
            "days": self.days,
            "mailboxes": [m.to_json() for m in self.mailboxes],
        }


def history_days(days: int) -> int:
    """Validate `--days`."""
    if not 1 <= days <= HISTORY_MAX_DAYS:
        raise InvalidInput(
            f"--days måste vara mellan 1 och {HISTORY_MAX_DAYS}.",
            f"--days must be between 1 and {HISTORY_MAX_DAYS}.",
            field="days",
        )
    return days


def build_history(db: Reader, boxes: Sequence[BoxRow], days: int, now: datetime) -> CheckHistory:
    """One grid per FBL for the last `days` local days, today included."""
    zone = local_zone()
    today = to_local(now).date()
    first_day = today - timedelta(days=days - 1)
    box_ids = [b.id for b in boxes]
    signatures: dict[tuple[int, date, str], list[SignatureRow]] = {}
    marks = ", ".join("?" for _ in box_ids)
    for box_id, day, shift, login, signed_at in db.all(
        "SELECT mailbox_id, day, shift, login, signed_at FROM check_signature "  # noqa: S608
        f"WHERE mailbox_id IN ({marks}) AND day >= ? ORDER BY signed_at, id",
        (*box_ids, first_day.isoformat()),
    ):
        key = (int(box_id), stored_day(day), str(shift))
        signatures.setdefault(key, []).append(SignatureRow(str(login), must_time(signed_at)))
    grids = []
    for box in boxes:
        times = check_times(read_routine(db, box.organisation_id))
        slots = []
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            for shift in (Shift.MORNING, Shift.AFTERNOON):
                signed = signatures.get((box.id, day, str(shift)), [])
                state = slot_state(
                    day, shift, times, zone, now, signed=bool(signed), exists_since=box.created_at
                )
                first = signed[0] if signed else None
                _start, end = shift_bounds(day, shift, times, zone)
                slots.append(
                    SlotView(
                        day=day,
                        shift=str(shift),
                        state=str(state),
                        signed_by=first.login if first else None,
                        signed_at=first.signed_at if first else None,
                        late=bool(first and first.signed_at > end),
                        signatures=len(signed),
                    )
                )
        grids.append(
            MailboxHistory(
                mailbox=box.address,
                morning=times.window_text(Shift.MORNING),
                afternoon=times.window_text(Shift.AFTERNOON),
                slots=tuple(slots),
            )
        )
    return CheckHistory(now, days, tuple(grids))

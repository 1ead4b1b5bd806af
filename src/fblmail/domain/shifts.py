"""The duty nurse's two daily checks (R4): shifts, their time windows, and what a slot shows.

Pure rules, no I/O. Times of day are Stockholm local time as the unit writes them in its
local routine (R20); moments are aware datetimes and are compared in UTC.

Which shift a check belongs to when the user does not say: everything before the afternoon
window opens is the morning check (so a check at 12:00, after the morning window closed, is
a late morning check), everything from the afternoon start on is the afternoon check. The
routine says "daily", so weekends and holidays have shifts too (R20 names who covers them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

__all__ = [
    "DEFAULT_TIMES",
    "CheckTimes",
    "Shift",
    "SlotState",
    "default_shift",
    "format_hhmm",
    "parse_hhmm",
    "parse_shift",
    "parse_window",
    "previous_shift",
    "shift_bounds",
    "slot_state",
]


class Shift(StrEnum):
    """One of the two daily checks (R4)."""

    MORNING = "morning"
    AFTERNOON = "afternoon"

    def label(self, lang: str = "sv") -> str:
        """`förmiddag` / `eftermiddag` (or English)."""
        if lang == "en":
            return str(self.value)
        return "förmiddag" if self is Shift.MORNING else "eftermiddag"


_SHIFT_WORDS = {
    "morning": Shift.MORNING,
    "am": Shift.MORNING,
    "fm": Shift.MORNING,
    "förmiddag": Shift.MORNING,
    "morgon": Shift.MORNING,
    "afternoon": Shift.AFTERNOON,
    "pm": Shift.AFTERNOON,
    "em": Shift.AFTERNOON,
    "eftermiddag": Shift.AFTERNOON,
}


def parse_shift(text: str) -> Shift:
    """`morning`/`afternoon` (also `fm`/`em`, `förmiddag`/`eftermiddag`); ValueError otherwise."""
    try:
        return _SHIFT_WORDS[text.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown shift {text!r}: choose morning or afternoon") from None


_HHMM = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def parse_hhmm(text: str) -> time:
    """`08:00` (or `8.00`) as a time of day; ValueError for anything else."""
    match = _HHMM.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a time of day like 08:00")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(f"{text!r} is not a time of day like 08:00")
    return time(hour, minute)


def parse_window(text: str) -> tuple[time, time]:
    """`08:00-11:00` (hyphen or en dash) as (start, end); the end must be after the start."""
    parts = re.split(r"\s*[-–]\s*", text.strip())
    if len(parts) != 2:
        raise ValueError(f"{text!r} is not a time window like 08:00-11:00")
    start, end = parse_hhmm(parts[0]), parse_hhmm(parts[1])
    if end <= start:
        raise ValueError(f"in {text!r} the end must be after the start")
    return start, end


def format_hhmm(moment: time) -> str:
    """`08:00`."""
    return moment.strftime("%H:%M")


@dataclass(frozen=True)
class CheckTimes:
    """A unit's check windows in local time (R4, R20)."""

    morning_start: time = time(8, 0)
    morning_end: time = time(11, 0)
    afternoon_start: time = time(13, 0)
    afternoon_end: time = time(16, 0)

    def __post_init__(self) -> None:
        if not self.morning_start < self.morning_end:
            raise ValueError("the morning window must end after it starts")
        if not self.afternoon_start < self.afternoon_end:
            raise ValueError("the afternoon window must end after it starts")
        if self.afternoon_start < self.morning_end:
            raise ValueError("the afternoon window must start after the morning window ends")

    def window(self, shift: Shift) -> tuple[time, time]:
        """(start, end) of one shift's window."""
        if shift is Shift.MORNING:
            return self.morning_start, self.morning_end
        return self.afternoon_start, self.afternoon_end

    def window_text(self, shift: Shift) -> str:
        """`08:00-11:00`: the form `routine set --morning` takes and JSON shows."""
        start, end = self.window(shift)
        return f"{format_hhmm(start)}-{format_hhmm(end)}"

    @classmethod
    def from_text(
        cls, morning_start: str, morning_end: str, afternoon_start: str, afternoon_end: str
    ) -> CheckTimes:
        """From the `HH:MM` strings stored in the local routine."""
        return cls(
            parse_hhmm(morning_start),
            parse_hhmm(morning_end),
            parse_hhmm(afternoon_start),
            parse_hhmm(afternoon_end),
        )


DEFAULT_TIMES = CheckTimes()
"""The routine's default check times: morning 08:00–11:00, afternoon 13:00–16:00."""


def default_shift(local_time: time, times: CheckTimes = DEFAULT_TIMES) -> Shift:
    """The shift a check at `local_time` belongs to: morning until the afternoon window opens."""
    return Shift.MORNING if local_time < times.afternoon_start else Shift.AFTERNOON


def previous_shift(day: date, shift: Shift) -> tuple[date, Shift]:
    """The check before this one: the same day's morning, or yesterday's afternoon."""
    if shift is Shift.AFTERNOON:
        return day, Shift.MORNING
    return day - timedelta(days=1), Shift.AFTERNOON


def shift_bounds(
    day: date, shift: Shift, times: CheckTimes, zone: tzinfo
) -> tuple[datetime, datetime]:
    """The shift's window as aware UTC datetimes (local wall-clock times on `day`)."""
    start, end = times.window(shift)
    return (
        datetime.combine(day, start, tzinfo=zone).astimezone(UTC),
        datetime.combine(day, end, tzinfo=zone).astimezone(UTC),
    )


class SlotState(StrEnum):
    """What one day × shift cell of the check history shows."""

    SIGNED = "signed"
    MISSED = "missed"  # the window has closed and nobody signed
    PENDING = "pending"  # the window has not closed yet (today's later shifts)
    NOT_APPLICABLE = "not_applicable"  # the FBL did not exist yet


def slot_state(
    day: date,
    shift: Shift,
    times: CheckTimes,
    zone: tzinfo,
    now: datetime,
    *,
    signed: bool,
    exists_since: datetime | None = None,
) -> SlotState:
    """Signed, missed once the window has closed, pending until then.

    A slot whose window closed before the mailbox existed is not applicable, so a new FBL
    does not start life with a history of missed checks.
    """
    if signed:
        return SlotState.SIGNED
    _start, end = shift_bounds(day, shift, times, zone)
    if exists_since is not None and end <= exists_since.astimezone(UTC):
        return SlotState.NOT_APPLICABLE
    if now.astimezone(UTC) <= end:
        return SlotState.PENDING
    return SlotState.MISSED

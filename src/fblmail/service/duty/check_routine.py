"""What the check needs of a unit's local routine (R20): its check windows and its gaps.

Light on purpose (no SQLAlchemy): `fblmail check` reads the routine row through the plain
DB-API `Reader`; `service/duty/routine.py` (reading and writing the routine) uses the same two
rules on its ORM row, which has the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from fblmail.domain.shifts import DEFAULT_TIMES, CheckTimes
from fblmail.store.query.check import Reader

GAP_FIELDS = ("monitors", "purger", "holiday_cover", "permissions_updater")
"""The R20 fields that must be filled in; an empty one is a gap that `check` reports."""


class RoutineFields(Protocol):
    """The fields of a routine row the check reads (the ORM row has them too)."""

    @property
    def monitors(self) -> str: ...
    @property
    def purger(self) -> str: ...
    @property
    def holiday_cover(self) -> str: ...
    @property
    def permissions_updater(self) -> str: ...
    @property
    def morning_start(self) -> str: ...
    @property
    def morning_end(self) -> str: ...
    @property
    def afternoon_start(self) -> str: ...
    @property
    def afternoon_end(self) -> str: ...


@dataclass(frozen=True)
class RoutineRow:
    """A unit's stored routine as the check reads it."""

    monitors: str
    purger: str
    holiday_cover: str
    permissions_updater: str
    morning_start: str
    morning_end: str
    afternoon_start: str
    afternoon_end: str


def routine_gaps(row: RoutineFields | None) -> tuple[str, ...]:
    """The R20 fields left empty (all four when the unit has no routine at all)."""
    if row is None:
        return GAP_FIELDS
    return tuple(name for name in GAP_FIELDS if not str(getattr(row, name)).strip())


def check_times(row: RoutineFields | None) -> CheckTimes:
    """The unit's check windows, or the defaults (a damaged row falls back to them too)."""
    if row is None:
        return DEFAULT_TIMES
    try:
        return CheckTimes.from_text(
            row.morning_start, row.morning_end, row.afternoon_start, row.afternoon_end
        )
    except ValueError:
        return DEFAULT_TIMES


def read_routine(db: Reader, organisation_id: int) -> RoutineRow | None:
    """The unit's stored routine row, if it wrote one."""
    row = db.one(
        "SELECT monitors, purger, holiday_cover, permissions_updater, morning_start, "
        "morning_end, afternoon_start, afternoon_end FROM local_routine "
        "WHERE organisation_id = ?",
        (organisation_id,),
    )
    return RoutineRow(*(str(v) for v in row)) if row else None

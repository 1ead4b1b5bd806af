"""The shift rules without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from fblmail.clock import local_zone
from fblmail.domain.shifts import (
    DEFAULT_TIMES,
    CheckTimes,
    Shift,
    SlotState,
    default_shift,
    parse_shift,
    parse_window,
    previous_shift,
    shift_bounds,
    slot_state,
)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (time(0, 5), Shift.MORNING),
        (time(8, 0), Shift.MORNING),
        (time(12, 59), Shift.MORNING),  # after the morning window: a late morning check
        (time(13, 0), Shift.AFTERNOON),
        (time(23, 59), Shift.AFTERNOON),
    ],
)
def test_default_shift_switches_when_the_afternoon_window_opens(at: time, expected: Shift) -> None:
    assert default_shift(at, DEFAULT_TIMES) is expected


def test_unit_check_times_move_the_boundary() -> None:
    times = CheckTimes(time(7), time(9), time(12), time(14))
    assert default_shift(time(12, 30), times) is Shift.AFTERNOON
    assert default_shift(time(12, 30), DEFAULT_TIMES) is Shift.MORNING


def test_previous_shift_is_same_morning_or_yesterdays_afternoon() -> None:
    day = date(2026, 11, 2)
    assert previous_shift(day, Shift.AFTERNOON) == (day, Shift.MORNING)
    assert previous_shift(day, Shift.MORNING) == (date(2026, 11, 1), Shift.AFTERNOON)


def test_parse_window_and_shift_words() -> None:
    assert parse_window("08:00-11:00") == (time(8), time(11))
    assert parse_window("7.30 – 9.15") == (time(7, 30), time(9, 15))
    for bad in ("11:00-08:00", "08:00", "25:00-26:00", "8-11"):
        with pytest.raises(ValueError):
            parse_window(bad)
    assert parse_shift("FM") is Shift.MORNING
    assert parse_shift("eftermiddag") is Shift.AFTERNOON
    with pytest.raises(ValueError):
        parse_shift("lunch")


def test_overlapping_windows_are_refused() -> None:
    with pytest.raises(ValueError):
        CheckTimes(time(8), time(14), time(13), time(16))


def test_shift_bounds_follow_daylight_saving() -> None:
    zone = local_zone()
    summer = shift_bounds(date(2026, 7, 1), Shift.MORNING, DEFAULT_TIMES, zone)
    winter = shift_bounds(date(2026, 12, 1), Shift.MORNING, DEFAULT_TIMES, zone)
    assert summer[0] == datetime(2026, 7, 1, 6, 0, tzinfo=UTC)
    assert winter[0] == datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


def test_slot_state_pending_until_window_closes_then_missed() -> None:
    zone = local_zone()
    day = date(2026, 11, 2)
    end = shift_bounds(day, Shift.MORNING, DEFAULT_TIMES, zone)[1]
    args = (day, Shift.MORNING, DEFAULT_TIMES, zone)
    assert slot_state(*args, end, signed=False) is SlotState.PENDING
    later = end.replace(minute=1)
    assert slot_state(*args, later, signed=False) is SlotState.MISSED
    assert slot_state(*args, later, signed=True) is SlotState.SIGNED
    assert slot_state(*args, later, signed=False, exists_since=later) is SlotState.NOT_APPLICABLE

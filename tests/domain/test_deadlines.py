"""The 72-hour answer window (R10) and deadline states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from fblmail.domain.categories import Category
from fblmail.domain.deadlines import (
    ANSWER_WINDOW,
    DUE_SOON,
    DeadlineState,
    answer_due_at,
    deadline_state,
    format_time_left,
    time_left,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SENT = datetime(2025, 3, 3, 8, 15, tzinfo=UTC)
DUE = SENT + timedelta(hours=72)


def test_constants() -> None:
    assert timedelta(hours=72) == ANSWER_WINDOW
    assert timedelta(hours=24) == DUE_SOON


@pytest.mark.parametrize("category", [c for c in Category if c is not Category.FYI])
def test_due_72_hours_after_sending(category: Category) -> None:
    assert answer_due_at(SENT, category) == DUE


def test_fyi_has_no_deadline() -> None:
    assert answer_due_at(SENT, Category.FYI) is None


def test_naive_sent_at_refused_even_for_fyi() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        answer_due_at(datetime(2025, 3, 3, 8, 15), Category.RECEPT)
    with pytest.raises(ValueError, match="timezone-aware"):
        answer_due_at(datetime(2025, 3, 3, 8, 15), Category.FYI)


def test_due_at_is_utc() -> None:
    sent = datetime(2025, 6, 2, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    due = answer_due_at(sent, Category.PROVTAGNING)
    assert due == datetime(2025, 6, 5, 8, 0, tzinfo=UTC)
    assert due is not None
    assert due.utcoffset() == timedelta(0)


def test_72_real_hours_across_daylight_saving_start() -> None:
    # Clocks in Sweden went forward on 2025-03-30 02:00 -> 03:00.
    sent = datetime(2025, 3, 28, 12, 0, tzinfo=STOCKHOLM)
    due = answer_due_at(sent, Category.RECEPT)
    assert due is not None
    assert due - sent == timedelta(hours=72)
    # In local wall-clock time that is 13:00, not 12:00.
    assert due.astimezone(STOCKHOLM) == datetime(2025, 3, 31, 13, 0, tzinfo=STOCKHOLM)


def test_72_real_hours_across_daylight_saving_end() -> None:
    # Clocks went back on 2025-10-26 03:00 -> 02:00.
    sent = datetime(2025, 10, 24, 12, 0, tzinfo=STOCKHOLM)
    due = answer_due_at(sent, Category.RECEPT)
    assert due is not None
    assert due.astimezone(STOCKHOLM).hour == 11


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (SENT, DeadlineState.WAITING),
        (DUE - timedelta(hours=24), DeadlineState.WAITING),  # exactly 24 h left
        (DUE - timedelta(hours=24) + timedelta(microseconds=1), DeadlineState.DUE_SOON),
        (DUE - timedelta(minutes=5), DeadlineState.DUE_SOON),
        (DUE, DeadlineState.DUE_SOON),  # due exactly now: not yet overdue
        (DUE + timedelta(microseconds=1), DeadlineState.OVERDUE),
        (DUE + timedelta(days=30), DeadlineState.OVERDUE),
    ],
)
def test_unanswered_states(now: datetime, state: DeadlineState) -> None:
    assert deadline_state(DUE, None, now) is state


def test_answered_wins() -> None:
    answered = SENT + timedelta(hours=5)
    assert deadline_state(DUE, answered, SENT + timedelta(hours=6)) is DeadlineState.ANSWERED
    late = DUE + timedelta(hours=3)
    assert deadline_state(DUE, late, late) is DeadlineState.ANSWERED
    assert deadline_state(DUE, answered, late, resolved_at=late) is DeadlineState.ANSWERED


def test_resolved_another_way() -> None:
    resolved = DUE + timedelta(hours=1)
    state = deadline_state(DUE, None, DUE + timedelta(days=2), resolved_at=resolved)
    assert state is DeadlineState.RESOLVED


def test_fyi_state() -> None:
    assert deadline_state(None, None, SENT) is DeadlineState.FYI
    assert deadline_state(None, SENT, SENT) is DeadlineState.FYI


def test_state_compares_real_time_in_one_zone() -> None:
    # Both in Europe/Stockholm across the DST change: Python would compare wall-clock times.
    sent = datetime(2025, 3, 29, 12, 0, tzinfo=STOCKHOLM)
    due = answer_due_at(sent, Category.RECEPT)
    assert due is not None
    due_local = due.astimezone(STOCKHOLM)
    just_after = due_local + timedelta(minutes=30)  # wall clock: 30 min later, same offset
    assert deadline_state(due_local, None, just_after) is DeadlineState.OVERDUE
    assert time_left(due_local, sent) == timedelta(hours=72)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"due_at": datetime(2025, 3, 6, 8, 15)},
        {"now": datetime(2025, 3, 6, 8, 15)},
        {"answered_at": datetime(2025, 3, 6, 8, 15)},
        {"resolved_at": datetime(2025, 3, 6, 8, 15)},
    ],
)
def test_naive_datetimes_refused(kwargs: dict[str, datetime]) -> None:
    arguments: dict[str, datetime | None] = {
        "due_at": DUE,
        "answered_at": None,
        "now": SENT,
        "resolved_at": None,
    }
    arguments.update(kwargs)
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline_state(**arguments)  # type: ignore[arg-type]


def test_time_left() -> None:
    assert time_left(DUE, SENT) == timedelta(hours=72)
    assert time_left(DUE, DUE + timedelta(hours=3)) == timedelta(hours=-3)
    with pytest.raises(ValueError, match="timezone-aware"):
        time_left(DUE, datetime(2025, 3, 3))


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(days=2, hours=5), "2 d 5 h"),
        (timedelta(days=2, hours=5, minutes=59), "2 d 5 h"),
        (timedelta(days=3), "3 d"),
        (timedelta(hours=72), "3 d"),
        (timedelta(hours=23, minutes=59), "23 h"),
        (timedelta(hours=1), "1 h"),
        (timedelta(minutes=59, seconds=59), "59 min"),
        (timedelta(minutes=45), "45 min"),
        (timedelta(seconds=59), "0 min"),
        (timedelta(0), "0 min"),
        (timedelta(seconds=-30), "0 min"),
        (timedelta(minutes=-1), "−1 min"),
        (timedelta(hours=-3), "−3 h"),
        (timedelta(hours=-3, minutes=-20), "−3 h"),
        (timedelta(days=-1, hours=-2), "−1 d 2 h"),
        (timedelta(days=-40), "−40 d"),
    ],
)
def test_format_time_left(delta: timedelta, text: str) -> None:
    assert format_time_left(delta) == text
    assert format_time_left(delta, "en") == text


def test_format_time_left_uses_a_real_minus_sign() -> None:
    assert format_time_left(timedelta(hours=-3)).startswith("\u2212")


def test_format_time_left_unknown_language() -> None:
    with pytest.raises(ValueError, match="language"):
        format_time_left(timedelta(hours=1), "de")


def test_state_values_are_stable_strings() -> None:
    # Stored or shown by other layers, so the values must not drift.
    assert [state.value for state in DeadlineState] == [
        "fyi",
        "answered",
        "waiting",
        "due_soon",
        "overdue",
        "resolved",
    ]


@pytest.mark.parametrize(
    ("hours", "due_soon", "lang", "shown"),
    [
        (-3, False, "sv", "▲ 3 h sen"),
        (22, True, "sv", "! 22 h kvar"),
        (45, False, "sv", "○ 1 d 21 h kvar"),
        (-3, False, "en", "▲ 3 h late"),
        (22, True, "en", "! 22 h left"),
    ],
)
def test_deadline_marks_say_which_way_the_time_runs(
    hours: float, due_soon: bool, lang: str, shown: str
) -> None:
    from fblmail.domain.deadlines import deadline_mark

    assert deadline_mark(timedelta(hours=hours), due_soon, lang) == shown

"""The 72-hour answer window (R10) and how close a message is to it.

All arithmetic is done in UTC. Python adds a timedelta to an aware datetime in wall-clock
time, and subtracts or compares two datetimes that share a tzinfo object as wall-clock times
too, so across a daylight-saving change in Europe/Stockholm "72 hours" would silently become
71 or 73 hours. Converting to UTC first gives real elapsed hours.

The window is plain clock hours: the routine says 72 hours, not three working days.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from fblmail.domain.categories import Category

__all__ = [
    "ANSWER_WINDOW",
    "DUE_SOON",
    "DeadlineState",
    "answer_due_at",
    "deadline_state",
    "format_time_left",
    "time_left",
]

ANSWER_WINDOW = timedelta(hours=72)
"""How long the recipient has to answer a message (R10)."""

DUE_SOON = timedelta(hours=24)
"""Less time left than this and an unanswered message is flagged as due soon."""

_MINUS = "\u2212"  # a real minus sign; a hyphen looks like a dash in a table cell
_UNITS = {
    "sv": ("d", "h", "min"),
    "en": ("d", "h", "min"),
}


class DeadlineState(StrEnum):
    """Where a message stands against its answer deadline."""

    FYI = "fyi"  # "För kännedom": no answer is expected (R7)
    ANSWERED = "answered"
    WAITING = "waiting"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"  # the sender must now make contact another way (R10)
    RESOLVED = "resolved"  # settled another way (phone etc.) without an answer here (R10)


def _utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")
    return moment.astimezone(UTC)


def answer_due_at(sent_at: datetime, category: Category) -> datetime | None:
    """When the answer to a message sent at ``sent_at`` is due, in UTC (R10).

    None for "För kännedom", which asks for no answer. Raises ValueError for a naive
    ``sent_at``.
    """
    sent_utc = _utc(sent_at, "sent_at")
    if category is Category.FYI:
        return None
    return sent_utc + ANSWER_WINDOW


def deadline_state(
    due_at: datetime | None,
    answered_at: datetime | None,
    now: datetime,
    resolved_at: datetime | None = None,
) -> DeadlineState:
    """The state of a message at ``now``.

    In order: no deadline → FYI; answered → ANSWERED (even if late, and even if also marked
    resolved, since an answer in the system is the better record); resolved another way →
    RESOLVED; ``now`` after ``due_at`` → OVERDUE; less than 24 hours left → DUE_SOON (so a
    message due exactly now is due soon, overdue the moment after); otherwise WAITING.

    ``answered_at`` and ``resolved_at`` count when given, whatever their time: they record
    facts, and a few milliseconds of clock skew between processes must not un-answer a
    message. All datetimes must be timezone-aware (ValueError otherwise).
    """
    now_utc = _utc(now, "now")
    if answered_at is not None:
        _utc(answered_at, "answered_at")
    if resolved_at is not None:
        _utc(resolved_at, "resolved_at")
    if due_at is None:
        return DeadlineState.FYI
    due_utc = _utc(due_at, "due_at")
    if answered_at is not None:
        return DeadlineState.ANSWERED
    if resolved_at is not None:
        return DeadlineState.RESOLVED
    if now_utc > due_utc:
        return DeadlineState.OVERDUE
    if due_utc - now_utc < DUE_SOON:
        return DeadlineState.DUE_SOON
    return DeadlineState.WAITING


def time_left(due_at: datetime, now: datetime) -> timedelta:
    """Real time from ``now`` until ``due_at``; negative when overdue."""
    return _utc(due_at, "due_at") - _utc(now, "now")


def format_time_left(delta: timedelta, lang: str = "sv") -> str:
    """``delta`` in short form: "2 d 5 h", "23 h", "45 min", "−3 h".

    Parts are truncated, not rounded: 23 h 59 min shows as "23 h", so the time left is never
    overstated. Less than a minute, either way, shows as "0 min" without a sign; the
    deadline state says whether that is overdue. ``lang`` is "sv" or "en".
    """
    try:
        day_unit, hour_unit, minute_unit = _UNITS[lang]
    except KeyError:
        raise ValueError(f"unsupported language: {lang!r}") from None
    total_minutes = abs(delta) // timedelta(minutes=1)
    days, rest = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        text = f"{days} {day_unit} {hours} {hour_unit}" if hours else f"{days} {day_unit}"
    elif hours:
        text = f"{hours} {hour_unit}"
    else:
        text = f"{minutes} {minute_unit}"
    if delta < timedelta(0) and total_minutes:
        return _MINUS + text
    return text


_LATE = {"sv": ("sen", "kvar"), "en": ("late", "left")}


def deadline_mark(delta: timedelta, due_soon: bool, lang: str = "sv") -> str:
    """The deadline as the app's lists show it: "▲ 3 h sen", "! 22 h kvar", "○ 2 d kvar".

    ▲ past the deadline, ! under 24 hours left, ○ waiting; the word says which way the time
    runs, so "7 h" is never read as "7 h ago" (● is kept for unread).
    """
    late, left = _LATE.get(lang, _LATE["sv"])
    amount = format_time_left(abs(delta), lang)
    if delta < timedelta(0):
        return f"▲ {amount} {late}"
    return f"{'!' if due_soon else '○'} {amount} {left}"

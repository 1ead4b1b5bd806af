"""Time as an injected dependency: always timezone-aware UTC inside, Stockholm time on screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from functools import cache

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock."""
    return datetime.now(UTC)


def fixed_clock(at: datetime) -> Clock:
    """A clock that always says `at` (tests and demo data)."""
    if at.tzinfo is None:
        raise ValueError("fixed_clock needs a timezone-aware datetime")
    return lambda: at


@cache
def local_zone() -> tzinfo:
    """Europe/Stockholm: the time the users live in."""
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Stockholm")


def to_local(moment: datetime) -> datetime:
    """Convert an aware UTC datetime to Stockholm local time for display."""
    return moment.astimezone(local_zone())


def format_local(moment: datetime | None, *, seconds: bool = False) -> str:
    """`2026-11-27 14:05` in Stockholm time, or an empty string."""
    if moment is None:
        return ""
    return to_local(moment).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")

"""Column conventions every table follows.

Times are aware UTC (`utc_time`, over `UTCDateTime`); foldable string enums are kept as
short text columns whose values the domain layer owns.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from fblmail.store.types import UTCDateTime

__all__ = ["FOLDERS", "MAILBOX_KINDS", "MESSAGE_KINDS", "ORG_KINDS", "ROLES", "utc_time"]

# Foldable string enums are kept as short text columns; the domain layer owns their values.
ORG_KINDS = ("municipality", "health_centre", "support")
MAILBOX_KINDS = ("fbl", "personal")
ROLES = ("staff", "manager", "support")
FOLDERS = ("inbox", "sent", "drafts", "trash")
MESSAGE_KINDS = ("message", "reply", "forward")


def utc_time(*, nullable: bool = False, index: bool = False) -> datetime:
    """An aware-UTC time column (NOT NULL unless `nullable`)."""
    return Field(  # type: ignore[no-any-return]
        default=None, sa_type=UTCDateTime, nullable=nullable, index=index
    )

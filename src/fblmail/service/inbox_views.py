"""Read models of the inbox reader, and turning its SQL rows into them.

Plain dataclasses and pure functions: no SQL driver and no SQLAlchemy here, so the app's
first screen can import them cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fblmail.errors import NoAccess
from fblmail.service.views import MessageSummary
from fblmail.store.query.listing import RowKey
from fblmail.store.query.rows import row_fields

__all__ = ["InboxMailbox", "InboxRow", "Viewer", "no_account", "summary_of"]


@dataclass(frozen=True)
class Viewer:
    """The acting user as the inbox sees them."""

    login: str
    account_id: int
    full_name: str
    unit: str
    org_kind: str
    fbl_ids: frozenset[int]
    personal_id: int | None

    @property
    def mailbox_ids(self) -> frozenset[int]:
        """Every mailbox the user may read."""
        own = {self.personal_id} if self.personal_id else set()
        return self.fbl_ids | own


@dataclass(frozen=True)
class InboxMailbox:
    """One of the user's mailboxes with its unread count per folder."""

    id: int
    address: str
    kind: str  # "fbl" | "personal"
    organisation: str
    closed: bool
    unread: tuple[tuple[str, int], ...]

    def unread_in(self, folder: str) -> int:
        """Unread messages in one folder."""
        return dict(self.unread).get(folder, 0)


@dataclass(frozen=True)
class InboxRow:
    """A list row and the key to page on from it."""

    summary: MessageSummary
    key: RowKey


def no_account(login: str) -> NoAccess:
    """The same refusal as the use cases give a login without an active account (R18)."""
    return NoAccess(
        f"Användaren {login!r} har inget aktivt konto i fblmail. Ansök om behörighet med "
        f"`fblmail access request new --reason ...` eller kontakta support.",
        f"The user {login!r} has no active fblmail account. Request access with "
        f"`fblmail access request new --reason ...` or contact support.",
        field="user",
    )


def summary_of(row: tuple[Any, ...] | Any, now: datetime) -> MessageSummary:
    """A list row from one row of `store.query.rows.ROW_COLUMNS` (the one mapping)."""
    return MessageSummary(**row_fields(row, now))

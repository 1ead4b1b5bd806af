"""Read models of the inbox reader, turning its SQL rows into them, and its refusals.

Plain dataclasses, the user's load and the row mapping: no SQL driver import and no
SQLAlchemy here, so the app's first screen and the read commands import them cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fblmail.domain.safe_text import one_line
from fblmail.errors import AuditTarget, InvalidInput, NoAccess
from fblmail.service.unit import no_account
from fblmail.service.views import MessageSummary
from fblmail.store.query.connection import Reader, read_time
from fblmail.store.query.listing import RowKey
from fblmail.store.query.rows import row_fields

__all__ = [
    "InboxMailbox",
    "InboxRow",
    "Viewer",
    "ambiguous_id",
    "id_too_short",
    "load_viewer",
    "no_account",
    "no_such_mailbox",
    "not_a_member",
    "summary_of",
    "unknown_message",
]


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
    last_active_at: datetime | None = None

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


def no_such_mailbox(wanted: str, *, field: str = "mailbox") -> NoAccess:
    """No mailbox has that address, and no unit that code or name."""
    return NoAccess(
        f"Det finns ingen brevlåda som heter {one_line(wanted, 80)!r}. Se "
        "`fblmail directory list` för rätt namn.",
        f"There is no mailbox called {one_line(wanted, 80)!r}. See "
        "`fblmail directory list` for the right name.",
        field=field,
        target=AuditTarget(mailbox=wanted[:200]),
    )


def not_a_member(address: str, *, field: str = "mailbox") -> NoAccess:
    """The user is not an active member of the FBL (nor owns the personal mailbox)."""
    return NoAccess(
        f"Du har ingen behörighet till {address}. Be din chef ansöka om behörighet "
        "(`fblmail access request new --mailbox ...`).",
        f"You have no access to {address}. Ask your manager to request access "
        "(`fblmail access request new --mailbox ...`).",
        field=field,
        target=AuditTarget(mailbox=address),
    )


def unknown_message(ref: str) -> NoAccess:
    """Unknown and not-yours get the same answer, echoing only what the user typed."""
    shown = one_line(ref, 40)
    return NoAccess(
        f"Meddelandet {shown!r} finns inte eller är inte ditt att se. Kontrollera id:t "
        "med `fblmail list`.",
        f"The message {shown!r} does not exist or is not yours to see. Check the id with "
        "`fblmail list`.",
        field="id",
        target=AuditTarget(message_id=ref[:36]),
    )


def id_too_short(least: int) -> InvalidInput:
    """A message id prefix must have `least` characters."""
    return InvalidInput(
        f"Ange minst {least} tecken av meddelandets id.",
        f"Give at least {least} characters of the message id.",
        field="id",
    )


def ambiguous_id(ref: str) -> InvalidInput:
    """The prefix fits several of the user's messages."""
    return InvalidInput(
        f"Id-början {ref!r} passar flera meddelanden. Ange fler tecken.",
        f"The id prefix {ref!r} matches several messages. Give more characters.",
        field="id",
    )


def load_viewer(db: Reader, login: str) -> Viewer:
    """The acting user afresh (account active, memberships active); refuses, with the way
    to ask for an account, a login that has none or whose account was ended (R18)."""
    row = db.one(
        "SELECT a.id, a.full_name, a.active, o.name, o.kind, a.last_active_at FROM account a "
        "JOIN organisation o ON o.id = a.organisation_id WHERE a.login = ?",
        (login,),
    )
    if row is None or not row[2]:
        raise no_account(login)
    account_id = int(row[0])
    fbls = db.all(
        "SELECT ms.mailbox_id FROM membership ms JOIN mailbox mb ON mb.id = ms.mailbox_id "
        "WHERE ms.account_id = ? AND ms.active = ?",
        (account_id, True),
    )
    personal = db.scalar(
        "SELECT id FROM mailbox WHERE owner_account_id = ? AND kind = 'personal'",
        (account_id,),
    )
    return Viewer(
        login,
        account_id,
        row[1],
        row[3],
        row[4],
        frozenset(int(r[0]) for r in fbls),
        int(personal) if personal is not None else None,
        read_time(row[5]),
    )


def summary_of(row: tuple[Any, ...] | Any, now: datetime) -> MessageSummary:
    """A list row from one row of `store.query.rows.ROW_COLUMNS` (the one mapping)."""
    return MessageSummary(**row_fields(row, now))

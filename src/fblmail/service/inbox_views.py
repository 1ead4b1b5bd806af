"""Read models of the inbox reader, and turning its SQL rows into them.

Plain dataclasses and pure functions: no SQL driver and no SQLAlchemy here, so the app's
first screen can import them cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fblmail.domain.deadlines import DeadlineState, deadline_state
from fblmail.domain.personnummer import InvalidPatientId, PatientId
from fblmail.errors import NoAccess
from fblmail.service.inbox_query import RowKey
from fblmail.service.inbox_sql import read_time
from fblmail.service.views import MessageSummary

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


def summary_of(row: tuple[Any, ...], now: datetime) -> MessageSummary:
    """A list row from one row of `inbox_query.ROW_COLUMNS`."""
    (item_id, box_id, folder, read_at, _sort, _due, msg_id, thread_id, kind, category,
     patient, subject, sent_at, t_due, t_answered, t_resolved, origin, counterpart,
     sender, recipient, holder, has_note, handler, phone) = row  # fmt: skip
    due, answered, resolved = read_time(t_due), read_time(t_answered), read_time(t_resolved)
    state = deadline_state(due, answered, now, resolved)
    waiting = ""
    if state in (DeadlineState.WAITING, DeadlineState.DUE_SOON, DeadlineState.OVERDUE):
        waiting = "us" if box_id == counterpart else "them" if box_id == origin else ""
    try:
        shown_patient = PatientId(patient).display()
    except InvalidPatientId:  # stored by hand or by an older version: show it as it is
        shown_patient = patient
    sent = read_time(sent_at)
    assert sent is not None
    return MessageSummary(
        id=msg_id,
        thread_id=thread_id,
        item_id=item_id,
        mailbox=holder,
        folder=folder,
        kind=kind,
        category=category,
        patient=shown_patient,
        subject=subject,
        sender=sender,
        recipient=recipient,
        sent_at=sent,
        due_at=due,
        answered_at=answered,
        resolved_at=resolved,
        overdue=state is DeadlineState.OVERDUE,
        read=read_at is not None,
        deadline=str(state),
        waiting_for=waiting,
        has_journal_note=bool(has_note),
        forwarded=kind == "forward",
        taken_by_name=handler,
        recipient_phone=phone,
    )

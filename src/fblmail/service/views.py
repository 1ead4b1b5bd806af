"""Immutable read models returned by the use cases (never live ORM rows)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class MailboxView:
    """A mailbox the user can open, with its folder counts."""

    id: int
    address: str
    kind: str  # "fbl" | "personal"
    organisation: str
    closed: bool
    unread: int = 0
    counts: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class MessageSummary:
    """One row of a message list."""

    id: str
    thread_id: str
    item_id: int
    mailbox: str
    folder: str
    kind: str
    category: str
    patient: str
    subject: str
    sender: str
    recipient: str
    sent_at: datetime
    due_at: datetime | None
    answered_at: datetime | None
    resolved_at: datetime | None
    overdue: bool
    read: bool
    deadline: str
    waiting_for: str  # "us" | "them" | ""
    has_journal_note: bool
    forwarded: bool
    # Who in this mailbox's FBL handles the question (service/messages/handling.py), if anyone.
    taken_by: str | None = None
    taken_by_name: str | None = None
    taken_at: datetime | None = None
    # The recipient unit's phone from the directory (`telefon`), for R10's "ring them".
    recipient_phone: str | None = None
    # Others in the FBL writing a reply on the thread (the inbox list fills it in).
    writers: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The JSON shape that scripts rely on (keys are a contract)."""
        data = asdict(self)
        del data["recipient_phone"]  # shown beside "ring {unit}", not part of the contract
        del data["writers"]  # the app's live notice, not part of the contract
        data["from"] = data.pop("sender")
        data["to"] = data.pop("recipient")
        for key in ("sent_at", "due_at", "answered_at", "resolved_at", "taken_at"):
            data[key] = _iso(data[key])
        return data


@dataclass(frozen=True)
class JournalNoteView:
    """A journal-note link and who it was disclosed to (R12)."""

    reference: str
    title: str
    attached_by: str
    disclosed_to: tuple[str, ...]


@dataclass(frozen=True)
class ForwardView:
    """Where a forwarded message came from (R13)."""

    message_id: str
    sender: str
    sent_at: datetime
    forwarded_by: str
    note: str | None


@dataclass(frozen=True)
class MessageDetail:
    """A whole message as the reader shows it."""

    summary: MessageSummary
    body: str
    sender_person: str
    journal_note: JournalNoteView | None
    forwarded_from: ForwardView | None

    def to_json(self) -> dict[str, Any]:
        """`show --json`: the list keys plus body, journal_note, forwarded_from."""
        data = self.summary.to_json()
        data["body"] = self.body
        data["sender_person"] = self.sender_person
        note = self.journal_note
        data["journal_note"] = (
            {
                "reference": note.reference,
                "title": note.title,
                "attached_by": note.attached_by,
                "disclosed_to": list(note.disclosed_to),
            }
            if note
            else None
        )
        fwd = self.forwarded_from
        data["forwarded_from"] = (
            {
                "id": fwd.message_id,
                "from": fwd.sender,
                "sent_at": _iso(fwd.sent_at),
                "forwarded_by": fwd.forwarded_by,
                "note": fwd.note,
            }
            if fwd
            else None
        )
        return data


@dataclass(frozen=True)
class Page:
    """A window of a list and the cursor for the next one (keyset pagination)."""

    items: tuple[MessageSummary, ...]
    next_cursor: str | None


@dataclass(frozen=True)
class DraftView:
    """A draft as saved."""

    id: str
    from_address: str
    to_address: str
    category: str
    patient: str
    subject: str
    body: str
    journal_reference: str
    journal_title: str
    reply_to_id: str | None
    forward_of_id: str | None
    forward_to_login: str
    updated_at: datetime


@dataclass(frozen=True)
class UnitView:
    """A unit in the directory with its FBL and, for a municipality, its preset list."""

    code: str
    name: str
    kind: str
    fbl: str
    closed: bool
    presets: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """JSON for `directory list --json`."""
        data = asdict(self)
        data["presets"] = list(self.presets)
        return data


@dataclass(frozen=True)
class AccountView:
    """An account as administration shows it."""

    login: str
    full_name: str
    title: str
    organisation: str
    role: str
    active: bool
    mailboxes: tuple[str, ...]
    last_active_at: datetime | None = None

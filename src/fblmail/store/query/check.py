"""The check's findings: a figure for each count plus the first `top` rows of a list.

Nothing here reads a whole mailbox, so a check costs the same for 10 messages or a million:
folder, unread and FYI figures are rows of `folder_tally` (kept by triggers), the question
lists read the partial indexes over open questions (`ix_thread_open_to/_from`), and every
other list or count is a range of an index bounded by time. A test runs the check and
asserts every statement's plan (tests/store/test_query_plans.py).

Plain SQL with `?` placeholders over a `Reader` (the DB-API read path), so that
`fblmail check` never imports SQLAlchemy: that import alone cost more than the check.
The fixed conditions of the partial indexes are written as literals, not parameters:
SQLite uses a partial index only when the query's WHERE visibly implies the index's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from fblmail.domain.deadlines import DUE_SOON, time_left
from fblmail.domain.personnummer import PatientId
from fblmail.store.query.connection import read_time

UNTAKEN_AFTER = timedelta(hours=24)
RETENTION = timedelta(days=365)
"""R17/R11: messages older than this are deleted automatically (as `purge_plan`)."""
EXPIRY_WARNING = timedelta(days=7)
"""The check lists messages this close to the one-year deletion (as `purge_plan`)."""

FOLDERS = ("inbox", "sent", "drafts", "trash")

# The WHERE of the partial indexes on thread and message (store/tables.py), verbatim.
OPEN_QUESTION = "t.answered_at IS NULL AND t.resolved_at IS NULL AND t.due_at IS NOT NULL"
FYI_MESSAGE = "m.category = 'För kännedom'"


class Reader(Protocol):
    """One read transaction; SQL is written with `?` placeholders."""

    def all(self, text: str, params: Any = ()) -> list[tuple[Any, ...]]:
        """Every row of a query."""
        ...

    def one(self, text: str, params: Any = ()) -> tuple[Any, ...] | None:
        """The first row, or None."""
        ...

    def scalar(self, text: str, params: Any = ()) -> Any:
        """The first column of the first row (None when there is none)."""
        ...

    def time(self, value: datetime) -> object:
        """A datetime as this back end compares it."""
        ...


stored_time = read_time
"""A stored time (SQLite text or a PostgreSQL timestamptz) as an aware UTC datetime."""


def must_time(value: Any) -> datetime:
    """`stored_time` for a column that is never NULL."""
    moment = stored_time(value)
    assert moment is not None
    return moment


def stored_day(value: Any) -> date:
    """A stored DATE (SQLite text, PostgreSQL date)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@dataclass(frozen=True)
class ThreadFinding:
    """An unanswered question: waiting for us (side "us") or for them (side "them")."""

    side: str
    id: str | None
    thread_id: str
    patient: str
    subject: str
    counterpart: str
    counterpart_unit: str
    due_at: datetime
    time_left_hours: float
    due_soon: bool
    counterpart_phone: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Keys: id, thread_id, patient, subject, from|to, due_at, time_left_hours, due_soon;
        our own questions add phone_unit (the unit to ring instead, R10)."""
        data: dict[str, Any] = {
            "id": self.id,
            "thread_id": self.thread_id,
            "patient": self.patient,
            "subject": self.subject,
            ("from" if self.side == "us" else "to"): self.counterpart,
            "due_at": _iso(self.due_at),
            "time_left_hours": self.time_left_hours,
            "due_soon": self.due_soon,
        }
        if self.side != "us":
            data["phone_unit"] = self.counterpart_unit
            data["phone_number"] = self.counterpart_phone
        return data


@dataclass(frozen=True)
class MessageFinding:
    """A message in the FBL: an FYI received, or one the one-year deletion takes soon."""

    id: str
    patient: str
    subject: str
    folder: str
    sender: str
    sent_at: datetime
    read: bool
    deleted_after: datetime

    def to_json(self) -> dict[str, Any]:
        """Keys: id, patient, subject, folder, from, sent_at, read, deleted_after."""
        return {
            "id": self.id,
            "patient": self.patient,
            "subject": self.subject,
            "folder": self.folder,
            "from": self.sender,
            "sent_at": _iso(self.sent_at),
            "read": self.read,
            "deleted_after": _iso(self.deleted_after),
        }


F = TypeVar("F", ThreadFinding, MessageFinding)


@dataclass(frozen=True)
class Findings(Generic[F]):
    """A count and the first rows of what it counts."""

    total: int
    items: tuple[F, ...]

    def to_json(self) -> dict[str, Any]:
        """Keys: total, items."""
        return {"total": self.total, "items": [i.to_json() for i in self.items]}


NO_THREADS: Findings[ThreadFinding] = Findings(0, ())


@dataclass(frozen=True)
class Tally:
    """One `folder_tally` row: the trigger-kept figures of one folder."""

    items: int
    unread: int
    fyi: int
    fyi_unread: int


def tallies(db: Reader, box_id: int) -> dict[str, Tally]:
    """The mailbox's `folder_tally` rows by folder (a folder never used has none)."""
    rows = db.all(
        "SELECT folder, items, unread, fyi, fyi_unread FROM folder_tally WHERE mailbox_id = ?",
        (box_id,),
    )
    return {str(r[0]): Tally(int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows}


def unread(tally: dict[str, Tally]) -> int:
    """Unread messages in the inbox."""
    inbox = tally.get("inbox")
    return inbox.unread if inbox else 0


def new_since(db: Reader, box_id: int, since: datetime | None, tally: dict[str, Tally]) -> int:
    """Messages that reached the inbox after the last signed check (all, if never signed)."""
    if since is None:
        inbox = tally.get("inbox")
        return inbox.items if inbox else 0
    return int(
        db.scalar(
            "SELECT count(*) FROM mailbox_item "
            "WHERE mailbox_id = ? AND folder = 'inbox' AND sort_at > ?",
            (box_id, db.time(since)),
        )
        or 0
    )


def folder_counts(tally: dict[str, Tally]) -> tuple[tuple[str, int], ...]:
    """How many messages each folder holds, the trash included."""
    return tuple((f, tally[f].items if f in tally else 0) for f in FOLDERS)


def last_signed_at(db: Reader, box_id: int) -> datetime | None:
    """When anybody last signed a check of this FBL."""
    return stored_time(
        db.scalar("SELECT max(signed_at) FROM check_signature WHERE mailbox_id = ?", (box_id,))
    )


def last_auto_purge(db: Reader) -> datetime | None:
    """When the automatic one-year deletion last finished."""
    return stored_time(
        db.scalar("SELECT max(finished_at) FROM purge_run WHERE kind = 'expired'")
    )


def organisation_name(db: Reader, org_id: int) -> str:
    """The unit's name."""
    name = db.scalar("SELECT name FROM organisation WHERE id = ?", (org_id,))
    return str(name) if name is not None else ""


def threads(
    db: Reader,
    box_id: int,
    now: datetime,
    *,
    side: str,
    overdue: bool | None,
    top: int,
    extra: tuple[str, ...] = (),
    extra_params: tuple[object, ...] = (),
) -> tuple[Findings[ThreadFinding], int]:
    """Unanswered, unresolved questions to us (side "us") or from us ("them").

    `overdue` picks those past their 72 hours (due_at < now) or those still within them;
    the second value counts the due-soon ones (under 24 hours left). The boundaries are
    those of `deadline_state`: due exactly now is due soon, overdue the moment after.
    `overdue=None` takes both; `extra` adds conditions with `extra_params` (see `untaken`).
    """
    # Column names, never user input: the side picks which partial index is read.
    if side == "us":
        mine, theirs, ours = "t.counterpart_mailbox_id", "t.origin_mailbox_id", "recipient"
    else:
        mine, theirs, ours = "t.origin_mailbox_id", "t.counterpart_mailbox_id", "sender"
    conditions = [f"{mine} = ?", OPEN_QUESTION, *extra]
    params: list[object] = [box_id, *extra_params]
    if overdue is not None:
        conditions.append("t.due_at < ?" if overdue else "t.due_at >= ?")
        params.append(db.time(now))
    where = " AND ".join(conditions)
    counted = db.one(
        f"SELECT count(*), count(*) FILTER (WHERE t.due_at < ?) FROM thread t WHERE {where}",  # noqa: S608 (fixed fragments)
        (db.time(now + DUE_SOON), *params),
    )
    total, soon = counted if counted else (0, 0)
    rows = db.all(
        "SELECT t.id, t.patient, t.subject, t.due_at, other_mb.address, other_org.name, "  # noqa: S608 (fixed fragments)
        f"(SELECT m.id FROM message m WHERE m.thread_id = t.id AND m.{ours}_mailbox_id = ? "
        "ORDER BY m.seq LIMIT 1), other_org.phone "
        "FROM thread t "
        f"JOIN mailbox other_mb ON other_mb.id = {theirs} "
        "JOIN organisation other_org ON other_org.id = other_mb.organisation_id "
        f"WHERE {where} ORDER BY t.due_at, t.id LIMIT ?",
        (box_id, *params, top),
    )
    items = []
    for thread_id, patient, subject, due, address, unit, message_id, phone in rows:
        due_at = must_time(due)
        left = time_left(due_at, now)
        items.append(
            ThreadFinding(
                side=side,
                id=message_id,
                thread_id=thread_id,
                patient=PatientId(patient).display(),
                subject=subject,
                counterpart=address,
                counterpart_unit=unit,
                due_at=due_at,
                time_left_hours=round(left.total_seconds() / 3600, 1),
                due_soon=timedelta(0) <= left < DUE_SOON,
                counterpart_phone=phone,
            )
        )
    return Findings(int(total or 0), tuple(items)), int(soon or 0)


# The columns of a message finding: item, message and sender (see `_message_finding`).
_MESSAGE_COLUMNS = (
    "m.id, m.patient, m.subject, i.folder, sender_mb.address, m.sent_at, i.read_at IS NOT NULL"
)


def _message_finding(row: tuple[Any, ...]) -> MessageFinding:
    message_id, patient, subject, folder, sender, sent, read = row
    sent_at = must_time(sent)
    return MessageFinding(
        id=message_id,
        patient=PatientId(patient).display(),
        subject=subject,
        folder=folder,
        sender=sender,
        sent_at=sent_at,
        read=bool(read),
        deleted_after=sent_at + RETENTION,
    )


def fyi_received(
    db: Reader, box_id: int, top: int, tally: dict[str, Tally]
) -> tuple[Findings[MessageFinding], int]:
    """ "För kännedom" messages in the inbox (R7), unread first; and how many are unread.

    The figures are the tally's; the rows are read newest first from the partial index of
    FYI messages per recipient (`ix_message_fyi`): unread ones while there are any, then
    the rest, each query stopping at `top` rows.
    """
    inbox = tally.get("inbox")
    total, unread_count = (inbox.fyi, inbox.fyi_unread) if inbox else (0, 0)
    rows: list[tuple[Any, ...]] = []
    if unread_count:
        rows += _fyi_rows(db, box_id, "i.read_at IS NULL", top)
    if len(rows) < top and total > unread_count:
        rows += _fyi_rows(db, box_id, "i.read_at IS NOT NULL", top - len(rows))
    items = tuple(_message_finding(row) for row in rows)
    return Findings(total, items), unread_count


def _fyi_rows(db: Reader, box_id: int, read_state: str, top: int) -> list[tuple[Any, ...]]:
    """FYI messages in the inbox, newest first: read from the message index of FYI per
    recipient, then each one's item in this mailbox by its unique key."""
    return db.all(
        f"SELECT {_MESSAGE_COLUMNS} FROM message m "  # noqa: S608 (fixed fragments)
        "JOIN mailbox_item i ON i.message_seq = m.seq AND i.mailbox_id = ? "
        "JOIN mailbox sender_mb ON sender_mb.id = m.sender_mailbox_id "
        f"WHERE m.recipient_mailbox_id = ? AND {FYI_MESSAGE} AND i.folder = 'inbox' "
        f"AND {read_state} ORDER BY m.sent_at DESC, m.seq DESC LIMIT ?",
        (box_id, box_id, top),
    )


def expiring(db: Reader, box_id: int, now: datetime, top: int) -> Findings[MessageFinding]:
    """Messages in this FBL that the one-year deletion removes within 7 days, oldest first.

    Sent at or before now − 358 days: at day 358 a message has 7 days left and is listed,
    at day 357 it has 8 and is not. Messages already past the year (the deletion has not
    run yet) are listed too.
    """
    cutoff = db.time(now - (RETENTION - EXPIRY_WARNING))
    # An item's sort_at is its message's sent_at (set together when it is stored): the
    # range over ix_item_list (mailbox, folder, sort_at) touches only what expires.
    where = (
        "i.mailbox_id = ? AND i.folder IN ('inbox', 'sent', 'drafts', 'trash') "
        "AND i.sort_at <= ? AND m.sent_at <= ?"
    )
    params = (box_id, cutoff, cutoff)
    total = db.scalar(
        f"SELECT count(*) FROM mailbox_item i JOIN message m ON m.seq = i.message_seq "  # noqa: S608 (fixed fragments)
        f"WHERE {where}",
        params,
    )
    rows = db.all(
        f"SELECT {_MESSAGE_COLUMNS} FROM mailbox_item i "  # noqa: S608 (fixed fragments)
        "JOIN message m ON m.seq = i.message_seq "
        "JOIN mailbox sender_mb ON sender_mb.id = m.sender_mailbox_id "
        f"WHERE {where} ORDER BY m.sent_at, m.seq LIMIT ?",
        (*params, top),
    )
    return Findings(int(total or 0), tuple(_message_finding(row) for row in rows))


def untaken(db: Reader, box_id: int, now: datetime, top: int) -> Findings[ThreadFinding]:
    """Questions to us unanswered for more than 24 hours that nobody in the FBL has taken."""
    extra = (
        "t.created_at <= ?",
        "NOT EXISTS (SELECT 1 FROM thread_handler h "
        "WHERE h.thread_id = t.id AND h.mailbox_id = ?)",
    )
    found, _soon = threads(
        db,
        box_id,
        now,
        side="us",
        overdue=None,
        top=top,
        extra=extra,
        extra_params=(db.time(now - UNTAKEN_AFTER), box_id),
    )
    return found

"""The check's findings: a figure for each count plus the first `top` rows of a list.

Nothing here reads a whole mailbox, so a check costs the same for 10 messages or a million:
folder, unread and FYI figures are rows of `folder_tally` (kept by triggers), the question
lists read the partial indexes over open questions (`ix_thread_open_to/_from`), and every
other list or count is a range of an index bounded by time. A test runs the check and
asserts every statement's plan (tests/check/test_check_plans.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from fblmail.domain.categories import Category
from fblmail.domain.deadlines import DUE_SOON, time_left
from fblmail.domain.personnummer import PatientId
from fblmail.service.purge import EXPIRY_WARNING, RETENTION
from fblmail.store.tables import (
    CheckSignature,
    FolderTally,
    Mailbox,
    MailboxItem,
    Message,
    Organisation,
    PurgeRun,
    Thread,
    ThreadHandler,
)

UNTAKEN_AFTER = timedelta(hours=24)

FOLDERS = ("inbox", "sent", "drafts", "trash")

Other = aliased(Mailbox, name="other_mb")
OtherOrg = aliased(Organisation, name="other_org")


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


def _select(*columns: Any) -> Any:
    """`select()` over ORM entities and labelled columns (typed loosely: many shapes)."""
    return sa_select(*columns)


def _count(session: Session, query: Any) -> int:
    return int(session.exec(query).one() or 0)


def tallies(session: Session, box_id: int) -> dict[str, FolderTally]:
    """The mailbox's `folder_tally` rows by folder (a folder never used has none)."""
    rows = session.exec(select(FolderTally).where(FolderTally.mailbox_id == box_id)).all()
    return {row.folder: row for row in rows}


def unread(tally: dict[str, FolderTally]) -> int:
    """Unread messages in the inbox."""
    inbox = tally.get("inbox")
    return inbox.unread if inbox else 0


def new_since(
    session: Session, box_id: int, since: datetime | None, tally: dict[str, FolderTally]
) -> int:
    """Messages that reached the inbox after the last signed check (all, if never signed)."""
    if since is None:
        inbox = tally.get("inbox")
        return inbox.items if inbox else 0
    return _count(
        session,
        select(func.count())
        .select_from(MailboxItem)
        .where(
            MailboxItem.mailbox_id == box_id,
            MailboxItem.folder == "inbox",
            MailboxItem.sort_at > since,
        ),
    )


def folder_counts(tally: dict[str, FolderTally]) -> tuple[tuple[str, int], ...]:
    """How many messages each folder holds, the trash included."""
    return tuple((f, tally[f].items if f in tally else 0) for f in FOLDERS)


def last_signed_at(session: Session, box_id: int) -> datetime | None:
    """When anybody last signed a check of this FBL."""
    return session.exec(
        select(func.max(CheckSignature.signed_at)).where(CheckSignature.mailbox_id == box_id)
    ).one()


def last_auto_purge(session: Session) -> datetime | None:
    """When the automatic one-year deletion last finished."""
    return session.exec(
        select(func.max(PurgeRun.finished_at)).where(PurgeRun.kind == "expired")
    ).one()


def organisation_name(session: Session, org_id: int) -> str:
    """The unit's name."""
    org = session.get(Organisation, org_id)
    return org.name if org else ""


def threads(
    session: Session,
    box_id: int,
    now: datetime,
    *,
    side: str,
    overdue: bool | None,
    top: int,
    extra: tuple[Any, ...] = (),
) -> tuple[Findings[ThreadFinding], int]:
    """Unanswered, unresolved questions to us (side "us") or from us ("them").

    `overdue` picks those past their 72 hours (due_at < now) or those still within them;
    the second value counts the due-soon ones (under 24 hours left). The boundaries are
    those of `deadline_state`: due exactly now is due soon, overdue the moment after.
    `overdue=None` takes both; `extra` adds conditions (see `untaken`).
    """
    if side == "us":
        mine, theirs = col(Thread.counterpart_mailbox_id), col(Thread.origin_mailbox_id)
        ours = col(Message.recipient_mailbox_id) == box_id
    else:
        mine, theirs = col(Thread.origin_mailbox_id), col(Thread.counterpart_mailbox_id)
        ours = col(Message.sender_mailbox_id) == box_id
    due = col(Thread.due_at)
    conditions = [
        mine == box_id,
        col(Thread.answered_at).is_(None),
        col(Thread.resolved_at).is_(None),
        due.is_not(None),
        *extra,
    ]
    if overdue is not None:
        conditions.append(due < now if overdue else due >= now)
    total, soon = session.exec(
        select(func.count(), func.count().filter(due < now + DUE_SOON))
        .select_from(Thread)
        .where(*conditions)
    ).one()
    first_message = (
        _select(Message.id)
        .where(col(Message.thread_id) == col(Thread.id), ours)
        .order_by(col(Message.seq))
        .limit(1)
        .correlate(Thread)
        .scalar_subquery()
    )
    rows = session.exec(
        _select(Thread, Other.address, OtherOrg.name, first_message, OtherOrg.phone)
        .join(Other, col(Other.id) == theirs)
        .join(OtherOrg, col(OtherOrg.id) == col(Other.organisation_id))
        .where(*conditions)
        .order_by(due, col(Thread.id))
        .limit(top)
    ).all()
    items = []
    for thread, address, unit, message_id, phone in rows:
        left = time_left(thread.due_at, now)
        items.append(
            ThreadFinding(
                side=side,
                id=message_id,
                thread_id=thread.id,
                patient=PatientId(thread.patient).display(),
                subject=thread.subject,
                counterpart=address,
                counterpart_unit=unit,
                due_at=thread.due_at,
                time_left_hours=round(left.total_seconds() / 3600, 1),
                due_soon=timedelta(0) <= left < DUE_SOON,
                counterpart_phone=phone,
            )
        )
    return Findings(int(total), tuple(items)), int(soon or 0)


def _message_rows(session: Session, conditions: list[Any], order: list[Any], top: int) -> Any:
    return session.exec(
        _select(MailboxItem, Message, Other.address)
        .join(Message, col(Message.seq) == col(MailboxItem.message_seq))
        .join(Other, col(Other.id) == col(Message.sender_mailbox_id))
        .where(*conditions)
        .order_by(*order)
        .limit(top)
    ).all()


def _message_finding(item: MailboxItem, message: Message, sender: str) -> MessageFinding:
    return MessageFinding(
        id=message.id,
        patient=PatientId(message.patient).display(),
        subject=message.subject,
        folder=item.folder,
        sender=sender,
        sent_at=message.sent_at,
        read=item.read_at is not None,
        deleted_after=message.sent_at + RETENTION,
    )


def fyi_received(
    session: Session, box_id: int, top: int, tally: dict[str, FolderTally]
) -> tuple[Findings[MessageFinding], int]:
    """ "För kännedom" messages in the inbox (R7), unread first; and how many are unread.

    The figures are the tally's; the rows are read newest first from the partial index of
    FYI messages per recipient (`ix_message_fyi`): unread ones while there are any, then
    the rest, each query stopping at `top` rows.
    """
    inbox = tally.get("inbox")
    total, unread_count = (inbox.fyi, inbox.fyi_unread) if inbox else (0, 0)
    rows: list[Any] = []
    if unread_count:
        rows += _fyi_rows(session, box_id, col(MailboxItem.read_at).is_(None), top)
    if len(rows) < top and total > unread_count:
        rows += _fyi_rows(session, box_id, col(MailboxItem.read_at).is_not(None), top - len(rows))
    items = tuple(_message_finding(*row) for row in rows)
    return Findings(total, items), unread_count


def _fyi_rows(session: Session, box_id: int, read_state: Any, top: int) -> list[Any]:
    """FYI messages in the inbox, newest first: read from the message index of FYI per
    recipient, then each one's item in this mailbox by its unique key."""
    return list(
        session.exec(
            _select(MailboxItem, Message, Other.address)
            .select_from(Message)
            .join(
                MailboxItem,
                (col(MailboxItem.message_seq) == col(Message.seq))
                & (col(MailboxItem.mailbox_id) == box_id),
            )
            .join(Other, col(Other.id) == col(Message.sender_mailbox_id))
            .where(
                col(Message.recipient_mailbox_id) == box_id,
                col(Message.category) == Category.FYI.value,
                col(MailboxItem.folder) == "inbox",
                read_state,
            )
            .order_by(col(Message.sent_at).desc(), col(Message.seq).desc())
            .limit(top)
        ).all()
    )


def expiring(session: Session, box_id: int, now: datetime, top: int) -> Findings[MessageFinding]:
    """Messages in this FBL that the one-year deletion removes within 7 days, oldest first.

    Sent at or before now − 358 days: at day 358 a message has 7 days left and is listed,
    at day 357 it has 8 and is not. Messages already past the year (the deletion has not
    run yet) are listed too.
    """
    cutoff = now - (RETENTION - EXPIRY_WARNING)
    conditions: list[Any] = [
        MailboxItem.mailbox_id == box_id,
        # An item's sort_at is its message's sent_at (set together when it is stored): the
        # range over ix_item_list (mailbox, folder, sort_at) touches only what expires.
        col(MailboxItem.folder).in_(FOLDERS),
        col(MailboxItem.sort_at) <= cutoff,
        col(Message.sent_at) <= cutoff,
    ]
    total = _count(
        session,
        select(func.count())
        .select_from(MailboxItem)
        .join(Message, col(Message.seq) == col(MailboxItem.message_seq))
        .where(*conditions),
    )
    rows = _message_rows(session, conditions, [col(Message.sent_at), col(Message.seq)], top)
    return Findings(total, tuple(_message_finding(*row) for row in rows))


def untaken(session: Session, box_id: int, now: datetime, top: int) -> Findings[ThreadFinding]:
    """Questions to us unanswered for more than 24 hours that nobody in the FBL has taken."""
    nobody = ~(
        _select(ThreadHandler.id)
        .where(
            col(ThreadHandler.thread_id) == col(Thread.id),
            col(ThreadHandler.mailbox_id) == box_id,
        )
        .exists()
    )
    extra = (col(Thread.created_at) <= now - UNTAKEN_AFTER, nobody)
    found, _soon = threads(session, box_id, now, side="us", overdue=None, top=top, extra=extra)
    return found

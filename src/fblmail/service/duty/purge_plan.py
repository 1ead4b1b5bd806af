"""What a purge takes and what it did: the selection and the checks on `--all-folders |
--folder F | --older-than DAYS`, the plan (the dry run shows it), the result, and the timing
of each write transaction, and the queries that count what goes (outside the write lock).
Split from `purge.py`, the use case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from time import perf_counter
from typing import Any, TypeVar

from sqlalchemy import Connection, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from fblmail.errors import InvalidInput
from fblmail.service.duty.routine import DRAFT_DAYS_DEFAULT
from fblmail.service.mailboxes.folders import parse_folder
from fblmail.store.tables import Account, Draft, LocalRoutine, MailboxItem, Message

T = TypeVar("T")

RETENTION = timedelta(days=365)
"""R17/R11: messages older than this are deleted automatically."""
EXPIRY_WARNING = timedelta(days=7)
"""The check lists messages this close to the one-year deletion."""
OLDER_THAN_MAX_DAYS = 3650

BatchHook = Callable[[float], None]
"""Called with the seconds each write transaction of a purge held the write lock."""
ProgressHook = Callable[[int, int], None]
"""Called with (done, total) after each batch."""


def _select(*columns: Any) -> Any:
    """`select()` typed loosely (entity columns, aggregates)."""
    return sa_select(*columns)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@dataclass(frozen=True)
class FolderPlan:
    """What goes from one folder: how many, the oldest and the newest."""

    folder: str
    count: int
    oldest: datetime | None
    newest: datetime | None

    def to_json(self) -> dict[str, Any]:
        """Keys: folder, count, oldest, newest."""
        return {
            "folder": self.folder,
            "count": self.count,
            "oldest": _iso(self.oldest),
            "newest": _iso(self.newest),
        }


@dataclass(frozen=True)
class PurgePlan:
    """What a purge would remove (the dry run shows exactly this)."""

    kind: str  # "manual" | "expired"
    mailbox: str | None
    folders: tuple[FolderPlan, ...]
    older_than: datetime | None
    messages: int | None = None  # expired: how many messages are deleted for good
    drafts: int = 0  # drafts that go too (R17): the FBL's, or those untouched too long

    @property
    def total(self) -> int:
        """Mailbox items (message copies) that go."""
        return sum(f.count for f in self.folders)

    @property
    def oldest(self) -> datetime | None:
        """The oldest message that goes."""
        return min((f.oldest for f in self.folders if f.oldest), default=None)

    @property
    def newest(self) -> datetime | None:
        """The newest message that goes."""
        return max((f.newest for f in self.folders if f.newest), default=None)

    def to_json(self) -> dict[str, Any]:
        """Keys: kind, mailbox, older_than, folders, total, messages, drafts, oldest, newest."""
        return {
            "kind": self.kind,
            "mailbox": self.mailbox,
            "older_than": _iso(self.older_than),
            "folders": [f.to_json() for f in self.folders],
            "total": self.total,
            "messages": self.messages,
            "drafts": self.drafts,
            "oldest": _iso(self.oldest),
            "newest": _iso(self.newest),
        }


@dataclass(frozen=True)
class PurgeResult:
    """What a purge did."""

    run_id: int
    plan: PurgePlan
    removed_items: int
    deleted_messages: int
    deleted_threads: int
    transactions: int
    longest_transaction_seconds: float
    checkpointed: bool | None  # SQLite: the WAL was checkpointed and truncated
    search_index: str | None = None  # SQLite: "merged" step by step, or "optimized" at once
    deleted_drafts: int = 0
    closed_interrupted_runs: tuple[int, ...] = ()  # earlier runs that never finished

    def to_json(self) -> dict[str, Any]:
        """The plan's keys plus run_id, removed_items, deleted_messages, deleted_threads,
        transactions, longest_transaction_seconds, checkpointed, search_index,
        deleted_drafts, closed_interrupted_runs."""
        data = self.plan.to_json()
        data.update(
            run_id=self.run_id,
            removed_items=self.removed_items,
            deleted_messages=self.deleted_messages,
            deleted_threads=self.deleted_threads,
            transactions=self.transactions,
            longest_transaction_seconds=round(self.longest_transaction_seconds, 4),
            checkpointed=self.checkpointed,
            search_index=self.search_index,
            deleted_drafts=self.deleted_drafts,
            closed_interrupted_runs=list(self.closed_interrupted_runs),
        )
        return data


@dataclass(frozen=True)
class Selection:
    """Which mailbox items a manual purge takes; fixed when the run starts."""

    box_id: int
    address: str
    folders: tuple[str, ...] | None
    older_than: datetime | None
    max_item_id: int  # nothing that arrives during the purge is taken

    def conditions(self) -> list[Any]:
        """The WHERE clause over `mailbox_item`."""
        found = [
            col(MailboxItem.mailbox_id) == self.box_id,
            col(MailboxItem.id) <= self.max_item_id,
        ]
        if self.folders is not None:
            found.append(col(MailboxItem.folder).in_(self.folders))
        if self.older_than is not None:
            found.append(col(MailboxItem.sort_at) < self.older_than)
        return found

    @property
    def takes_drafts(self) -> bool:
        """All folders, or the drafts folder: the FBL's drafts go too (R17)."""
        return self.folders is None or "drafts" in self.folders

    def describe(self) -> str:
        """For the access log: which folders, how old."""
        what = "all folders" if self.folders is None else ",".join(self.folders)
        if self.older_than is not None:
            what += f"; older than {self.older_than.isoformat(timespec='seconds')}"
        return what


@dataclass
class Tally:
    """What a purge run (or one batch of it) removed, and its write transactions' timing."""

    items: int = 0
    messages: int = 0
    threads: int = 0
    drafts: int = 0
    interrupted: tuple[int, ...] = ()
    transactions: int = 0
    longest: float = 0.0
    hook: BatchHook | None = field(default=None, repr=False)

    def add(self, done: Tally) -> None:
        """Add one committed batch's counts to the run's."""
        self.items += done.items
        self.messages += done.messages
        self.threads += done.threads
        self.drafts += done.drafts

    def timed(self, work: Callable[[], T]) -> T:
        """Run one write transaction and note how long it held the lock."""
        started = perf_counter()
        try:
            return work()
        finally:
            seconds = perf_counter() - started
            self.transactions += 1
            self.longest = max(self.longest, seconds)
            if self.hook is not None:
                self.hook(seconds)


def manual_selection(
    folder: str | None, all_folders: bool, older_than_days: int | None
) -> tuple[tuple[str, ...] | None, int | None]:
    """Validate `--all-folders | --folder F | --older-than DAYS` (folder and age combine)."""
    if all_folders and folder is not None:
        raise InvalidInput(
            "Ange antingen --all-folders eller --folder, inte båda.",
            "Give either --all-folders or --folder, not both.",
            field="folder",
        )
    if not all_folders and folder is None and older_than_days is None:
        raise InvalidInput(
            "Välj vad som ska rensas: --all-folders, --folder MAPP eller --older-than DAGAR.",
            "Choose what to purge: --all-folders, --folder FOLDER or --older-than DAYS.",
            field="folder",
        )
    if older_than_days is not None and not 1 <= older_than_days <= OLDER_THAN_MAX_DAYS:
        raise InvalidInput(
            f"--older-than måste vara ett antal dagar mellan 1 och {OLDER_THAN_MAX_DAYS}.",
            f"--older-than must be a number of days between 1 and {OLDER_THAN_MAX_DAYS}.",
            field="older_than",
        )
    folders = (parse_folder(folder),) if folder is not None else None
    return folders, older_than_days


def folder_plans(rows: Any) -> tuple[FolderPlan, ...]:
    """(folder, count, oldest, newest) rows as plans, in the usual folder order."""
    order = {"inbox": 0, "sent": 1, "drafts": 2, "trash": 3}
    plans = [
        FolderPlan(folder, int(count), oldest, newest) for folder, count, oldest, newest in rows
    ]
    return tuple(sorted(plans, key=lambda p: order.get(p.folder, 9)))


def fbl_drafts(address: str, until: datetime, older_than: datetime | None) -> list[Any]:
    """The WHERE clause over `draft` for the drafts written from the FBL `address`."""
    found = [col(Draft.from_address) == address, col(Draft.updated_at) <= until]
    if older_than is not None:
        found.append(col(Draft.updated_at) < older_than)
    return found


def expired_drafts(conn: Connection, now: datetime) -> list[str]:
    """Ids of drafts untouched longer than their author's unit allows (R17)."""
    days = {
        int(org): int(n)
        for org, n in conn.execute(
            _select(LocalRoutine.organisation_id, LocalRoutine.draft_days)
        ).all()
    }
    shortest = min([DRAFT_DAYS_DEFAULT, *days.values()])
    rows = conn.execute(
        _select(Draft.id, Draft.updated_at, Account.organisation_id)
        .join(Account, col(Account.id) == col(Draft.account_id))
        .where(col(Draft.updated_at) < now - timedelta(days=shortest))
    ).all()
    return [
        draft_id
        for draft_id, touched, org in rows
        if touched < now - timedelta(days=days.get(int(org), DRAFT_DAYS_DEFAULT))
    ]


def manual_plan(session: Session, selection: Selection, now: datetime) -> PurgePlan:
    """What a manual purge with this selection takes, counted now (outside the write lock)."""
    rows = session.exec(
        _select(
            MailboxItem.folder,
            func.count(),
            func.min(MailboxItem.sort_at),
            func.max(MailboxItem.sort_at),
        )
        .where(*selection.conditions())
        .group_by(col(MailboxItem.folder))
    ).all()
    drafts = 0
    if selection.takes_drafts:
        where = fbl_drafts(selection.address, now, selection.older_than)
        drafts = session.exec(_select(func.count()).select_from(Draft).where(*where)).one()[0]
    return PurgePlan(
        "manual", selection.address, folder_plans(rows), selection.older_than, None, drafts
    )


def expired_plan(session: Session, now: datetime) -> PurgePlan:
    """What the one-year deletion takes now, counted outside the write lock."""
    cutoff = now - RETENTION
    old = col(Message.sent_at) < cutoff
    rows = session.exec(
        _select(
            MailboxItem.folder,
            func.count(),
            func.min(Message.sent_at),
            func.max(Message.sent_at),
        )
        .join(Message, col(Message.seq) == col(MailboxItem.message_seq))
        .where(old)
        .group_by(col(MailboxItem.folder))
    ).all()
    messages = session.exec(_select(func.count()).select_from(Message).where(old)).one()[0]
    drafts = len(expired_drafts(session.connection(), now))
    return PurgePlan("expired", None, folder_plans(rows), cutoff, int(messages), drafts)

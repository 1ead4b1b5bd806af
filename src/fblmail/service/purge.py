"""Purging (R17): a unit empties its FBL's folders; messages older than a year are deleted.

A message lives in up to two mailboxes (the sender's `sent` copy and the recipient's
`inbox` copy are two `mailbox_item` rows of one `message` row). Purging a mailbox removes
that mailbox's items; a message is deleted for real once no mailbox holds it any more, and
its journal-note links and disclosures go with it (ON DELETE CASCADE), and a thread once it
has no message left. The one-year deletion (`expired`) removes every message sent more than
365 days ago from every mailbox; 365 days, not "the same date last year", so the check's
seven-day warning is simple arithmetic and a leap year changes nothing.

Work is done in short transactions so that other users are never blocked for long: one to
record the run and log its start, one per batch (with a pause after each, so waiting
writers get the lock), and one to log the end; the counting is done before, outside the
write lock. Batches are sized by time, not count: each holds the write lock for about
`LOCK_TARGET_SECONDS` whatever the machine and the store (a fixed `batch_size` is still
honoured). Batch commits skip the fsync (SQLite `synchronous=NORMAL`): a batch lost to a
power cut is only a deletion not yet done, the run stays unfinished, and the durable commit
that logs the end makes every earlier batch durable too. A purge interrupted half-way
leaves a run without `finished_at` in `purge_run` and a logged start; running it again
finishes the job, index clean-up included (see `_finish`).
The next run closes such a run as "interrupted" (`outcome`): one of the same kind for the
same mailbox at once, any other once it is `STALE_RUN` old. Finished runs are "done".

Drafts fall under R17 too (they hold patient numbers and text): `--all-folders` (or
`--folder drafts`) removes the drafts written from that FBL, and the daily `--expired`
removes every draft untouched for the author's unit's `draft_days` (local routine, default
30). Drafts are not in the full-text index; `secure_delete` overwrites their rows.

On SQLite, `secure_delete` overwrites deleted rows in the database pages, but the full-text
index keeps the words of a deleted message (and a delete marker) in its segments until they
are merged; after a purge the index is merged into one clean segment (see
`_merge_search_index`), and the write-ahead log is checkpointed and
truncated so no old page image is left in the `-wal` file. PostgreSQL removes dead rows
and index entries at its next (auto)vacuum.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from time import perf_counter
from typing import Any, TypeVar

from sqlalchemy import Connection, delete, exists, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from fblmail.errors import AuditTarget
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.duty.routine import DRAFT_DAYS_DEFAULT
from fblmail.service.lookup import find_mailbox, require_member
from fblmail.service.permissions import require_support
from fblmail.service.purge_plan import (
    EXPIRY_WARNING,
    RETENTION,
    BatchHook,
    FolderPlan,
    ProgressHook,
    PurgePlan,
    PurgeResult,
    Selection,
    Tally,
    folder_plans,
    manual_selection,
)
from fblmail.store.engine import SQLITE_BUSY_TIMEOUT_MS
from fblmail.store.tables import (
    Account,
    Draft,
    LocalRoutine,
    MailboxItem,
    Message,
    PurgeRun,
    Thread,
)

T = TypeVar("T")

DEFAULT_BATCH = 500
"""Messages in the first batch when no size is given; later batches adapt (see below)."""
LOCK_TARGET_SECONDS = 0.1
"""Adaptive batches are sized so each holds the write lock about this long."""
MIN_BATCH, MAX_BATCH = 50, 20_000
FTS_MERGE_PAGES = 64  # pages of index written by the first merge step; later ones adapt
MIN_MERGE_PAGES, MAX_MERGE_PAGES = 64, 16_384
STALE_RUN = timedelta(hours=6)
"""An unfinished purge run this old was interrupted (a whole purge takes minutes)."""
CHECKPOINT_BUSY_MS = 100  # one checkpoint try waits at most this long for readers, holding
# the write lock meanwhile: short tries with pauses between them keep writers moving
CHECKPOINT_TRIES = 40
CHECKPOINT_PAUSE_S = 0.05
# SQLite hands the write lock to whoever asks first after a commit: a purge that re-took it
# at once would starve other writers. fblmail's writers ask every 1-5 ms while they wait
# (store/engine.py), so a short pause between batches lets them in.
YIELD_SECONDS = 0.01

__all__ = [
    "EXPIRY_WARNING",
    "RETENTION",
    "BatchHook",
    "FolderPlan",
    "ProgressHook",
    "PurgePlan",
    "PurgeResult",
    "Purger",
]


def _select(*columns: Any) -> Any:
    """`select()` typed loosely (entity columns, aggregates)."""
    return sa_select(*columns)


def _drop_unreferenced(conn: Connection, seqs: list[int], tally: Tally) -> None:
    """Delete the messages no mailbox holds any more, then their empty threads."""
    thread_ids = list(
        conn.execute(
            _select(Message.thread_id).where(col(Message.seq).in_(seqs)).distinct()
        ).scalars()
    )
    gone = conn.execute(
        delete(Message).where(
            col(Message.seq).in_(seqs),
            ~exists().where(col(MailboxItem.message_seq) == col(Message.seq)),
        )
    )
    tally.messages += gone.rowcount
    if thread_ids:
        empty = conn.execute(
            delete(Thread).where(
                col(Thread.id).in_(thread_ids),
                ~exists().where(col(Message.thread_id) == col(Thread.id)),
            )
        )
        tally.threads += empty.rowcount


def next_batch_size(
    size: int, seconds: float, low: int = MIN_BATCH, high: int = MAX_BATCH
) -> int:
    """The size that should hold the lock about LOCK_TARGET_SECONDS, given the last batch.

    Grows or shrinks at most twofold per batch so one slow commit (a checkpoint, another
    process's I/O) does not swing it, and stays within low..high.
    """
    wanted = size * LOCK_TARGET_SECONDS / max(seconds, 1e-3)
    return int(min(high, max(low, size / 2, min(wanted, size * 2))))


def _fbl_drafts(address: str, until: datetime, older_than: datetime | None) -> list[Any]:
    """The WHERE clause over `draft` for the drafts written from the FBL `address`."""
    found = [col(Draft.from_address) == address, col(Draft.updated_at) <= until]
    if older_than is not None:
        found.append(col(Draft.updated_at) < older_than)
    return found


def _expired_drafts(conn: Connection, now: datetime) -> list[str]:
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


class Purger(ServiceBase):
    """Manual purges of a mailbox and the automatic one-year deletion (R17)."""

    yield_seconds: float = YIELD_SECONDS
    """SQLite: pause between the purge's write transactions (0 turns it off)."""
    merge_step_budget: int | None = None
    """SQLite: at most this many incremental merge steps (None: three passes over the index)."""

    # -- what would go (dry run) -------------------------------------------------------------

    def plan(
        self,
        mailbox: str,
        *,
        folder: str | None = None,
        all_folders: bool = False,
        older_than_days: int | None = None,
    ) -> PurgePlan:
        """What `purge` would remove from the mailbox; changes nothing."""
        folders, days = manual_selection(folder, all_folders, older_than_days)

        def work(session: Session, actor: Actor) -> PurgePlan:
            selection = self._select(session, actor, mailbox, folders, days)
            return self._manual_plan(session, selection, self.clock())

        return self._read_unit("purge-plan", work, target=AuditTarget(mailbox=mailbox[:200]))

    def plan_expired(self) -> PurgePlan:
        """What the one-year deletion would remove now; changes nothing."""

        def work(session: Session, actor: Actor) -> PurgePlan:
            require_support(session, actor)
            return self._expired_plan(session, self.clock())

        return self._read_unit("purge-plan", work)

    # -- purging -------------------------------------------------------------------------------

    def purge(
        self,
        mailbox: str,
        *,
        folder: str | None = None,
        all_folders: bool = False,
        older_than_days: int | None = None,
        batch_size: int | None = None,
        on_progress: ProgressHook | None = None,
        on_batch: BatchHook | None = None,
    ) -> PurgeResult:
        """Remove the selected items from a mailbox the user belongs to (R17).

        `batch_size`: messages per transaction; None sizes batches by lock time.
        """
        folders, days = manual_selection(folder, all_folders, older_than_days)
        tally = Tally(hook=on_batch)

        target = AuditTarget(mailbox=mailbox[:200])

        started = self.clock()

        def look(session: Session, actor: Actor) -> tuple[Selection, PurgePlan]:
            selection = self._select(session, actor, mailbox, folders, days)
            return selection, self._manual_plan(session, selection, started)

        # Counting is done before the write lock is taken; the selection is fixed by then.
        selection, plan = self._read_unit("purge", look, target=target)

        def start(session: Session, actor: Actor) -> int:
            self._select(session, actor, mailbox, folders, days)  # membership, again
            what = f"{selection.describe()}; {plan.total} items, {plan.drafts} drafts"
            return self._start_run(session, actor, "manual", plan.mailbox, what, tally)

        run_id = tally.timed(lambda: self._unit("purge", start, target=target))

        def batch(conn: Connection, size: int) -> int:
            rows = conn.execute(
                _select(MailboxItem.id, MailboxItem.message_seq)
                .where(*selection.conditions())
                .order_by(col(MailboxItem.id))
                .limit(size)
            ).all()
            if rows:
                conn.execute(
                    delete(MailboxItem).where(col(MailboxItem.id).in_([r[0] for r in rows]))
                )
                tally.items += len(rows)
                _drop_unreferenced(conn, sorted({r[1] for r in rows}), tally)
            return len(rows)

        self._batches(batch, batch_size, tally, lambda: (tally.items, plan.total), on_progress)
        if selection.takes_drafts:
            where = _fbl_drafts(selection.address, started, selection.older_than)
            self._delete_drafts(lambda conn: where, tally)
        return self._finish(run_id, plan, tally)

    def expired(
        self,
        *,
        batch_size: int | None = None,
        on_progress: ProgressHook | None = None,
        on_batch: BatchHook | None = None,
    ) -> PurgeResult:
        """Delete every message sent more than 365 days ago, in every mailbox (R17).

        A system job for a daily timer, run as a support account. Idempotent; every run is
        recorded in `purge_run` (kind "expired"), also when nothing was old enough, so the
        check can tell that the deletion runs.
        """
        tally = Tally(hook=on_batch)

        now = self.clock()
        cutoff = now - RETENTION

        def look(session: Session, actor: Actor) -> PurgePlan:
            require_support(session, actor)
            return self._expired_plan(session, now)

        plan = self._read_unit("purge-expired", look)  # counted outside the write lock

        def start(session: Session, actor: Actor) -> int:
            require_support(session, actor)
            what = (
                f"sent before {cutoff.isoformat(timespec='seconds')}; {plan.messages} messages, "
                f"{plan.drafts} untouched drafts"
            )
            return self._start_run(session, actor, "expired", None, what, tally)

        run_id = tally.timed(lambda: self._unit("purge-expired", start))

        def batch(conn: Connection, size: int) -> int:
            seqs = list(
                conn.execute(
                    _select(Message.seq)
                    .where(col(Message.sent_at) < cutoff)
                    .order_by(col(Message.sent_at))
                    .limit(size)
                ).scalars()
            )
            if seqs:
                removed = conn.execute(
                    delete(MailboxItem).where(col(MailboxItem.message_seq).in_(seqs))
                )
                tally.items += removed.rowcount
                _drop_unreferenced(conn, seqs, tally)
            return len(seqs)

        self._batches(
            batch, batch_size, tally, lambda: (tally.messages, plan.messages or 0), on_progress
        )
        self._delete_drafts(
            lambda conn: [col(Draft.id).in_(_expired_drafts(conn, now) or [""])], tally
        )
        return self._finish(run_id, plan, tally)

    # -- the steps -------------------------------------------------------------------------------

    def _select(
        self,
        session: Session,
        actor: Actor,
        mailbox: str,
        folders: tuple[str, ...] | None,
        days: int | None,
    ) -> Selection:
        box = find_mailbox(session, mailbox)
        require_member(actor, box)
        newest_id = session.exec(
            _select(func.max(MailboxItem.id)).where(col(MailboxItem.mailbox_id) == box.id)
        ).one()[0]
        older_than = self.clock() - timedelta(days=days) if days is not None else None
        return Selection(box.id or 0, box.address, folders, older_than, int(newest_id or 0))

    def _manual_plan(self, session: Session, selection: Selection, now: datetime) -> PurgePlan:
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
            where = _fbl_drafts(selection.address, now, selection.older_than)
            drafts = session.exec(_select(func.count()).select_from(Draft).where(*where)).one()[0]
        return PurgePlan(
            "manual", selection.address, folder_plans(rows), selection.older_than, None, drafts
        )

    def _expired_plan(self, session: Session, now: datetime) -> PurgePlan:
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
        drafts = len(_expired_drafts(session.connection(), now))
        return PurgePlan("expired", None, folder_plans(rows), cutoff, int(messages), drafts)

    def _start_run(
        self,
        session: Session,
        actor: Actor,
        kind: str,
        mailbox: str | None,
        what: str,
        tally: Tally,
    ) -> int:
        now = self.clock()
        closed = self._close_interrupted(session, kind, mailbox, now)
        tally.interrupted = tuple(closed)
        run = PurgeRun(kind=kind, mailbox=mailbox, actor=actor.login, started_at=now)
        session.add(run)
        session.flush()
        if closed:
            what += f"; closed interrupted run(s) {', '.join(map(str, closed))}"
        self._log(
            session, actor, "purge-start", mailbox=mailbox, detail=f"run {run.id} {kind}: {what}"
        )
        return run.id or 0

    @staticmethod
    def _close_interrupted(
        session: Session, kind: str, mailbox: str | None, now: datetime
    ) -> list[int]:
        """Mark runs that never finished as "interrupted": the same purge now, others late."""
        closed = []
        for run in session.exec(
            select(PurgeRun).where(
                col(PurgeRun.finished_at).is_(None), col(PurgeRun.outcome).is_(None)
            )
        ).all():
            same = run.kind == kind and run.mailbox == mailbox
            if same or run.started_at < now - STALE_RUN:
                run.outcome = "interrupted"
                session.add(run)
                closed.append(run.id or 0)
        return sorted(closed)

    def _delete_drafts(self, where: Callable[[Connection], list[Any]], tally: Tally) -> None:
        """Delete the drafts `where(conn)` selects, in one short write transaction."""

        def one() -> None:
            with self.store.write() as session:
                conn = session.connection()
                tally.drafts += conn.execute(delete(Draft).where(*where(conn))).rowcount

        tally.timed(one)

    def _batches(
        self,
        batch: Callable[[Connection, int], int],
        batch_size: int | None,
        tally: Tally,
        progress: Callable[[], tuple[int, int]],
        on_progress: ProgressHook | None,
    ) -> None:
        """Run `batch` in its own short write transaction until it finds nothing more."""
        size = max(1, batch_size or DEFAULT_BATCH)

        def one() -> int:
            with self.store.write(durable=False) as session:
                return batch(session.connection(), size)

        while True:
            started = perf_counter()
            found = tally.timed(one)
            if on_progress is not None:
                on_progress(*progress())
            if found < size:
                return
            if batch_size is None:
                size = next_batch_size(size, perf_counter() - started)
            self._let_others_write()

    def _let_others_write(self) -> None:
        if self.store.sqlite and self.yield_seconds > 0:
            time.sleep(self.yield_seconds)

    def cleanup_pending(self, *, except_run: int | None = None) -> bool:
        """SQLite: an earlier purge stopped before its end, so its deleted words may still be
        in the full-text index; any purge run (even of nothing) finishes that clean-up."""
        if not self.store.sqlite:
            return False
        with self.store.read() as session:
            found = session.exec(
                _select(func.count())
                .select_from(PurgeRun)
                .where(
                    col(PurgeRun.finished_at).is_(None),
                    col(PurgeRun.outcome).is_(None),
                    col(PurgeRun.id) != (except_run or 0),
                )
            ).one()[0]
        return bool(found)

    def _finish(self, run_id: int, plan: PurgePlan, tally: Tally) -> PurgeResult:
        index = None
        # A run killed between its last batch and here left the words of what it deleted
        # in the index, and a re-run finds nothing to delete: a run this one closed as
        # interrupted, or one still open, is reason enough to merge (a clean index merges
        # in one short step).
        pending = bool(tally.interrupted) or self.cleanup_pending(except_run=run_id)
        if self.store.sqlite and (tally.messages or pending):
            index = self._merge_search_index(tally)

        def end(session: Session, actor: Actor) -> None:
            run = session.get(PurgeRun, run_id)
            assert run is not None
            run.finished_at = self.clock()
            run.outcome = "done"
            run.deleted = tally.messages
            session.add(run)
            self._log(
                session,
                actor,
                "purge-end",
                mailbox=plan.mailbox,
                detail=f"run {run_id} {plan.kind}: removed {tally.items} items, deleted "
                f"{tally.messages} messages and {tally.threads} threads, deleted "
                f"{tally.drafts} drafts",
            )

        tally.timed(lambda: self._unit("purge", end))
        checkpointed = None
        if self.store.sqlite:
            self._copy_log_into_file()  # not timed as a lock: it takes none
            checkpointed = tally.timed(self._checkpoint)
        return PurgeResult(
            run_id=run_id,
            plan=plan,
            removed_items=tally.items,
            deleted_messages=tally.messages,
            deleted_threads=tally.threads,
            transactions=tally.transactions,
            longest_transaction_seconds=tally.longest,
            checkpointed=checkpointed,
            search_index=index,
            deleted_drafts=tally.drafts,
            closed_interrupted_runs=tally.interrupted,
        )

    def _merge_search_index(self, tally: Tally) -> str:
        """Merge the FTS5 index until the purged words are gone from it; how it was done.

        FTS5 (before SQLite 3.42's secure-delete) keeps a deleted message's words in its
        index segments, plus a delete marker, until a merge brings them together. An
        incremental optimize (`'merge', -N`) does that N pages per short transaction. A
        message stored meanwhile adds a small segment, so a step never reports "nothing
        left" on a busy store; a step that wrote much less than its allowance is taken as
        done instead (the raw-file test checks it with messages arriving between steps).
        Should the steps still run past three passes over the index, one `optimize`
        finishes the job in a single transaction, because the words must go. Steps are
        sized by lock time like batches.
        """
        pages = FTS_MERGE_PAGES

        def step() -> int:
            with self.store.write(durable=False) as session:
                conn = session.connection()
                before = int(conn.exec_driver_sql("SELECT total_changes()").scalar_one())
                conn.exec_driver_sql(
                    f"INSERT INTO message_fts(message_fts, rank) VALUES('merge', {-pages})"
                )
                return int(conn.exec_driver_sql("SELECT total_changes()").scalar_one()) - before

        def optimize() -> None:
            with self.store.write() as session:
                session.connection().exec_driver_sql(
                    "INSERT INTO message_fts(message_fts) VALUES('optimize')"
                )

        budget = self.merge_step_budget
        with self.store.read() as session:
            index_pages = int(
                session.connection()
                .exec_driver_sql("SELECT count(*) FROM message_fts_data")
                .scalar_one()
            )
        page_budget = 3 * index_pages + 50 * FTS_MERGE_PAGES  # three passes over the index
        steps = 0
        while page_budget > 0 and (budget is None or steps < budget):
            started = perf_counter()
            # A step that merges pages changes about ten rows per page written. One that
            # changes fewer rows than its page allowance ran out of work: it finished the
            # merge of every segment there was, purged words included, and what it did
            # last was fold in the small segments that other users' messages added since.
            if tally.timed(step) < max(2, pages):
                return "merged"
            steps += 1
            page_budget -= pages
            pages = next_batch_size(
                pages, perf_counter() - started, MIN_MERGE_PAGES, MAX_MERGE_PAGES
            )
            self._let_others_write()
        tally.timed(optimize)
        return "optimized"

    def _copy_log_into_file(self) -> None:
        """A PASSIVE checkpoint: copies the write-ahead log into the file (and syncs it)
        without taking the write lock, so the TRUNCATE that follows, which does block
        writers, has only the frames written since left to copy."""
        raw = self.store.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        finally:
            raw.close()

    def _checkpoint(self) -> bool:
        """Copy the WAL into the database and truncate it; False if it stayed busy.

        A truncating checkpoint needs a moment with no reader on an old snapshot; on a busy
        store it is tried a few times (each try waits at most CHECKPOINT_BUSY_MS, during
        which new writers wait too), then left to the next purge.
        """
        raw = self.store.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(f"PRAGMA busy_timeout={CHECKPOINT_BUSY_MS}")
            try:
                for attempt in range(CHECKPOINT_TRIES):
                    if attempt:
                        time.sleep(CHECKPOINT_PAUSE_S)
                    busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                    if int(busy) == 0:
                        return True
                return False
            finally:
                cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
                cursor.close()
        finally:
            raw.close()

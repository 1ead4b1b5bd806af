"""Purging (R17): a unit empties its FBL's folders; messages older than a year are deleted.

A message lives in up to two mailboxes (the sender's `sent` copy and the recipient's
`inbox` copy are two `mailbox_item` rows of one `message` row). Purging a mailbox removes
that mailbox's items; a message is deleted for real once no mailbox holds it any more, and
its journal-note links and disclosures go with it (ON DELETE CASCADE), and a thread once it
has no message left. The one-year deletion (`expired`) removes every message sent more than
365 days ago from every mailbox; 365 days, not "the same date last year", so the check's
seven-day warning is simple arithmetic and a leap year changes nothing.

Work is done in short transactions of `batch_size` messages so that other users are never
blocked for long: one to record the run and log its start, one per batch (with a pause
after each, so waiting writers get the lock), and one to log the end; the counting is done
before, outside the write lock. A purge interrupted half-way leaves a run without
`finished_at` in `purge_run` and a logged start; running it again finishes the job, and
the next run closes such a run as "interrupted" (`outcome`): one of the same kind for the
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
from typing import Any, TypeVar

from sqlalchemy import Connection, delete, exists, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from fblmail.errors import AuditTarget
from fblmail.service.context import Actor, ServiceBase
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
from fblmail.service.routine import DRAFT_DAYS_DEFAULT
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
STALE_RUN = timedelta(hours=6)
"""An unfinished purge run this old was interrupted (a whole purge takes minutes)."""
FTS_MERGE_PAGES = 256  # pages of index written per merge step (one short transaction each)
CHECKPOINT_BUSY_MS = 500  # one checkpoint try waits at most this long for readers
CHECKPOINT_TRIES = 10
# SQLite hands the write lock to whoever asks first after a commit, and a waiting writer's
# busy handler polls with growing sleeps (up to 100 ms): a purge that re-takes the lock at
# once would starve it. A pause between batches lets waiting writers in.
YIELD_SECONDS = 0.1

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
        batch_size: int = DEFAULT_BATCH,
        on_progress: ProgressHook | None = None,
        on_batch: BatchHook | None = None,
    ) -> PurgeResult:
        """Remove the selected items from a mailbox the user belongs to (R17)."""
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

        def batch(conn: Connection) -> int:
            rows = conn.execute(
                _select(MailboxItem.id, MailboxItem.message_seq)
                .where(*selection.conditions())
                .order_by(col(MailboxItem.id))
                .limit(batch_size)
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
        batch_size: int = DEFAULT_BATCH,
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

        def batch(conn: Connection) -> int:
            seqs = list(
                conn.execute(
                    _select(Message.seq)
                    .where(col(Message.sent_at) < cutoff)
                    .order_by(col(Message.sent_at))
                    .limit(batch_size)
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
        batch: Callable[[Connection], int],
        batch_size: int,
        tally: Tally,
        progress: Callable[[], tuple[int, int]],
        on_progress: ProgressHook | None,
    ) -> None:
        """Run `batch` in its own short write transaction until it finds nothing more."""
        size = max(1, batch_size)

        def one() -> int:
            with self.store.write() as session:
                return batch(session.connection())

        while True:
            found = tally.timed(one)
            if on_progress is not None:
                on_progress(*progress())
            if found < size:
                return
            self._let_others_write()

    def _let_others_write(self) -> None:
        if self.store.sqlite and self.yield_seconds > 0:
            time.sleep(self.yield_seconds)

    def _finish(self, run_id: int, plan: PurgePlan, tally: Tally) -> PurgeResult:
        index = None
        if self.store.sqlite and tally.messages:
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
        checkpointed = tally.timed(self._checkpoint) if self.store.sqlite else None
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
        message stored meanwhile adds a segment and restarts the optimize, which is harmless
        at night (the timer's hour) but could go on for ever on a busy store: after a step
        budget of three passes over the index, one `optimize` finishes the job in a single
        transaction, because the words must go.
        """

        def step() -> int:
            with self.store.write() as session:
                conn = session.connection()
                before = int(conn.exec_driver_sql("SELECT total_changes()").scalar_one())
                conn.exec_driver_sql(
                    "INSERT INTO message_fts(message_fts, rank) "
                    f"VALUES('merge', {-FTS_MERGE_PAGES})"
                )
                return int(conn.exec_driver_sql("SELECT total_changes()").scalar_one()) - before

        def optimize() -> None:
            with self.store.write() as session:
                session.connection().exec_driver_sql(
                    "INSERT INTO message_fts(message_fts) VALUES('optimize')"
                )

        budget = self.merge_step_budget
        if budget is None:
            with self.store.read() as session:
                pages = session.connection().exec_driver_sql(
                    "SELECT count(*) FROM message_fts_data"
                )
                budget = 3 * (int(pages.scalar_one()) // FTS_MERGE_PAGES) + 50
        for _ in range(budget):
            if tally.timed(step) < 2:  # FTS5: fewer than two changes means no work was left
                return "merged"
            self._let_others_write()
        tally.timed(optimize)
        return "optimized"

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
                        time.sleep(self.yield_seconds or 0.1)
                    busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                    if int(busy) == 0:
                        return True
                return False
            finally:
                cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
                cursor.close()
        finally:
            raw.close()

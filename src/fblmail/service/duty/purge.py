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

The deleting batches are in `purge_batches.py`; on SQLite the purged words are then taken
out of the full-text index and the write-ahead log (`purge_cleanup.py`), so they are gone
from the database files when the command returns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from fblmail.errors import AuditTarget
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.duty import purge_cleanup
from fblmail.service.duty.purge_batches import (
    LOCK_TARGET_SECONDS,
    YIELD_SECONDS,
    Batch,
    copy_log_into_file,
    expired_batch,
    manual_batch,
    retried,
    run_batches,
)
from fblmail.service.duty.purge_plan import (
    EXPIRY_WARNING,
    RETENTION,
    BatchHook,
    FolderPlan,
    ProgressHook,
    PurgePlan,
    PurgeResult,
    Selection,
    Tally,
    expired_drafts,
    expired_plan,
    fbl_drafts,
    manual_plan,
    manual_selection,
)
from fblmail.service.lookup import find_mailbox, require_member
from fblmail.service.permissions import require_support
from fblmail.store.tables import Draft, MailboxItem, PurgeRun

STALE_RUN = timedelta(hours=6)
"""An unfinished purge run this old was interrupted (a whole purge takes minutes)."""

__all__ = [
    "EXPIRY_WARNING",
    "LOCK_TARGET_SECONDS",
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
            return manual_plan(session, selection, self.clock())

        return self._read_unit("purge-plan", work, target=AuditTarget(mailbox=mailbox[:200]))

    def plan_expired(self) -> PurgePlan:
        """What the one-year deletion would remove now; changes nothing."""

        def work(session: Session, actor: Actor) -> PurgePlan:
            require_support(session, actor)
            return expired_plan(session, self.clock())

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
            return selection, manual_plan(session, selection, started)

        # Counting is done before the write lock is taken; the selection is fixed by then.
        selection, plan = self._read_unit("purge", look, target=target)

        def start(session: Session, actor: Actor) -> int:
            self._select(session, actor, mailbox, folders, days)  # membership, again
            what = f"{selection.describe()}; {plan.total} items, {plan.drafts} drafts"
            return self._start_run(session, actor, "manual", plan.mailbox, what, tally)

        run_id = tally.timed(lambda: self._unit("purge", start, target=target))

        self._batches(
            manual_batch(selection),
            batch_size,
            tally,
            lambda: (tally.items, plan.total),
            on_progress,
        )
        if selection.takes_drafts:
            where = fbl_drafts(selection.address, started, selection.older_than)
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
            return expired_plan(session, now)

        plan = self._read_unit("purge-expired", look)  # counted outside the write lock

        def start(session: Session, actor: Actor) -> int:
            require_support(session, actor)
            what = (
                f"sent before {cutoff.isoformat(timespec='seconds')}; {plan.messages} messages, "
                f"{plan.drafts} untouched drafts"
            )
            return self._start_run(session, actor, "expired", None, what, tally)

        run_id = tally.timed(lambda: self._unit("purge-expired", start))

        self._batches(
            expired_batch(cutoff),
            batch_size,
            tally,
            lambda: (tally.messages, plan.messages or 0),
            on_progress,
        )
        self._delete_drafts(
            lambda conn: [col(Draft.id).in_(expired_drafts(conn, now) or [""])], tally
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
        """Delete the drafts `where(conn)` selects, in one short write transaction (run
        again whole if PostgreSQL breaks a deadlock with it; counted after its commit)."""

        def one() -> None:
            with self.store.write() as session:
                conn = session.connection()
                deleted = conn.execute(delete(Draft).where(*where(conn))).rowcount
            tally.drafts += deleted

        retried(lambda: tally.timed(one))

    def _batches(
        self,
        batch: Batch,
        batch_size: int | None,
        tally: Tally,
        progress: Callable[[], tuple[int, int]],
        on_progress: ProgressHook | None,
    ) -> None:
        run_batches(self.store, batch, batch_size, tally, progress, on_progress, self.yield_seconds)

    def cleanup_pending(self, *, except_run: int | None = None) -> bool:
        """SQLite: an earlier purge stopped before its end, so its deleted words may still be
        in the full-text index; any purge run (even of nothing) finishes that clean-up."""
        return purge_cleanup.cleanup_pending(self.store, except_run=except_run)

    def _finish(self, run_id: int, plan: PurgePlan, tally: Tally) -> PurgeResult:
        index = None
        # A run killed between its last batch and here left the words of what it deleted
        # in the index, and a re-run finds nothing to delete: a run this one closed as
        # interrupted, or one still open, is reason enough to merge (a clean index merges
        # in one short step).
        pending = bool(tally.interrupted) or self.cleanup_pending(except_run=run_id)
        if self.store.sqlite and (tally.messages or pending):
            index = purge_cleanup.merge_search_index(
                self.store, tally, self.merge_step_budget, self.yield_seconds
            )

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
            copy_log_into_file(self.store)  # not timed as a lock: it takes none
            checkpointed = purge_cleanup.checkpoint(self.store, tally.timed)
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

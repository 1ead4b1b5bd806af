"""The deleting part of a purge (R17): what one batch deletes, and the loop of short write
transactions that runs the batches, sized by how long each holds the write lock.

Split from `purge.py` (the use case); `purge_cleanup.py` does what follows the batches.

What it costs, measured (`bench/profile_purge_batch.py`, perf; figures in bench/README.md):
a batch spends its time writing the pages it changed, 2-3 pages of write-ahead log per
message, and most of them belong to indexes whose keys are random (`message.id`,
`message.thread_id`, `thread.id`, the patient indexes): a batch touches a page of each for
nearly every message it deletes, and the next batch writes the same pages again, so bigger
batches are cheaper per message. Of about 150 µs of CPU per message (2,000 a batch, on a
loaded machine): the full-text delete about 24 (the same done set-based saved nothing),
the commit's autocheckpoint 25-30 (moved out, see `run_batches`), the foreign-key
cascades about 8, the folder-tally trigger about 6; `secure_delete` was not measurable.
The triggers and cascades are kept: they keep the counts, the index and the links right
for every writer by one rule. With time-ordered thread and message ids (UUID v7,
`domain/ids.py`, not yet what sending makes) a batch writes 1.3 log pages per message
instead of 2.8 and the whole purge takes about half the CPU (bench/README.md).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime
from time import perf_counter
from typing import Any, TypeVar

from sqlalchemy import Connection, delete, exists
from sqlalchemy import select as sa_select
from sqlmodel import col

from fblmail.service.context import UNIT_ATTEMPTS
from fblmail.service.duty.purge_plan import ProgressHook, Selection, Tally
from fblmail.store.engine import Store, restore_autocheckpoint
from fblmail.store.faults import worth_retrying
from fblmail.store.tables import MailboxItem, Message, Thread

T = TypeVar("T")

DEFAULT_BATCH = 500
"""Messages in the first batch when no size is given; later batches adapt (see below)."""
LOCK_TARGET_SECONDS = 0.1
"""Adaptive batches are sized so each holds the write lock about this long."""
MIN_BATCH, MAX_BATCH = 50, 20_000
# SQLite hands the write lock to whoever asks first after a commit: a purge that re-took it
# at once would starve other writers. fblmail's writers ask every 1-5 ms while they wait
# (store/engine.py), so a short pause between batches lets them in.
YIELD_SECONDS = 0.01

Batch = Callable[[Connection, int, Tally], int]
"""Deletes up to `size` messages' worth in the open transaction, counting into the given
tally (the batch's own, added to the run's only once it has committed); returns how many
it found."""


def _select(*columns: Any) -> Any:
    """`select()` typed loosely (entity columns, aggregates)."""
    return sa_select(*columns)


def next_batch_size(size: int, seconds: float, low: int = MIN_BATCH, high: int = MAX_BATCH) -> int:
    """The size that should hold the lock about LOCK_TARGET_SECONDS, given the last batch.

    Grows or shrinks at most twofold per batch so one slow commit (a checkpoint, another
    process's I/O) does not swing it, and stays within low..high.
    """
    wanted = size * LOCK_TARGET_SECONDS / max(seconds, 1e-3)
    return int(min(high, max(low, size / 2, min(wanted, size * 2))))


def drop_unreferenced(conn: Connection, seqs: list[int], tally: Tally) -> None:
    """Delete the messages no mailbox holds any more, then their empty threads.

    Journal-note links and disclosures go with their message, handlers with their thread
    (ON DELETE CASCADE).
    """
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


def manual_batch(selection: Selection) -> Batch:
    """One batch of a manual purge: the first `size` selected items of the mailbox.

    Taken in the order of `ix_item_list` (mailbox, folder, sort_at, id), so each batch
    reads only the rows it deletes. Ordered by `id` alone, SQLite read every remaining item
    of the mailbox and sorted them for every batch (`EXPLAIN QUERY PLAN`: "USE TEMP B-TREE
    FOR ORDER BY"), which grows with the mailbox: a test checks the plan.
    """

    def batch(conn: Connection, size: int, tally: Tally) -> int:
        rows = conn.execute(manual_batch_query(selection, size)).all()
        if rows:
            conn.execute(delete(MailboxItem).where(col(MailboxItem.id).in_([r[0] for r in rows])))
            tally.items += len(rows)
            drop_unreferenced(conn, sorted({r[1] for r in rows}), tally)
        return len(rows)

    return batch


def manual_batch_query(selection: Selection, size: int) -> Any:
    """The SELECT of one manual batch (also for the query-plan test)."""
    return (
        _select(MailboxItem.id, MailboxItem.message_seq)
        .where(*selection.conditions())
        .order_by(col(MailboxItem.folder), col(MailboxItem.sort_at), col(MailboxItem.id))
        .limit(size)
    )


def expired_batch(cutoff: datetime) -> Batch:
    """One batch of the one-year deletion: the `size` oldest messages sent before `cutoff`."""

    def batch(conn: Connection, size: int, tally: Tally) -> int:
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
            drop_unreferenced(conn, seqs, tally)
        return len(seqs)

    return batch


def run_batches(
    store: Store,
    batch: Batch,
    batch_size: int | None,
    tally: Tally,
    progress: Callable[[], tuple[int, int]],
    on_progress: ProgressHook | None,
    yield_seconds: float,
) -> None:
    """Run `batch` in its own short write transaction until it finds nothing more.

    `batch_size` None: the first batch has DEFAULT_BATCH messages, later ones are sized by
    the lock time of the one before (`next_batch_size`). A batch that PostgreSQL rolls back
    to break a deadlock is run again whole (`retried`); its counts join `tally` only once
    it has committed, so a retried batch is counted once.

    SQLite: a batch's commit does not copy the log into the file (`wal_autocheckpoint`
    off on its connection); a PASSIVE checkpoint does it after the timing, during the pause
    that lets others write. Left to the commit, that copy (and its syncs) ran after the
    lock was released yet inside the commit's time, so it counted as lock time and kept
    batches smaller than LOCK_TARGET_SECONDS allows (measured: 25-30 µs of about 150 µs
    of CPU per message); smaller batches rewrite the same index pages more often.
    """
    size = max(1, batch_size or DEFAULT_BATCH)
    touched: dict[int, Any] = {}  # the connections whose autocheckpoint was turned off

    def one() -> int:
        done = Tally()  # this attempt's counts; the run's only after the commit
        with store.write(durable=False) as session:
            conn = session.connection()
            if store.sqlite:
                raw: Any = conn.connection.dbapi_connection
                if id(raw) not in touched:
                    before = raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
                    touched[id(raw)] = (raw, int(before))
                raw.execute("PRAGMA wal_autocheckpoint=0")
            found = batch(conn, size, done)
        tally.add(done)
        return found

    try:
        while True:
            started = perf_counter()
            found = retried(lambda: tally.timed(one))
            held = perf_counter() - started
            if on_progress is not None:
                on_progress(*progress())
            if found < size:
                break
            if batch_size is None:
                size = next_batch_size(size, held)
            copied = perf_counter()
            if store.sqlite:
                copy_log_into_file(store)
            let_others_write(store, yield_seconds - (perf_counter() - copied))
    finally:
        for raw, pages in touched.values():
            restore_autocheckpoint(raw, pages)
    if store.sqlite:
        copy_log_into_file(store)


def retried(work: Callable[[], T]) -> T:
    """Run one write transaction, again (up to UNIT_ATTEMPTS in all) if PostgreSQL chose it
    to break a deadlock or a serialization conflict (`worth_retrying`), as
    `ServiceBase._unit` does.

    The server rolled the transaction back whole, so running it again is safe as long as
    it counts nothing outside itself before it commits: a batch counts into its own tally
    and adds that to the run's after its commit. A batch and a send both update the
    per-folder counters (`folder_tally`, kept by triggers) in whatever order their rows come.
    """
    for attempt in range(1, UNIT_ATTEMPTS + 1):
        try:
            return work()
        except Exception as exc:
            if attempt == UNIT_ATTEMPTS or not worth_retrying(exc):
                raise
            time.sleep(random.uniform(0.01, 0.05) * attempt)
    raise AssertionError("unreachable: the last attempt returns or raises")


def copy_log_into_file(store: Store) -> None:
    """A PASSIVE checkpoint: copies the write-ahead log into the file (and syncs it)
    without taking the write lock, so writers go on meanwhile."""
    raw = store.engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    finally:
        raw.close()


def let_others_write(store: Store, seconds: float) -> None:
    """SQLite: pause between two of the purge's write transactions (see YIELD_SECONDS)."""
    if store.sqlite and seconds > 0.001:
        time.sleep(seconds)

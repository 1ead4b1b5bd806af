"""What follows a purge's deleting batches on SQLite (R17): the purged words out of the
full-text index and the write-ahead log, so they are gone from the database files when the
command returns. Split from `purge.py` (the use case).

`secure_delete` already overwrites deleted rows in the database pages. What is left:
- the FTS5 index (before SQLite 3.42's secure-delete) keeps a deleted message's words in
  its segments, plus a delete marker, until a merge brings them together
  (`merge_search_index`);
- the `-wal` file keeps old page images until it is checkpointed and truncated
  (`copy_log_into_file` in `purge_batches`, then `checkpoint`).
PostgreSQL removes dead rows and index entries at its next (auto)vacuum; none of this runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from time import perf_counter

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import col

from fblmail.service.duty.purge_batches import let_others_write, next_batch_size
from fblmail.service.duty.purge_plan import Tally
from fblmail.store.engine import SQLITE_BUSY_TIMEOUT_MS, Store
from fblmail.store.tables import PurgeRun

FTS_MERGE_PAGES = 64  # pages of index written by the first merge step; later ones adapt
MIN_MERGE_PAGES, MAX_MERGE_PAGES = 64, 16_384
# A TRUNCATE checkpoint holds the write lock while it waits (through the busy handler) for
# readers on an old snapshot, twice at worst, and then syncs the file: one try with 100 ms
# made another writer wait 427 ms. Short tries, each after a PASSIVE copy that takes no
# lock, keep that wait to a few tens of milliseconds; the pauses between them let writers in.
CHECKPOINT_BUSY_MS = 20
CHECKPOINT_TRIES = 100
CHECKPOINT_PAUSE_S = 0.05


def cleanup_pending(store: Store, *, except_run: int | None = None) -> bool:
    """SQLite: an earlier purge stopped before its end, so its deleted words may still be
    in the full-text index; any purge run (even of nothing) finishes that clean-up."""
    if not store.sqlite:
        return False
    with store.read() as session:
        found = (
            session.connection()
            .execute(
                sa_select(func.count())
                .select_from(PurgeRun)
                .where(
                    col(PurgeRun.finished_at).is_(None),
                    col(PurgeRun.outcome).is_(None),
                    col(PurgeRun.id) != (except_run or 0),
                )
            )
            .scalar_one()
        )
    return bool(found)


def merge_search_index(
    store: Store, tally: Tally, step_budget: int | None, yield_seconds: float
) -> str:
    """Merge the FTS5 index until the purged words are gone from it; how it was done.

    An incremental optimize (`'merge', -N`) merges N pages per short transaction. A message
    stored meanwhile adds a small segment, so a step never reports "nothing left" on a busy
    store; a step that wrote much less than its allowance is taken as done instead (the
    raw-file test checks it with messages arriving between steps). Should the steps still
    run past three passes over the index (or `step_budget` steps), one `optimize` finishes
    the job in a single transaction, because the words must go. Steps are sized by lock
    time like batches.
    """
    pages = FTS_MERGE_PAGES

    def step() -> int:
        with store.write(durable=False) as session:
            conn = session.connection()
            before = int(conn.exec_driver_sql("SELECT total_changes()").scalar_one())
            conn.exec_driver_sql(
                f"INSERT INTO message_fts(message_fts, rank) VALUES('merge', {-pages})"
            )
            return int(conn.exec_driver_sql("SELECT total_changes()").scalar_one()) - before

    def optimize() -> None:
        with store.write() as session:
            session.connection().exec_driver_sql(
                "INSERT INTO message_fts(message_fts) VALUES('optimize')"
            )

    with store.read() as session:
        index_pages = int(
            session.connection()
            .exec_driver_sql("SELECT count(*) FROM message_fts_data")
            .scalar_one()
        )
    page_budget = 3 * index_pages + 50 * FTS_MERGE_PAGES  # three passes over the index
    steps = 0
    while page_budget > 0 and (step_budget is None or steps < step_budget):
        started = perf_counter()
        # A step that merges pages changes about ten rows per page written. One that
        # changes fewer rows than its page allowance ran out of work: it finished the
        # merge of every segment there was, purged words included, and what it did
        # last was fold in the small segments that other users' messages added since.
        if tally.timed(step) < max(2, pages):
            return "merged"
        steps += 1
        page_budget -= pages
        pages = next_batch_size(pages, perf_counter() - started, MIN_MERGE_PAGES, MAX_MERGE_PAGES)
        let_others_write(store, yield_seconds)
    tally.timed(optimize)
    return "optimized"


def checkpoint(store: Store, timed: Callable[[Callable[[], int]], int]) -> bool:
    """Copy the WAL into the database and truncate it; False if it stayed busy.

    A truncating checkpoint needs a moment with no reader on an old snapshot; on a busy
    store it is tried up to CHECKPOINT_TRIES times, each try after a PASSIVE copy of what
    was written since (no lock) and waiting at most CHECKPOINT_BUSY_MS, then left to the
    next purge. `timed` times each try as one write transaction: a try holds the lock.
    """
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"PRAGMA busy_timeout={CHECKPOINT_BUSY_MS}")
        try:
            for attempt in range(CHECKPOINT_TRIES):
                if attempt:
                    time.sleep(CHECKPOINT_PAUSE_S)
                    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                busy = timed(
                    lambda: int(cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0])
                )
                if busy == 0:
                    return True
            return False
        finally:
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.close()
    finally:
        raw.close()

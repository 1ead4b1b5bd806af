"""The purge's batches on SQLite: the log is copied into the file between batches, not by
each batch's commit, and every connection gets its own copying back afterwards."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from fblmail.store.engine import Store, make_engine
from kit.people import KARLSTAD, FakeClock, populate

POOL_SIZE = 4  # store/engine.py: the connections an SQLite engine's pool keeps


def autocheckpoints(engine: Engine) -> set[int]:
    """`wal_autocheckpoint` of every connection the pool keeps (all checked out at once)."""
    with ExitStack() as stack:
        conns = [stack.enter_context(engine.connect()) for _ in range(POOL_SIZE)]
        return {int(c.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one()) for c in conns}


def test_batches_leave_the_log_copying_as_it_was(sqlite_store_url: str) -> None:
    engine = make_engine(sqlite_store_url)
    world = populate(Store(engine), FakeClock())
    for n in range(6):
        world.send("anna.ssk", subject=f"Fråga {n}")
    during: list[set[int]] = []

    def look(_done: int, _total: int) -> None:
        during.append(autocheckpoints(engine))  # the batch's connection is back in the pool

    result = world.as_("anna.ssk").purge.purge(
        KARLSTAD, folder="sent", batch_size=2, on_progress=look
    )
    assert result.removed_items == 6
    assert all(0 in pages for pages in during)  # a batch's connection copies nothing itself
    assert autocheckpoints(engine) == {1000}  # afterwards every connection copies again
    # What the batches wrote is in the file, not only in the log.
    wal = Path(f"{make_url(sqlite_store_url).database}-wal")
    with engine.connect() as conn:
        busy, log, copied = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
    assert busy == 0 and log == copied, (log, copied, wal.stat().st_size)
    engine.dispose()

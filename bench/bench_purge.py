"""Benchmark the one-year deletion (R17): total time and the longest write lock it holds.

    python bench/bench_purge.py --messages 100000
    python bench/bench_purge.py --messages 1000000 --from-store bench/out/tui-1000000.db

Builds an SQLite store whose messages are all older than a year (`bench/generate.py`,
`age_days=(366, 730)`, or `--age-days 0 366` for a year-old store where one night's worth
expires, as the daily timer sees it; the generator writes a question and, for most, a
reply, so N questions give about 1.9 N message rows), then runs `purge --expired` through
the service layer (`Purger.expired`, the same code the command runs) and reports:

- the total time and what was deleted;
- every write transaction the purge held (start, each batch, each full-text merge step,
  end, each try of the final checkpoint), timed inside the service through its `on_batch`
  hook: on SQLite the write lock is taken by `BEGIN IMMEDIATE` and held until commit, so
  this is the lock time
  (an upper bound: it includes any wait for the lock);
- a concurrent writer in another process that sends a message through the service layer
  every 50 ms during the purge, and the worst time one send took (waiting for the lock
  included): what another user would notice.

`--from-store PATH` copies an existing generated store instead of generating one and runs the
purge with the clock moved 800 days ahead, so every message in it counts as expired (useful
for 1M, whose generation alone takes minutes). Nothing in `bench/out` is modified.

`--stop-after SECONDS` stops the purge after the first batch that ends past that time (the
run is left unfinished, in the bench's copy only) and reports the batches done so far: the
throughput and locks of a 1M purge without waiting the whole of it.

`--ids v7` generates the store with time-ordered thread and message ids (UUID v7 following
`sent_at`, `generate.py --ids v7`) instead of random ones, for the ordered-key experiment.

`--postgres` runs the same on a PostgreSQL server of its own (the `pgserver` wheel, default
settings, fsync on), generated afresh; the write locks timed there are the transactions'
lengths (PostgreSQL locks rows, not the database).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text

from fblmail.service import Messenger, Outgoing
from fblmail.service.duty.purge import LOCK_TARGET_SECONDS
from fblmail.store.engine import Store, make_engine

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

WRITER_INTERVAL = 0.05


def _clock(offset: timedelta) -> Callable[[], datetime]:
    return lambda: datetime.now(UTC) + offset


def _count(store: Store, table: str) -> int:
    with store.read() as session:
        return int(session.connection().execute(text(f"SELECT count(*) FROM {table}")).scalar_one())  # noqa: S608


def _writer(url: str, offset_s: float, stop: Any, results: Any) -> None:
    """Another user sending messages while the purge runs; reports each send's duration."""
    engine = make_engine(url)
    messenger = Messenger(Store(engine), "anna.ssk", _clock(timedelta(seconds=offset_s)))
    durations: list[float] = []
    n = 0
    while not stop.is_set():
        n += 1
        started = time.perf_counter()
        messenger.messaging.send(
            Outgoing(
                from_fbl="karlstad",
                to_fbl="vc-herrhagen",
                category="Frågeställning",
                patient="19121212-1212",
                subject=f"Samtidig fråga {n}",
                body="Skickad medan den automatiska raderingen körs.",
                no_coordination_case=True,
                not_acute=True,  # "112" in a running number reads as acute (R9)
            )
        )
        durations.append(time.perf_counter() - started)
        time.sleep(WRITER_INTERVAL)
    engine.dispose()
    results.put(durations)


def _postgres(messages: int, age_days: tuple[float, float], ids: str) -> tuple[Any, str]:
    """A PostgreSQL server of its own with a generated database; (server, url)."""
    import os

    import pgserver
    from sqlalchemy.engine import make_url

    from generate import generate_store  # bench/generate.py

    datadir = Path("/tmp") / f"fblmail-bench-purge-pg-{os.getpid()}"
    shutil.rmtree(datadir, ignore_errors=True)
    server = pgserver.get_server(datadir, cleanup_mode="delete")
    server.psql("CREATE DATABASE purgebench;")
    url = make_url(server.get_uri()).set(database="purgebench").render_as_string(False)
    print(f"generating {messages:,} expired questions on PostgreSQL ...", flush=True)
    made = generate_store(url, messages, age_days=age_days, seed=4, ids=ids)
    print(f"  generated {made.total_rows:,} rows in {made.insert_seconds:.1f} s", flush=True)
    return server, url


def _prepare(args: argparse.Namespace, path: Path) -> timedelta:
    """Create the store at `path`; return how far ahead the purge's clock must run."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if args.from_store:
        source = Path(args.from_store)
        print(f"copying {source} ({source.stat().st_size / 1e9:.2f} GB) ...", flush=True)
        shutil.copyfile(source, path)
        return timedelta(days=800)
    from generate import generate_store  # bench/generate.py

    print(f"generating {args.messages:,} expired questions (with replies) ...", flush=True)
    young, old = args.age_days
    made = generate_store(
        f"sqlite:///{path}", args.messages, age_days=(young, old), seed=4, ids=args.ids
    )
    print(f"  generated {made.total_rows:,} rows in {made.insert_seconds:.1f} s", flush=True)
    return timedelta(0)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class _Stopped(Exception):
    """--stop-after: the time is up."""


def _report_partial(progress: list[int], locks: list[float], total: float, pause: float) -> None:
    deleting = locks[1 : 1 + len(progress)]
    done = progress[-1] if progress else 0
    print()
    print(f"stopped after {total:.1f} s: {done:,} messages deleted in {len(progress)} batches")
    print(
        f"  throughput of the batches:  {done / total:,.0f} messages/s "
        f"(pause {pause * 1000:.0f} ms)"
    )
    print(
        f"  batch locks: longest {max(deleting, default=0) * 1000:.1f} ms, p99 "
        f"{_pct(deleting, 0.99) * 1000:.1f} ms, median "
        f"{statistics.median(deleting or [0]) * 1000:.1f} ms; "
        f"{done / max(len(progress), 1):,.0f} messages each"
    )


def _report_cpu(messages: int, cpu: float) -> None:
    # On a shared machine the wall time mostly measures the other work; the purge's own CPU
    # time (this process, the SQLite work included) compares runs made under different loads.
    print(
        f"  CPU time of the purge:     {cpu:8.1f} s "
        f"({messages / max(cpu, 1e-9):,.0f} messages per CPU second)"
    )


def _report_writer(sends: list[float]) -> None:
    if sends:
        print(
            f"  concurrent writer: {len(sends)} sends, worst {max(sends) * 1000:.1f} ms, "
            f"p99 {_pct(sends, 0.99) * 1000:.1f} ms, median "
            f"{statistics.median(sends) * 1000:.1f} ms"
        )


def main(argv: list[str] | None = None) -> None:
    """Build, purge, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000, help="questions to generate")
    parser.add_argument("--from-store", help="copy this generated store instead")
    parser.add_argument(
        "--age-days",
        nargs=2,
        type=float,
        default=(366, 730),
        metavar=("MIN", "MAX"),
        help="ages of the generated questions (default all expired; 0 366: a nightly run)",
    )
    parser.add_argument("--dir", default="/tmp", help="where the bench store is written")
    parser.add_argument(
        "--batch", type=int, help="messages per transaction (default: sized by lock time)"
    )
    parser.add_argument(
        "--pause", type=float, help="seconds between batches (default: the service's)"
    )
    parser.add_argument("--no-writer", action="store_true", help="no concurrent writer")
    parser.add_argument(
        "--stop-after", type=float, help="stop after this many seconds of batches (partial)"
    )
    parser.add_argument(
        "--postgres", action="store_true", help="on a PostgreSQL server of its own (pgserver)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the store afterwards")
    parser.add_argument(
        "--ids",
        choices=("v4", "v7"),
        default="v4",
        help="thread and message ids of a generated store: random (v4) or time-ordered (v7)",
    )
    args = parser.parse_args(argv)

    label = (
        Path(args.from_store).stem if args.from_store else f"{args.messages}-{args.age_days[0]:g}"
    )
    path = Path(args.dir) / f"fblmail-bench-purge-{label}.db"
    server = None
    if args.postgres:
        server, url = _postgres(args.messages, tuple(args.age_days), args.ids)
        offset = timedelta(0)
    else:
        offset = _prepare(args, path)
        url = f"sqlite:///{path}"
    engine = make_engine(url)
    store = Store(engine)
    before = {t: _count(store, t) for t in ("message", "mailbox_item", "thread")}
    with store.read() as session:
        expired = int(
            session.connection()
            .execute(
                text("SELECT count(*) FROM message WHERE sent_at < :cutoff"),
                {
                    "cutoff": (datetime.now(UTC) + offset - timedelta(days=365)).strftime(
                        "%Y-%m-%d %H:%M:%S"
                    )
                },
            )
            .scalar_one()
        )
    size_before = path.stat().st_size if server is None else 0
    print(f"store: {before} ({size_before / 1e6:.0f} MB)", flush=True)

    ctx = mp.get_context("spawn")
    stop, results = ctx.Event(), ctx.Queue()
    writer = None
    if not args.no_writer:
        writer = ctx.Process(target=_writer, args=(url, offset.total_seconds(), stop, results))
        writer.start()
        time.sleep(2.0)  # let it import and send a few before the purge starts

    locks: list[float] = []
    cpu_started = time.process_time()
    started = time.perf_counter()
    purger = Messenger(store, "sara.support", _clock(offset)).purge
    if args.pause is not None:
        purger.yield_seconds = args.pause
    progress: list[int] = []  # one entry per deleting batch

    def noted(done: int, _total: int) -> None:
        progress.append(done)
        if args.stop_after is not None and time.perf_counter() - started > args.stop_after:
            raise _Stopped

    stopped = False
    try:
        result = purger.expired(batch_size=args.batch, on_batch=locks.append, on_progress=noted)
    except _Stopped:
        stopped = True
    total = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    if stopped:
        _report_partial(progress, locks, total, purger.yield_seconds)
        _report_cpu(progress[-1] if progress else 0, cpu)
        stop.set()
        if writer is not None:
            _report_writer(results.get(timeout=60))
            writer.join(timeout=60)
        engine.dispose()
        if server is not None:
            server.cleanup()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return

    sends: list[float] = []
    if writer is not None:
        stop.set()
        sends = results.get(timeout=60)
        writer.join(timeout=60)
    after = {t: _count(store, t) for t in ("message", "mailbox_item", "thread")}
    engine.dispose()
    size_after = path.stat().st_size if server is None else 0

    print()
    print(
        f"purge --expired of {result.deleted_messages:,} messages "
        f"({result.removed_items:,} mailbox items, {result.deleted_threads:,} threads)"
    )
    print(
        f"  total time:                {total:8.1f} s "
        f"({result.deleted_messages / total:,.0f} messages/s)"
    )
    _report_cpu(result.deleted_messages, cpu)
    print(
        f"  write transactions:        {result.transactions:8d} "
        f"(batch {args.batch or 'by time'}, pause "
        f"{purger.yield_seconds * 1000:.0f} ms between them)"
    )
    batches = len(progress)
    # After the batches: the drafts, the full-text merge steps, the end and each try of the
    # final checkpoint (SQLite), each timed as the write lock it holds.
    deleting, after_batches = locks[1 : 1 + batches], locks[1 + batches :]
    print(f"  longest write lock held:   {max(locks) * 1000:8.1f} ms")
    print(
        f"    of which deleting batches: {len(deleting)}, longest "
        f"{max(deleting, default=0) * 1000:.1f} ms (target {LOCK_TARGET_SECONDS * 1000:.0f}), "
        f"p99 {_pct(deleting, 0.99) * 1000:.1f} ms; {expired / max(batches, 1):,.0f} messages "
        f"each; start {locks[0] * 1000:.1f} ms; after the batches (drafts, merge steps, end, "
        f"checkpoint tries): {len(after_batches)}, longest "
        f"{max(after_batches, default=0) * 1000:.1f} ms"
    )
    print(
        f"  p99 / median lock held:    {_pct(locks, 0.99) * 1000:8.1f} / "
        f"{statistics.median(locks) * 1000:.1f} ms"
    )
    print(
        f"  checkpointed (WAL truncated): {result.checkpointed}; "
        f"full-text index: {result.search_index}"
    )
    _report_writer(sends)
    print(
        f"  left: {after}; file {size_before / 1e6:.0f} MB -> {size_after / 1e6:.0f} MB "
        "(freed pages are reused, not returned)"
        if server is None
        else f"  left: {after}"
    )
    if server is not None:
        server.cleanup()
    elif not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()

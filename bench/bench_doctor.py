"""Benchmark the store's health checks: `fblmail doctor` and the cheap part `check` runs.

    python bench/bench_doctor.py --messages 100000
    python bench/bench_doctor.py --from-store bench/out/tui-1000000.db

Builds (or copies) an SQLite store with `bench/generate.py`, then times, each `--repeat`
times with a warm page cache:

- `diagnose(full=True)`: what `fblmail doctor` runs (quick_check, FTS5 integrity-check,
  the newest 200 access-log rows, modes, disk);
- `diagnose(full=False, tail=50)`: what `fblmail check` runs before every check;
- `Store.refuse_if_damaged()`: the per-write cost of honouring the damage marker (a stat).

Nothing in `bench/out` is modified.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fblmail.store.doctor import diagnose
from fblmail.store.engine import Store, make_engine

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _timed(work: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> None:
    """Build or copy a store and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--from-store", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="fbl-doctor-"))
    path = work / "store.db"
    url = f"sqlite:///{path}"
    if args.from_store is not None:
        shutil.copyfile(args.from_store, path)
    else:
        from generate import generate

        generate(url, args.messages, seed=1, age_days=(0, 60))
    path.chmod(0o600)
    engine = make_engine(url, create=False)
    store = Store(engine)
    size = path.stat().st_size / 2**20
    full = _timed(lambda: diagnose(engine), args.repeat)
    cheap = _timed(lambda: diagnose(engine, full=False, tail=50), args.repeat)
    marker = _timed(lambda: [store.refuse_if_damaged() for _ in range(1000)], args.repeat)
    report = diagnose(engine)
    engine.dispose()
    shutil.rmtree(work)
    print(f"store: {size:.0f} MiB, healthy: {report.healthy}")
    print(f"doctor (full):        median {statistics.median(full):.3f} s, max {max(full):.3f} s")
    print(f"check's part (cheap): median {statistics.median(cheap):.3f} s, max {max(cheap):.3f} s")
    print(f"damage marker per write: {statistics.median(marker) * 1e6 / 1000:.1f} µs")


if __name__ == "__main__":
    main()

"""Benchmark the Textual app on mailboxes of 1k, 100k and 1M messages.

    python bench/bench_tui.py                         # all sizes (stores cached in bench/out)
    python bench/bench_tui.py --sizes 1000 100000     # some sizes
    python bench/bench_tui.py --prepare               # only build the stores

Reports, per size:

* first paint: time from process start to the first painted inbox rows, for a real
  `python -m fblmail --db ... --user ...` on a pseudo-terminal (120×40). The app writes the
  monotonic time of its first painted rows to the file named by FBLMAIL_BENCH_FIRST_PAINT
  (see `fblmail.tui.widgets.message_list`); CLOCK_MONOTONIC is shared by both processes,
  so the difference from the moment before `Popen` is the whole start-up. Median of runs.
* peak RSS of that process (VmHWM), after it has also loaded the service layer and run
  for a while;
* CPU per key press while scrolling: `time.process_time()` deltas around Pilot key presses
  in a headless app in this process (all threads: the app's workers and database reads
  included), averaged over N presses of `j` and of `pagedown`; also `j` with pauses long
  enough for the reading pane to follow the cursor on every row;
* jump to the end (`G`): wall and CPU time until the last row is loaded under the cursor
  (painted by the next frame), first jump and median of five;
* search, newest 50 hits: in the service (`Inbox.search`, median) and through the UI (from
  what Enter in the search field runs until the hits are in the list);
* live update: a message committed by another connection until the list shows it.

Targets (issue 3): first paint ≤ 0.5 s at 100k and ≤ 0.8 s at 1M, ≤ 10 ms CPU per key,
search ≤ 20 ms at 1M, RSS ≤ 80 MB at 1M. Results also go to bench/out/bench_tui.json.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import importlib.util
import json
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
SIZES = (1_000, 100_000, 1_000_000)
USER = "bench.reader"
TERMINAL = (120, 40)
STORE_TAG = "v4"  # bump when the schema or the generator changes: stores are rebuilt


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def store_path(size: int) -> Path:
    """The cached store of `size` messages (built on first use)."""
    path = OUT / f"tui-{STORE_TAG}-{size}.db"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        building = path.with_suffix(".building.db")
        for stale in OUT.glob(building.name + "*"):
            stale.unlink()
        began = time.perf_counter()
        print(f"building {path.name} ({size:,} messages)…", file=sys.stderr, flush=True)
        _generator().generate(f"sqlite:///{building}", size, seed=1)
        _checkpoint(building)
        building.rename(path)
        print(f"  built in {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    return path


def _checkpoint(path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


# -- first paint and RSS: a real process on a pseudo-terminal ------------------------------


def _drain(fd: int, seconds: float, until: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if until():
            return True
        ready, _, _ = select.select([fd], [], [], 0.01)
        if ready:
            try:
                if not os.read(fd, 65536):
                    return until()
            except OSError:
                return until()
    return until()


def first_paint(url: str, settle: float = 2.5) -> tuple[float, int]:
    """(seconds from spawn to first painted rows, peak RSS in bytes) of one real start."""
    with tempfile.TemporaryDirectory() as tmp:
        stamp = Path(tmp) / "paint"
        env = {
            **os.environ,
            "FBLMAIL_BENCH_FIRST_PAINT": str(stamp),
            "FBLMAIL_CONFIG": str(Path(tmp) / "none.toml"),
            "TERM": "xterm-256color",
        }
        main, child = pty.openpty()
        cols, rows = TERMINAL
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "fblmail", "--db", url, "--user", USER],
            stdin=child, stdout=child, stderr=child, env=env, close_fds=True,
            start_new_session=True,
        )  # fmt: skip
        os.close(child)
        reaped: list[Any] = []

        def exited() -> bool:
            # wait4 reaps the child without blocking (Popen.poll would race with the pty).
            if not reaped:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    reaped.append(usage)
                    proc.returncode = os.waitstatus_to_exitcode(status)
            return bool(reaped)

        try:
            if not _drain(main, 30, lambda: stamp.exists() and stamp.read_text().strip() != ""):
                raise RuntimeError("the app did not paint its first rows within 30 s")
            painted = float(stamp.read_text().split()[0])
            _drain(main, settle, lambda: False)  # let it load the service layer and idle
            peak = _high_water_mark(proc.pid)
            os.write(main, b"q")
            _drain(main, 10, exited)
            deadline = time.monotonic() + 10
            while not exited() and time.monotonic() < deadline:  # the pty may close first
                time.sleep(0.01)
        finally:
            if not exited():
                proc.kill()
                _pid, _status, killed = os.wait4(proc.pid, 0)
                reaped.append(killed)
            os.close(main)
    return painted - started, peak


def _high_water_mark(pid: int) -> int:
    """The process's peak resident set (VmHWM) in bytes.

    Not `ru_maxrss` from wait4: a child started with vfork (as subprocess does) runs in
    the parent's memory until exec, and Linux carries that high-water mark over, so a
    parent that has just run the in-process measurements would inflate it.
    """
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc")


# -- in-process measurements (headless) ---------------------------------------------------


async def _in_app(url: str, keys: int) -> dict[str, float]:
    sys.path.insert(0, str(BENCH.parent / "tests"))
    from fblmail.service.mailboxes.inbox import InboxRow
    from fblmail.settings import Settings
    from fblmail.tui.app import FblApp
    from fblmail.tui.inbox.screen import InboxScreen
    from kit.tui import ready, settled, the_list  # type: ignore[import-not-found]

    results: dict[str, float] = {}
    app = FblApp(Settings(database_url=url, user=USER))
    async with app.run_test(size=TERMINAL) as pilot:
        await ready(pilot)
        widget = the_list(app)

        async def per_key(key: str, pause: float = 0.0) -> float:
            await pilot.press(key)
            await settled(pilot)
            cpu = 0.0
            for _ in range(keys):
                began = time.process_time()
                await pilot.press(key)
                cpu += time.process_time() - began
                if pause:
                    await asyncio.sleep(pause)
            await settled(pilot)
            return cpu / keys * 1000

        results["cpu_ms_per_j"] = await per_key("j")
        results["cpu_ms_per_pagedown"] = await per_key("pagedown")
        results["cpu_ms_per_j_pane_following"] = await per_key("k", pause=0.15)

        async def ready_on_screen(done: Callable[[], bool]) -> None:
            # Until the rows are loaded under the cursor; the next frame (≤ 17 ms at 60 fps)
            # paints them, which is not waited for (an idle screen schedules no frame to wait on).
            while not done():
                await asyncio.sleep(0.0005)

        def at(index: int) -> Callable[[], bool]:
            return lambda: widget.cursor == index and isinstance(widget.current, InboxRow)

        # The actions the keys run (`G`, Enter in the search field), timed without the
        # Pilot's own waits between key presses (which add ~60 ms of idling per press).
        jumps: list[tuple[float, float]] = []
        for _ in range(5):
            wall, cpu = time.perf_counter(), time.process_time()
            widget.action_last()
            await ready_on_screen(at(widget.total - 1))
            jumps.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
            widget.action_first()
            await ready_on_screen(at(0))
        results["jump_end_first_ms"] = jumps[0][0]
        results["jump_end_ms"] = statistics.median(j[0] for j in jumps)
        results["jump_end_cpu_ms"] = statistics.median(j[1] for j in jumps)

        screen = app.screen
        assert isinstance(screen, InboxScreen)
        runs = []
        for text in ("läkemedelslistan", "waran dosering", "läkemedelslistan"):
            wall = time.perf_counter()
            screen.search(text)
            await ready_on_screen(
                lambda: screen.place.mode == "search" and isinstance(widget.current, InboxRow)
            )
            runs.append((time.perf_counter() - wall) * 1000)
            await pilot.press("escape")
            await settled(pilot)
        results["search_ui_ms"] = statistics.median(runs)

        results["live_update_ms"] = await _live_update(url, widget, pilot)
    return results


async def _live_update(url: str, widget: Any, pilot: Any) -> float:
    """Another user sends to the mailbox (its own connection); until the list shows it."""
    from fblmail.bootstrap import open_store
    from fblmail.service import Messenger, Outgoing
    from fblmail.settings import Settings

    store = open_store(Settings(database_url=url, user=USER))
    with store.read() as session:
        login, sender = (
            session.connection()
            .exec_driver_sql(
                "SELECT a.login, mb.address FROM account a "
                "JOIN membership ms ON ms.account_id = a.id "
                "JOIN mailbox mb ON mb.id = ms.mailbox_id WHERE a.login LIKE 'ssk.%' LIMIT 1"
            )
            .one()
        )
    target = _generator().DEFAULT_MAILBOX
    before = widget.total
    sent = Messenger(store, login).messaging.send(
        Outgoing(sender, target, "Frågeställning", "19121212-1212", "Bench: ny fråga",
                 "Stämmer läkemedelslistan?", no_coordination_case=True)
    )  # fmt: skip
    began = time.perf_counter()
    while widget.total != before + 1:
        await asyncio.sleep(0.002)
    elapsed = (time.perf_counter() - began) * 1000
    store.engine.dispose()
    _remove_message(url, sent.id, sent.thread_id)  # leave the cached store as it was built
    return elapsed


def _remove_message(url: str, message_id: str, thread_id: str) -> None:
    """Delete the bench's own message again (its items and search entry go with it)."""
    import sqlite3

    conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None, timeout=30)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DELETE FROM message WHERE id = ?", (message_id,))
    conn.execute("DELETE FROM thread WHERE id = ?", (thread_id,))
    conn.execute("COMMIT")
    conn.close()


def service_search(url: str) -> dict[str, float]:
    """`Inbox.search` (newest 50 hits), median of 20 runs per query."""
    import sqlite3

    from fblmail.service.mailboxes.inbox import Inbox

    inbox = Inbox.open(url, USER)
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    patient = conn.execute("SELECT patient FROM message ORDER BY seq DESC LIMIT 1").fetchone()[0]
    conn.close()
    pnr = f"{patient[:8]}-{patient[8:]}"
    queries = {
        "word": "läkemedelslistan",
        "two words": "waran dosering",
        "patient": pnr,
        "prefix": "dos*",
        "no hit": "zyxwvu",
    }
    results = {}
    for label, text in queries.items():
        runs = []
        for _ in range(20):
            began = time.perf_counter()
            hits = inbox.search(text)
            runs.append((time.perf_counter() - began) * 1000)
        results[f"search_ms[{label}]"] = statistics.median(runs)
        results[f"search_hits[{label}]"] = len(hits)
    inbox.close()
    return results


def service_lists(url: str) -> dict[str, float]:
    """The list's own queries: first window, COUNT, last window (median of 10)."""
    from fblmail.service.mailboxes.inbox import Inbox, ListQuery

    inbox = Inbox.open(url, USER)
    box = next(b.id for b in inbox.mailboxes() if b.kind == "fbl")
    query = ListQuery(box)
    results = {}
    for label, call in (
        ("first_200_ms", lambda: inbox.first(query, 200)),
        ("count_ms", lambda: inbox.count(query)),
        ("last_200_ms", lambda: inbox.last(query, 200)),
        ("mailboxes_ms", inbox.mailboxes),
    ):
        runs = []
        for _ in range(10):
            began = time.perf_counter()
            call()
            runs.append((time.perf_counter() - began) * 1000)
        results[label] = statistics.median(runs)
    results["rows"] = inbox.count(query)
    inbox.close()
    return results


def startup_imports() -> dict[str, float]:
    """`python -X importtime -m fblmail --help` and the first screen's own imports."""

    def total_us(args: list[str]) -> tuple[float, float]:
        began = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-X", "importtime", *args], capture_output=True, text=True, check=True
        )
        wall = time.perf_counter() - began
        cumulative = 0
        for line in run.stderr.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and not parts[2].startswith(" " * 2) and parts[1].strip().isdigit():
                cumulative += int(parts[1])
        return cumulative / 1000, wall * 1000

    help_imports, help_wall = total_us(["-m", "fblmail", "--help"])
    app_imports, app_wall = total_us(
        ["-c", "import fblmail.cli.main, fblmail.tui.app, fblmail.tui.inbox.screen"]
    )
    return {
        "help_imports_ms": help_imports,
        "help_wall_ms": help_wall,
        "first_screen_imports_ms": app_imports,
        "first_screen_wall_ms": app_wall,
    }


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--keys", type=int, default=200, help="key presses per measurement")
    parser.add_argument("--runs", type=int, default=5, help="process starts per size")
    parser.add_argument("--prepare", action="store_true", help="only build the stores")
    args = parser.parse_args(argv)
    paths = {size: store_path(size) for size in args.sizes}
    if args.prepare:
        return
    report: dict[str, Any] = {"startup": startup_imports(), "sizes": {}}
    for size, path in paths.items():
        url = f"sqlite:///{path}"
        paints, rss = [], []
        for _ in range(args.runs):
            seconds, peak = first_paint(url)
            paints.append(seconds)
            rss.append(peak)
        row: dict[str, float] = {
            "first_paint_s_median": statistics.median(paints),
            "first_paint_s_min": min(paints),
            "peak_rss_mb_median": statistics.median(rss) / 2**20,
            "peak_rss_mb_max": max(rss) / 2**20,
        }
        row.update(service_lists(url))
        row.update(service_search(url))
        row.update(asyncio.run(_in_app(url, args.keys)))
        report["sizes"][str(size)] = row
        print(f"== {size:,} messages", flush=True)
        for key, value in row.items():
            print(f"  {key:34s} {value:10.2f}", flush=True)
    print("== start-up")
    for key, value in report["startup"].items():
        print(f"  {key:34s} {value:10.1f}")
    OUT.mkdir(exist_ok=True)
    (OUT / "bench_tui.json").write_text(json.dumps(report, indent=2), "utf-8")


if __name__ == "__main__":
    main()

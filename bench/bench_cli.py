"""Benchmark the command line on stores of 1k, 100k and 1M messages (issue 10).

    python bench/bench_cli.py                         # all sizes (stores shared with bench_tui)
    python bench/bench_cli.py --sizes 1000 100000     # some sizes
    python bench/bench_cli.py --runs 3                # fewer runs per command

Every figure is the wall time of a whole `python -m fblmail ...` process (start-up, import,
schema check, the work, exit), median of `--runs` runs, as the duty nurse or a cron job pays
it. The stores are the cached ones of `bench_tui.py` (built on first use by `generate.py`):
one FBL (Karlstad kommun's) whose inbox holds all the messages, read as `bench.reader`.

`send` adds one message per run to the cached store; a few extra messages do not change
the other figures. Commands the program does not have yet are reported as `n/a`.

Goals (issue 10, 1M store): list/show/search ≤ 0.3 s, check for one FBL ≤ 0.4 s, send
≤ 0.5 s, and each at most 1.3× its 1k figure. Results also go to bench/out/bench_cli.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
SIZES = (1_000, 100_000, 1_000_000)
USER = "bench.reader"
MAILBOX = "karlstad"
GROWTH_GOAL = 1.3


def _bench_tui() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_tui", BENCH / "bench_tui.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Command:
    """One command line to time, with its goal at 1M (seconds; None: no goal)."""

    name: str
    args: Callable[[str], list[str]]  # message id -> arguments after the global options
    goal: float | None


def _send_args(_message_id: str) -> list[str]:
    return [
        "send", "--from", MAILBOX, "--to", "vc-herrhagen", "--category", "Recept",
        "--patient", "19121212-1212", "--subject", "Förnyelse av recept (bench)",
        "--body", "Kan receptet förnyas?", "--no-coordination-case", "--not-acute",
        "--id", str(uuid.uuid4()),
    ]  # fmt: skip


COMMANDS = (
    Command("--help", lambda _id: ["--help"], None),
    Command("list --json", lambda _id: ["list", "--json"], 0.3),
    Command("show ID --json", lambda mid: ["show", mid, "--json"], 0.3),
    Command("search WORD --json", lambda _id: ["search", "receptet", "--json"], 0.3),
    Command(
        "check --json (one FBL)",
        lambda _id: ["check", "--mailbox", MAILBOX, "--json"],
        0.4,
    ),
    Command("send", _send_args, 0.5),
)


def _run(url: str, args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "fblmail", "--db", url, "--user", USER, *args],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    return time.perf_counter() - started, done.returncode, done.stdout + done.stderr


def _available(command: Command) -> bool:
    """False for a sub-command the program does not have (yet)."""
    first = command.args("x")[0]
    if first.startswith("-"):
        return True
    done = subprocess.run(
        [sys.executable, "-m", "fblmail", first, "--help"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    return done.returncode == 0


def _a_message_id(url: str, env: dict[str, str]) -> str:
    _, code, out = _run(url, ["list", "--json", "--limit", "1"], env)
    if code != 0:
        raise SystemExit(f"list failed ({code}): {out[:300]}")
    rows = json.loads(out[: out.rindex("]") + 1])
    return str(rows[0]["id"])


def measure(size: int, runs: int) -> dict[str, float | None]:
    """Median wall seconds per command for the store of `size` messages."""
    url = f"sqlite:///{_bench_tui().store_path(size)}"
    results: dict[str, float | None] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "FBLMAIL_CONFIG": str(Path(tmp) / "none.toml")}
        # An installed program runs from compiled bytecode: a shell that forbids writing
        # it would time the compiler instead (about 0.4 s of every run on the target).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        message_id = _a_message_id(url, env)
        for command in COMMANDS:
            if not _available(command):
                results[command.name] = None
                continue
            times = []
            for _ in range(runs):
                seconds, code, out = _run(url, command.args(message_id), env)
                if code not in (0, 1):  # check exits 1 when something needs action
                    raise SystemExit(f"{command.name} exited {code}: {out[:300]}")
                times.append(seconds)
            results[command.name] = statistics.median(times)
    return results


def _cell(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


def report(table: dict[int, dict[str, float | None]]) -> str:
    """A Markdown table: one row per command, one column per size, goal and growth."""
    sizes = sorted(table)
    head = ["command", *(f"{s:,}" for s in sizes), "goal (1M)", f"growth (goal ≤ {GROWTH_GOAL}×)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for command in COMMANDS:
        cells = [table[s][command.name] for s in sizes]
        first, last = cells[0], cells[-1]
        growth = f"{last / first:.2f}×" if first and last and len(sizes) > 1 else ""
        goal = f"≤ {command.goal} s" if command.goal else ""
        lines.append(
            "| " + " | ".join([command.name, *map(_cell, cells), goal, growth]) + " |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Measure and print the table; keep the figures in bench/out/bench_cli.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args(argv)
    table = {size: measure(size, options.runs) for size in options.sizes}
    print(report(table))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_cli.json").write_text(json.dumps(table, indent=2), "utf-8")


if __name__ == "__main__":
    main()

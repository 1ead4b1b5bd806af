"""Ctrl+L in a real terminal (tmux): text another program writes over the app (`write`,
`wall`, a background job) is gone after Ctrl+L, and the app is drawn again in full.

Skipped where tmux is not installed. The waits are liveness bounds, never timing
assertions.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.screens import seeded_world
from kit.tmux import FBLMAIL, TMUX, WAIT, Terminal, wait_for_exit

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")

GARBAGE = "MEDDELANDE-FRAN-WRITE-XYZ"


@pytest.fixture
def small_terminal(tmp_path: Path) -> Iterator[Terminal]:
    world = seeded_world(tmp_path)
    term = Terminal(f"fblmail-test-{uuid.uuid4().hex[:8]}")
    env = {
        "FBLMAIL_CONFIG": str(tmp_path / "no-config.toml"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    url = str(world.store.engine.url)
    command = " ".join(
        [*(f"{k}={v}" for k, v in env.items()), str(FBLMAIL), "--db", url, "--user", "anna.ssk"]
    )
    term.tmux("new-session", "-d", "-s", "main", "-x", "80", "-y", "24", command)
    yield term
    term.tmux("kill-server")
    world.store.engine.dispose()


def test_ctrl_l_wipes_text_written_over_the_app(small_terminal: Terminal) -> None:
    term = small_terminal
    term.wait_for("Inkorg")
    time.sleep(0.5)
    tty = term.tmux("display-message", "-p", "-t", "main", "#{pane_tty}").strip()
    with open(tty, "w", encoding="utf-8") as out:  # what `write` does to a terminal
        out.write(f"\r\n{GARBAGE}\r\n")
    term.wait_for(GARBAGE)
    term.keys("C-l")
    shown = term.wait_for(GARBAGE, gone=True)
    assert "Inkorg" in shown
    deadline = time.monotonic() + WAIT
    pid = term.pane_pid()
    term.keys("q")
    wait_for_exit(pid)
    assert time.monotonic() < deadline

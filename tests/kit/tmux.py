"""The real program in a real terminal: one tmux server per test, driven by key names.

Tests that use it skip where tmux is missing (`TMUX is None`); `./dev test` installs it.
The waits are liveness bounds (poll the screen up to `WAIT` seconds), never timing
assertions.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

TMUX = shutil.which("tmux")

FBLMAIL = Path(sys.executable).with_name("fblmail")
WAIT = 20.0


@dataclass
class Terminal:
    """One tmux server with one 120×40 window running fblmail."""

    socket: str

    def tmux(self, *args: str) -> str:
        """Run a tmux command on this server; its stdout."""
        assert TMUX is not None
        done = subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        """Key names (Enter, Tab, C-s, Space...)."""
        self.tmux("send-keys", "-t", "main", *keys)

    def type(self, text: str) -> None:
        """Literal text, as typed."""
        self.tmux("send-keys", "-t", "main", "-l", text)

    def screen(self) -> str:
        """What the window shows now."""
        return self.tmux("capture-pane", "-p", "-t", "main")

    def wait_for(self, text: str, *, gone: bool = False) -> str:
        """Poll until `text` is shown (or gone); return the screen."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            shown = self.screen()
            if (text in shown) != gone:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} {'still' if gone else 'never'} shown:\n{self.screen()}")

    def step(self, *keys: str) -> None:
        """A key that moves focus; give the app a moment before the next burst of typing
        (tmux delivers keys faster than any person, and keys already queued for a field
        stay with it)."""
        self.keys(*keys)
        time.sleep(0.4)

    def pane_pid(self) -> int:
        """The pid of the program in the window."""
        return int(self.tmux("display-message", "-p", "-t", "main", "#{pane_pid}").strip())


def open_compose(term: Terminal) -> None:
    """Wait for the inbox, then `c` until the compose screen is there."""
    term.wait_for("Inkorg")
    deadline = time.monotonic() + WAIT
    while "Nytt meddelande" not in term.screen():
        assert time.monotonic() < deadline, term.screen()
        term.keys("c")  # greyed out until the store is open; press again
        time.sleep(0.5)
    term.wait_for("Förvalslista")


def wait_for_exit(pid: int) -> None:
    """Wait until process `pid` is gone (fails after `WAIT` seconds)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError(f"process {pid} still running")

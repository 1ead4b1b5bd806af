"""The real program in a real terminal (tmux): compose and send with keys only; hang up.

Skipped where tmux is not installed (`./dev` installs it for CI). Each test runs its own
tmux server (`-L`), so `kill-server` ends only that one. The waits are liveness bounds
(poll the screen until the text is there, up to ~20 s), never timing assertions.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tui_helpers import seeded_world

from support import HERRHAGEN, KARLSTAD, World

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")

FBLMAIL = Path(sys.executable).with_name("fblmail")
WAIT = 20.0


@dataclass
class Terminal:
    """One tmux server with one 120×40 window running fblmail."""

    socket: str

    def tmux(self, *args: str) -> str:
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
        return self.tmux("capture-pane", "-p", "-t", "main")

    def wait_for(self, text: str, *, gone: bool = False) -> str:
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
        return int(self.tmux("display-message", "-p", "-t", "main", "#{pane_pid}").strip())


@pytest.fixture
def store_world(tmp_path: Path) -> Iterator[World]:
    world = seeded_world(tmp_path)
    yield world
    world.store.engine.dispose()


@pytest.fixture
def terminal(store_world: World, tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(f"fblmail-test-{uuid.uuid4().hex[:8]}")
    url = str(store_world.store.engine.url)
    env = {
        "FBLMAIL_CONFIG": str(tmp_path / "no-config.toml"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    command = " ".join(
        [*(f"{k}={v}" for k, v in env.items()), str(FBLMAIL), "--db", url, "--user", "anna.ssk"]
    )
    term.tmux("new-session", "-d", "-s", "main", "-x", "120", "-y", "40", command)
    yield term
    term.tmux("kill-server")


def open_compose(term: Terminal) -> None:
    """Wait for the inbox, then `c` until the compose screen is there."""
    term.wait_for("Inkorg")
    deadline = time.monotonic() + WAIT
    while "Nytt meddelande" not in term.screen():
        assert time.monotonic() < deadline, term.screen()
        term.keys("c")  # greyed out until the store is open; press again
        time.sleep(0.5)
    term.wait_for("Förvalslista")


def test_compose_and_send_with_keys_only(terminal: Terminal, store_world: World) -> None:
    term = terminal
    open_compose(term)
    shown = term.screen()
    for label in ("Från", "Till", "Kategori", "Patient", "Ämne", "Meddelande", KARLSTAD):
        assert label in shown
    term.type("herrhagen")
    term.wait_for("Vc Gripen", gone=True)  # the list is filtered as typed
    term.keys("Enter")
    term.wait_for(f"Till        {HERRHAGEN}")
    term.step("Tab")
    term.wait_for("Förvalslista", gone=True)  # left the To field
    term.keys("Enter")
    term.wait_for("Utredande åtgärder")  # the category list is open
    term.type("Frå")
    term.keys("Enter")
    term.wait_for("Kategori    Frågeställning")
    term.step("Tab")
    term.type("19121212-1212")
    term.wait_for("✓ 19121212-1212")
    term.step("Tab")
    term.type("Tmux-test")
    term.wait_for("Ämne        Tmux-test")
    term.step("Tab")
    term.type("Stämmer listan?")
    term.wait_for("Stämmer listan?")
    term.step("Tab")  # to the R3 confirmation
    term.keys("Space")
    time.sleep(0.4)
    term.keys("C-s")
    confirm = term.wait_for("Skicka meddelandet?")
    assert "19121212-1212" in confirm and HERRHAGEN in confirm
    term.keys("Enter")
    term.wait_for("Skickat till")
    term.wait_for("Inkorg")
    pid = term.pane_pid()
    term.keys("q")
    wait_for_exit(pid)

    cecilia = store_world.as_("cecilia.dr")
    inbox = cecilia.folders.list_messages(HERRHAGEN, log=False)
    assert [(m.subject, m.patient, m.category) for m in inbox.items] == [
        ("Tmux-test", "19121212-1212", "Frågeställning")
    ]
    assert cecilia.folders.show(inbox.items[0].id).body == "Stämmer listan?"
    assert store_world.as_("anna.ssk").drafts.list() == []


def wait_for_exit(pid: int) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError(f"process {pid} still running")


def test_a_hang_up_keeps_what_was_being_written(terminal: Terminal, store_world: World) -> None:
    term = terminal
    open_compose(term)
    term.step("Tab", "Tab", "Tab")  # To → Category → Patient → Subject
    term.type("Avbrott")
    term.wait_for("Ämne        Avbrott")
    term.step("Tab")
    term.type("Skrivet precis innan linjen bröts")
    term.wait_for("Skrivet precis innan linjen bröts")
    pid = term.pane_pid()
    term.tmux("kill-server")  # the terminal goes away: SIGHUP, as when SSH drops
    wait_for_exit(pid)

    [draft] = store_world.as_("anna.ssk").drafts.list()
    assert (draft.subject, draft.body) == ("Avbrott", "Skrivet precis innan linjen bröts")

"""The duty round in a real terminal (tmux), keys only (issue 11): a nurse starts the app in
the morning window, is told the shift is unsigned, does the round (F2), signs it (s, Enter),
looks at the history (h), quits, and `fblmail check history` shows her signature.

The real program runs on the real clock, so the unit's morning window is set around the
current Stockholm time (the test asserts no time of day); it is skipped late in the evening
and at night, when no morning window can hold "now" with an afternoon window after it.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from fblmail.clock import local_zone
from kit.people import World
from kit.screens import seeded_world
from kit.tmux import FBLMAIL, TMUX, Terminal, wait_for_exit

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")


def morning_around_now() -> tuple[str, str] | None:
    """(morning, afternoon) windows with "now" inside the morning one, or None at night."""
    now = datetime.now(local_zone())
    start, end = now - timedelta(minutes=30), now + timedelta(minutes=30)
    if start.date() != now.date() or end.hour >= 22:
        return None
    return f"{start:%H:%M}-{end:%H:%M}", f"{end + timedelta(minutes=5):%H:%M}-23:00"


@pytest.fixture
def nurse(tmp_path: Path) -> Iterator[tuple[Terminal, World, dict[str, str]]]:
    windows = morning_around_now()
    if windows is None:
        pytest.skip("no morning window can hold the current time of day")
    world = seeded_world(tmp_path)
    morning, afternoon = windows
    world.as_("sara.support").routine.set("karlstad", morning=morning, afternoon=afternoon)
    env = {
        "FBLMAIL_CONFIG": str(tmp_path / "no-config.toml"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    url = str(world.store.engine.url)
    term = Terminal(f"fblmail-duty-{uuid.uuid4().hex[:8]}")
    command = " ".join(
        [*(f"{k}={v}" for k, v in env.items()), str(FBLMAIL), "--db", url, "--user", "anna.ssk"]
    )
    term.tmux("new-session", "-d", "-s", "main", "-x", "120", "-y", "40", command)
    yield term, world, {**env, "URL": url}
    term.tmux("kill-server")
    world.store.engine.dispose()


def test_the_morning_round_with_keys_only(
    nurse: tuple[Terminal, World, dict[str, str]],
) -> None:
    term, _world, env = nurse
    term.wait_for("Inkorg")
    term.wait_for("Tryck F2")  # the app says the shift is unsigned and offers the round
    assert "Förmiddagens kontroll" in term.screen()
    term.keys("F2")
    term.wait_for("Pass: förmiddag")
    shown = term.wait_for("inte signerad – tryck s")
    assert "Karlstad kommun Hälso- och sjukvård (FBL)" in shown
    assert "Mappar:" in shown and "Papperskorg" in shown
    term.step("j", "j", "j")
    term.keys("s")
    term.wait_for("Signera kontrollen")
    term.keys("Enter")
    term.wait_for("signerad av anna.ssk")
    term.keys("h")
    term.wait_for("✓ anna.ssk")
    term.step("Escape")
    term.step("Escape")
    term.wait_for("Inkorg")
    pid = term.pane_pid()
    term.keys("q")
    wait_for_exit(pid)

    done = subprocess.run(
        [str(FBLMAIL), "--db", env["URL"], "--user", "anna.ssk", "check", "history", "--days", "1"],
        capture_output=True,
        text=True,
        check=False,
        env={**env, "PATH": "/usr/bin:/bin", "COLUMNS": "120"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "✓ anna.ssk" in done.stdout

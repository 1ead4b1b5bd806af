"""The real program in a real terminal (tmux): compose and send with keys only; hang up.

Skipped where tmux is not installed (`./dev` installs it for CI). Each test runs its own
tmux server (`-L`), so `kill-server` ends only that one. The waits are liveness bounds
(poll the screen until the text is there, up to ~20 s), never timing assertions.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.people import HERRHAGEN, KARLSTAD, World
from kit.tmux import FBLMAIL, TMUX, Terminal, open_compose, wait_for_exit

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")



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

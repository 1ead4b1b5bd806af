"""Compose in a real terminal (tmux): pasted lines, keys that arrive with Tab, typing that
survives `kill -9`, and the body written in `$EDITOR`.

These need real terminal input: a paste arrives as one bracketed block with CR between its
lines, and keys sent in one tmux command reach the app in one read, as over SSH. Waits are
liveness bounds (poll until the text is there), never timing assertions; the kill -9 test
measures how much typing was lost against the 2 s promise from the times keys were sent.
"""

from __future__ import annotations

import os
import signal
import stat
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kit.people import HERRHAGEN, World
from kit.tmux import FBLMAIL, TMUX, Terminal, open_compose, wait_for_exit

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")

Start = Callable[..., Terminal]



@pytest.fixture
def start(store_world: World, tmp_path: Path) -> Iterator[Start]:
    """Start fblmail as anna.ssk in a fresh tmux server (extra environment allowed)."""
    terms: list[Terminal] = []

    def run(**extra: str) -> Terminal:
        term = Terminal(f"fblmail-test-{uuid.uuid4().hex[:8]}")
        env = {
            "FBLMAIL_CONFIG": str(tmp_path / "no-config.toml"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            **extra,
        }
        url = str(store_world.store.engine.url)
        command = " ".join(
            [
                *(f"{k}='{v}'" for k, v in env.items()),
                str(FBLMAIL),
                "--db",
                url,
                "--user",
                "anna.ssk",
            ]
        )
        term.tmux("new-session", "-d", "-s", "main", "-x", "120", "-y", "40", command)
        terms.append(term)
        return term

    yield run
    for term in terms:
        term.tmux("kill-server")


def fill_head(term: Terminal) -> None:
    """To, category, patient and subject, as in the smoke test; the cursor ends in the body."""
    term.type("herrhagen")
    term.wait_for("Vc Gripen", gone=True)
    term.keys("Enter")
    term.wait_for(f"Till        {HERRHAGEN}")
    term.step("Tab")
    term.wait_for("Förvalslista", gone=True)
    term.keys("Enter")
    term.wait_for("Utredande åtgärder")
    term.type("Frå")
    term.keys("Enter")
    term.wait_for("Kategori    Frågeställning")
    term.step("Tab")
    term.type("19121212-1212")
    term.wait_for("✓ 19121212-1212")
    term.step("Tab")
    term.type("Inklistrat")
    term.wait_for("Ämne        Inklistrat")
    term.step("Tab")


def test_a_pasted_text_keeps_its_lines_in_the_sent_body(
    start: Start, store_world: World, tmp_path: Path
) -> None:
    term = start()
    open_compose(term)
    fill_head(term)
    pasted = tmp_path / "paste.txt"
    pasted.write_text("rad A\nrad B\nrad C", encoding="utf-8")
    term.tmux("load-buffer", "-b", "p", str(pasted))
    term.tmux("paste-buffer", "-p", "-b", "p", "-t", "main")  # bracketed; LF sent as CR
    shown = term.wait_for("rad C")
    assert "\\x0d" not in shown and "rad A\\x0d" not in shown
    term.step("Tab")  # to the R3 confirmation
    term.keys("Space")
    time.sleep(0.4)
    term.keys("C-s")
    term.wait_for("Skicka meddelandet?")
    term.keys("Enter")
    term.wait_for("Skickat till")

    cecilia = store_world.as_("cecilia.dr")
    [message] = cecilia.folders.list_messages(HERRHAGEN, log=False).items
    assert cecilia.folders.show(message.id).body == "rad A\nrad B\nrad C"


def test_a_pasted_esc_stays_text_in_its_place(start: Start, tmp_path: Path) -> None:
    """tmux passes a pasted ESC on; Textual's parser alone typed what followed it as keys
    before the text in front of it (paste_guard.py). The paste must arrive whole, in order,
    with the ESC shown as `\\x1b`."""
    term = start()
    open_compose(term)
    fill_head(term)
    pasted = tmp_path / "paste.txt"
    pasted.write_bytes("Rad ett\n\x1b[31mröd\x1b[0m\nRad tre".encode())
    term.tmux("load-buffer", "-b", "p", str(pasted))
    term.tmux("paste-buffer", "-p", "-b", "p", "-t", "main")
    shown = term.wait_for("Rad tre")
    lines = [" ".join(line.split()) for line in shown.splitlines()]
    first = lines.index("Meddelande Rad ett")
    assert lines[first + 1 : first + 3] == ["\\x1b[31mröd\\x1b[0m", "Rad tre"], shown


def test_keys_that_arrive_with_tab_go_to_the_next_field(start: Start, store_world: World) -> None:
    term = start()
    open_compose(term)
    term.step("Tab", "Tab", "Tab")  # To → Category → Patient → Subject
    # One tmux command: the three parts reach the app in one read, as over SSH.
    term.tmux(
        "send-keys", "-t", "main", "-l", "Ämne A", ";",
        "send-keys", "-t", "main", "Tab", ";",
        "send-keys", "-t", "main", "-l", "Brödtext",
    )  # fmt: skip
    term.wait_for("Brödtext")
    anna = store_world.as_("anna.ssk")
    deadline = time.monotonic() + 20
    while not anna.drafts.list() or anna.drafts.list()[0].body != "Brödtext":
        assert time.monotonic() < deadline, (anna.drafts.list(), term.screen())
        time.sleep(0.2)
    [draft] = anna.drafts.list()
    assert (draft.subject, draft.body) == ("Ämne A", "Brödtext")


def test_steady_typing_survives_kill_9_but_for_the_last_two_seconds(
    start: Start, store_world: World
) -> None:
    term = start()
    open_compose(term)
    term.step("Tab", "Tab", "Tab", "Tab")  # to the body
    text = "".join(f"ord{n} " for n in range(200))
    sent_at: list[float] = []
    began = time.monotonic()
    while time.monotonic() - began < 5.0:  # about 10 keys a second, never a 0.6 s pause
        term.type(text[len(sent_at)])
        sent_at.append(time.monotonic())
        time.sleep(0.1)
    killed_at = time.monotonic()
    pid = term.pane_pid()
    os.kill(pid, signal.SIGKILL)
    wait_for_exit(pid)

    [draft] = store_world.as_("anna.ssk").drafts.list()
    typed = text[: len(sent_at)]
    assert typed.startswith(draft.body)
    must_have = sum(1 for t in sent_at if t < killed_at - 2.0)
    assert len(draft.body) >= must_have, (len(draft.body), must_have, len(typed))

    # Reopened, the app says what was saved, and the draft is there.
    term2 = start()
    term2.wait_for("1 sparat utkast i Utkast")


def test_the_body_written_in_editor_comes_back_and_is_checked(
    start: Start, store_world: World, tmp_path: Path
) -> None:
    record = tmp_path / "editor-record.txt"
    editor = tmp_path / "fake-editor.sh"
    editor.write_text(
        "#!/bin/sh\n"
        f'stat -c "%a %n" "$1" "$(dirname "$1")" > {record}\n'
        'printf "Rad ett\\nDet är akut\\n" >> "$1"\n',
        encoding="utf-8",
    )
    editor.chmod(0o700)
    term = start(EDITOR=str(editor))
    open_compose(term)
    term.step("Tab", "Tab", "Tab", "Tab")  # to the body
    term.type("Före ")
    term.wait_for("Före")
    term.keys("C-e")
    shown = term.wait_for("R9: Texten låter akut")  # the check ran on the returned text
    assert "Rad ett" in shown and "Det är akut" in shown
    file_mode, dir_mode = (line.split(" ", 1) for line in record.read_text().splitlines())
    assert file_mode[0] == "600" and dir_mode[0] == "700"
    assert not Path(dir_mode[1]).exists()  # removed afterwards
    assert stat.S_ISREG(os.stat(editor).st_mode)
    anna = store_world.as_("anna.ssk")
    deadline = time.monotonic() + 20
    while [d.body for d in anna.drafts.list()] != ["Före Rad ett\nDet är akut"]:
        assert time.monotonic() < deadline, (anna.drafts.list(), term.screen())
        time.sleep(0.2)

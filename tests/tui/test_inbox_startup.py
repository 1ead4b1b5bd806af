"""Start-up: the first screen imports only what it needs (no SQLAlchemy, no SQLModel before
the first rows), and a store or user problem ends `fblmail` with a message, not a traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from kit.cli import run_in_a_terminal
from kit.tui import TuiWorld

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic")


def imported_after(code: str) -> set[str]:
    """Top-level packages in sys.modules after running `code` in a fresh interpreter."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(out.stdout.split())


def test_the_inbox_reader_and_the_first_screen_load_without_sqlalchemy() -> None:
    loaded = imported_after(
        "import fblmail.service, fblmail.service.mailboxes.inbox, fblmail.tui.launch, "
        "fblmail.tui.app, fblmail.tui.inbox.screen"
    )
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_service_layer_and_cli_never_import_textual_through_the_inbox() -> None:
    loaded = imported_after(
        "import fblmail.service.mailboxes.inbox, fblmail.service.mailboxes.inbox_sync"
    )
    assert "textual" not in loaded




def test_an_unknown_user_gets_a_clear_message_and_exit_code(
    tui_world: TuiWorld, tmp_path: Path
) -> None:
    env = {**os.environ, "FBLMAIL_CONFIG": str(tmp_path / "none.toml"), "TERM": "xterm-256color"}
    code, output = run_in_a_terminal(["--db", tui_world.url, "--user", "nobody"], env)
    assert code == 4
    assert "inget aktivt konto" in output
    assert "Traceback" not in output


def test_a_missing_store_gets_a_clear_message(tmp_path: Path) -> None:
    env = {**os.environ, "FBLMAIL_CONFIG": str(tmp_path / "none.toml"), "TERM": "xterm-256color"}
    url = f"sqlite:///{tmp_path / 'missing.db'}"
    code, output = run_in_a_terminal(["--db", url, "--user", "anna.ssk", "--lang", "en"], env)
    assert code == 5
    plain = " ".join(re.sub(r"\x1b\[[0-9;?$>]*[A-Za-z]", "", output).split())
    assert "There is no store at" in plain and "Run `fblmail init` to create one" in plain
    assert "Traceback" not in output
    assert not (tmp_path / "missing.db").exists()  # opening never creates a store


def test_the_fast_path_takes_only_the_global_options() -> None:
    from fblmail.entry import global_options

    assert global_options(["--db", "sqlite:///x.db", "--user", "anna.ssk"]) == {
        "--db": "sqlite:///x.db",
        "--user": "anna.ssk",
    }
    assert global_options(["--lang=en"]) == {"--lang": "en"}
    assert global_options([]) == {}
    for other in (["list"], ["--help"], ["--db"], ["--user", "a", "--user", "b"], ["-h"],
                  ["--db", "x", "send"], ["--db", "--user"]):  # fmt: skip
        assert global_options(other) is None, other

"""Start-up: `fblmail --help` and the scriptable commands never import Textual."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fblmail.store.engine import Store, make_engine
from kit.people import FakeClock, populate

NO_TEXTUAL = """
import sys
from typer.testing import CliRunner
from fblmail.cli.main import app

result = CliRunner().invoke(app, sys.argv[1:])
assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "textual")
assert not loaded, loaded
print(result.stdout)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("FBLMAIL_DATABASE_URL", None)
    env["FBLMAIL_CONFIG"] = "/nonexistent/fblmail-test.toml"
    return env


def test_help_does_not_import_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fblmail", "--help"],
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for command in ("init", "demo", "send", "list", "show", "reply", "forward", "directory"):
        assert command in result.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert not [name for name in imported if name.split(".")[0] == "textual"]
    # The service layer is loaded by the commands that need it, not by --help.
    assert "fblmail.service" not in imported


def test_list_json_does_not_import_textual(sqlite_store_url: str) -> None:
    engine = make_engine(sqlite_store_url)
    world = populate(Store(engine), FakeClock())
    world.send()
    engine.dispose()
    args = ["--db", sqlite_store_url, "--user", "cecilia.dr", "list", "--json"]
    result = subprocess.run(
        [sys.executable, "-c", NO_TEXTUAL, *args],
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
        cwd=Path(__file__).parent,
    )
    assert result.returncode == 0, result.stderr
    assert "Fråga om läkemedelslista" in result.stdout

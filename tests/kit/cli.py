"""Running `fblmail` for the command-line tests: in-process (Typer's CliRunner) or on a pty."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from typer.testing import CliRunner, Result


def _app() -> Any:
    # Imported when a command runs, not when a test module is collected: collecting the
    # service tiers then never loads the whole command line.
    from fblmail.cli.main import app

    return app


@dataclass
class Cli:
    """Runs `fblmail --db URL --lang LANG [--user LOGIN] ARGS...` and returns Typer's `Result`."""

    url: str
    runner: CliRunner = field(default_factory=CliRunner)

    def __call__(
        self, user: str | None, *args: str, input: str | None = None, lang: str = "sv"
    ) -> Result:
        argv = ["--db", self.url, "--lang", lang]
        if user is not None:
            argv += ["--user", user]
        return self.runner.invoke(_app(), [*argv, *args], input=input)

    def ok(self, user: str | None, *args: str, input: str | None = None) -> Result:
        """Run and insist on exit code 0 (showing the output if not)."""
        result = self(user, *args, input=input)
        assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
        return result

    def json(self, user: str | None, *args: str, input: str | None = None) -> Any:
        """Run with `--json` and parse stdout."""
        return json.loads(self.ok(user, *args, "--json", input=input).stdout)


@dataclass
class CheckCli:
    """`fblmail --db URL --user LOGIN ...` in-process, on the world's fake clock.

    The `check_cli` fixture patches the command line's `Messenger` onto the world's clock;
    no `--lang` is passed, so the language comes from the environment as for a user.
    """

    url: str

    def __call__(self, login: str, *args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(_app(), ["--db", self.url, "--user", login, *args], input=input)

    def json(self, login: str, *args: str, code: int = 0) -> Any:
        """Run with `--json`, check the exit code and parse stdout."""
        result = self(login, *args, "--json")
        assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
        return json.loads(result.stdout)


def run_cli(url: str, user: str | None, *args: str) -> Result:
    """`fblmail --db URL [--user LOGIN] ARGS...` in-process, once."""
    return Cli(url)(user, *args)


def run_in_a_terminal(args: list[str], env: dict[str, str], seconds: float = 30) -> tuple[int, str]:
    """Run `python -m fblmail ARGS` on a pseudo-terminal; (exit code, everything it wrote)."""
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "fblmail", *args],
        stdin=child, stdout=child, stderr=child, env=env, close_fds=True,
    )  # fmt: skip
    os.close(child)
    output = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif proc.poll() is not None:
            break
    code = proc.wait(timeout=10)
    os.close(main)
    return code, output.decode("utf-8", "replace")

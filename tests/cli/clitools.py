"""Running `fblmail` in-process for the CLI tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from typer.testing import CliRunner, Result

from fblmail.cli.main import app


@dataclass
class Cli:
    """Runs `fblmail --db URL --user LOGIN ARGS...` and returns Typer's `Result`."""

    url: str
    runner: CliRunner = field(default_factory=CliRunner)

    def __call__(
        self, user: str | None, *args: str, input: str | None = None, lang: str = "sv"
    ) -> Result:
        argv = ["--db", self.url, "--lang", lang]
        if user is not None:
            argv += ["--user", user]
        return self.runner.invoke(app, [*argv, *args], input=input)

    def ok(self, user: str | None, *args: str, input: str | None = None) -> Result:
        """Run and insist on exit code 0 (showing the output if not)."""
        result = self(user, *args, input=input)
        assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
        return result

    def json(self, user: str | None, *args: str, input: str | None = None) -> Any:
        """Run with `--json` and parse stdout."""
        return json.loads(self.ok(user, *args, "--json", input=input).stdout)

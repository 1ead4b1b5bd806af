"""Fixtures for the check, purge and routine tests: the CLI on the world's store and clock."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from fblmail.bootstrap import open_store
from fblmail.cli import output
from fblmail.cli.context import CliState
from fblmail.service import Messenger
from support import World


@dataclass
class CheckCli:
    """`fblmail --db URL --user LOGIN ...` in-process, on the world's fake clock."""

    url: str

    def __call__(self, login: str, *args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(_app(), ["--db", self.url, "--user", login, *args], input=input)

    def json(self, login: str, *args: str, code: int = 0) -> Any:
        """Run with `--json`, check the exit code and parse stdout."""
        result = self(login, *args, "--json")
        assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
        return json.loads(result.stdout)


def _app() -> Any:
    from fblmail.cli.main import app

    return app


@pytest.fixture
def cli(world: World, store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CheckCli]:
    """The command line over the world's store; time comes from the world's FakeClock."""
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("FBLMAIL_CONFIG", "/nonexistent/fblmail-test.toml")
    for name in ("FBLMAIL_DATABASE_URL", "FBLMAIL_USER", "FBLMAIL_LANG"):
        monkeypatch.delenv(name, raising=False)
    engines = []

    def messenger(self: CliState) -> Messenger:
        store = open_store(self.settings)
        engines.append(store.engine)
        return Messenger(store, self.settings.user, world.clock)

    monkeypatch.setattr(CliState, "messenger", messenger)
    output.out.cache_clear()
    output.err.cache_clear()
    yield CheckCli(store_url)
    output.out.cache_clear()
    output.err.cache_clear()
    for engine in engines:
        engine.dispose()

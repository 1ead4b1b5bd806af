"""Fixtures for the check, purge and routine tests: the CLI on the world's store and clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from check_helpers import CheckCli

from fblmail.bootstrap import open_store
from fblmail.cli import output
from fblmail.cli.context import CliState
from fblmail.service import Messenger
from support import World


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
    # `check` and `check history` run on the DB-API path, with the clock they are given.
    from fblmail.cli import check_open

    monkeypatch.setattr(check_open, "CLOCK", [world.clock])
    output.out.cache_clear()
    output.err.cache_clear()
    yield CheckCli(store_url)
    output.out.cache_clear()
    output.err.cache_clear()
    for engine in engines:
        engine.dispose()

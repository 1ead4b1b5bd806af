"""The `cli` fixture: run `fblmail` in-process against the parametrised test store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from clitools import Cli

from fblmail.cli import output


@pytest.fixture(autouse=True)
def _wide_fresh_consoles(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A wide terminal and fresh Rich consoles, so tables do not wrap user text."""
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("FBLMAIL_CONFIG", "/nonexistent/fblmail-test.toml")
    monkeypatch.delenv("FBLMAIL_DATABASE_URL", raising=False)
    monkeypatch.delenv("FBLMAIL_USER", raising=False)
    monkeypatch.delenv("FBLMAIL_LANG", raising=False)
    output.out.cache_clear()
    output.err.cache_clear()
    yield
    output.out.cache_clear()
    output.err.cache_clear()


@pytest.fixture
def cli(store_url: str) -> Cli:
    """The command line over the fresh, migrated store (SQLite and PostgreSQL)."""
    return Cli(store_url)

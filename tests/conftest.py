"""Fixtures every tier shares: stores on SQLite and a real PostgreSQL, the world, the CLI.

PostgreSQL comes from the `pgserver` wheel (no Docker, works as root), one server per
pytest worker, or from FBLMAIL_TEST_DATABASE_URL. Each test gets a fresh database copied
from a migrated template, so migrations run once per worker, not once per test.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from fblmail.bootstrap import open_store
from fblmail.cli import output
from fblmail.cli.context import CliState
from fblmail.service import Messenger
from fblmail.store.engine import Store, make_engine
from fblmail.store.schema import upgrade_schema
from kit.cli import CheckCli, Cli
from kit.people import FakeClock, World, populate
from kit.stores import admin_connection

BACKENDS = ("sqlite", "postgres")


@pytest.fixture(scope="session")
def pg_base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL server URL (database part ignored)."""
    env = os.environ.get("FBLMAIL_TEST_DATABASE_URL")
    if env:
        yield env
        return
    import pgserver

    # Unix socket paths are limited to ~107 bytes; keep the data directory short.
    datadir = Path("/tmp") / f"fblmail-pg-{os.getpid()}"
    shutil.rmtree(datadir, ignore_errors=True)
    server = pgserver.get_server(datadir, cleanup_mode="delete")
    # A throwaway test server needs no crash safety; this makes CREATE DATABASE per test
    # several times faster. (Never do this to a real server.)
    conn = admin_connection(server.get_uri())
    for setting in ("fsync = off", "synchronous_commit = off", "full_page_writes = off"):
        conn.execute(f"ALTER SYSTEM SET {setting}")
    conn.execute("SELECT pg_reload_conf()")
    conn.close()
    yield server.get_uri()
    server.cleanup()


@pytest.fixture(scope="session")
def pg_template(pg_base_url: str) -> str:
    """Name of a migrated template database on the test server."""
    name = f"fbl_template_{uuid.uuid4().hex[:8]}"
    conn = admin_connection(pg_base_url)
    conn.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    engine = make_engine(make_url(pg_base_url).set(database=name).render_as_string(False))
    upgrade_schema(engine)
    engine.dispose()
    return name


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_schema(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Which back end this test runs on."""
    return str(request.param)


@pytest.fixture
def store_url(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """A fresh, migrated, empty store on the parametrised back end."""
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "store.db"
        shutil.copyfile(template, path)
        path.chmod(0o600)  # as `fblmail init` creates it (a store others can read is warned of)
        yield f"sqlite:///{path}"
        return
    base = request.getfixturevalue("pg_base_url")
    template = request.getfixturevalue("pg_template")
    name = f"t_{uuid.uuid4().hex[:12]}"
    conn = admin_connection(base)
    conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A `Store` over the fresh database."""
    engine = make_engine(store_url)
    yield Store(engine)
    engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    """A clock at Monday 2026-11-02 09:30 Stockholm time."""
    return FakeClock()


@pytest.fixture
def world(store: Store, clock: FakeClock) -> World:
    """The store with the directory and the standard cast of users."""
    return populate(store, clock)


@pytest.fixture
def sqlite_store_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh SQLite store only (for tests about SQLite files themselves)."""
    path = tmp_path / "store.db"
    shutil.copyfile(sqlite_template, path)
    path.chmod(0o600)
    return f"sqlite:///{path}"


@pytest.fixture
def fresh_cli_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A wide terminal, no user config or environment, and fresh Rich consoles, so the command
    line's tables do not wrap user text and one test's console never leaks into the next."""
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("FBLMAIL_CONFIG", "/nonexistent/fblmail-test.toml")
    for name in ("FBLMAIL_DATABASE_URL", "FBLMAIL_USER", "FBLMAIL_LANG"):
        monkeypatch.delenv(name, raising=False)
    output.out.cache_clear()
    output.err.cache_clear()
    yield
    output.out.cache_clear()
    output.err.cache_clear()


@pytest.fixture
def cli(store_url: str, fresh_cli_env: None) -> Cli:
    """The command line over the fresh, migrated store (SQLite and PostgreSQL)."""
    return Cli(store_url)


@pytest.fixture
def check_cli(
    world: World, store_url: str, monkeypatch: pytest.MonkeyPatch, fresh_cli_env: None
) -> Iterator[CheckCli]:
    """The command line over the world's store; time comes from the world's FakeClock."""
    engines = []

    def messenger(self: CliState) -> Messenger:
        store = open_store(self.settings)
        engines.append(store.engine)
        return Messenger(store, self.settings.user, world.clock)

    monkeypatch.setattr(CliState, "messenger", messenger)
    # `check` and `check history` run on the DB-API path, with the clock they are given.
    from fblmail.cli import check_open

    monkeypatch.setattr(check_open, "CLOCK", [world.clock])
    yield CheckCli(store_url)
    for engine in engines:
        engine.dispose()

"""`fblmail check` runs on the plain DB-API path: no SQLAlchemy, SQLModel, Alembic or Textual.

The whole command is run as a user runs it (`python -m fblmail ...`, a new process), and
Python's own import log says what was loaded. Both back ends: the light path has its own
connection code for each.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fblmail.service.duty import purge_plan
from fblmail.store.query import check as check_queries
from kit.people import HERRHAGEN, World
from kit.stores import last_log_id, log_rows

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "textual")


def _run(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    env = dict(os.environ)
    env.pop("FBLMAIL_DATABASE_URL", None)
    env["FBLMAIL_CONFIG"] = "/nonexistent/fblmail-test.toml"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fblmail", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    return result, imported


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--json"),
        ("check", "--sign", "--shift", "morning", "--json"),
        ("check", "history", "--json"),
    ],
    ids=["check", "sign", "history"],
)
def test_check_json_never_imports_the_orm_or_textual(
    world: World, store_url: str, args: tuple[str, ...]
) -> None:
    world.send("anna.ssk")  # a question waiting in Herrhagen: the check has rows to show
    result, imported = _run("--db", store_url, "--user", "cecilia.dr", *args)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert HERRHAGEN in result.stdout
    assert imported, "no import log: the test would pass whatever was imported"
    assert "fblmail" in imported
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


def test_a_refusal_on_the_light_path_is_logged_and_still_light(
    world: World, store_url: str
) -> None:
    before = last_log_id(world.store)
    args = ("--db", store_url, "--user", "anna.ssk", "check", "--mailbox", HERRHAGEN)
    result, imported = _run(*args)
    assert result.returncode == 4
    assert "Traceback" not in result.stderr
    assert not imported & set(HEAVY)
    [row] = log_rows(world.store, before)
    assert (row.action, row.actor, row.mailbox, row.outcome) == (
        "check",
        "anna.ssk",
        HERRHAGEN,
        "denied",
    )


def test_the_checks_retention_is_the_purges() -> None:
    """The check names what the purge deletes: the same year and the same warning."""
    assert check_queries.RETENTION == purge_plan.RETENTION
    assert check_queries.EXPIRY_WARNING == purge_plan.EXPIRY_WARNING


def test_a_damaged_page_met_by_the_check_blocks_writes(
    world: World, store_url: str, backend: str
) -> None:
    """The query layer names a corrupt file as a store problem; the check still leaves the
    doctor's damage marker, as every command did when SQLAlchemy's error reached the funnel."""
    if backend != "sqlite":
        pytest.skip("a corrupt page is SQLite's")
    for n in range(12):
        world.send("anna.ssk", subject=f"Fråga {n}")
    world.store.engine.dispose()
    path = Path(store_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        found = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'message'")
        root = found.fetchone()[0]
    with path.open("r+b") as fh:  # the message table's root page: every message read meets it
        fh.seek(size * (root - 1))
        fh.write(b"\xde\xad\xbe\xef" * (size // 4))
    result, _imported = _run("--db", store_url, "--user", "cecilia.dr", "check", "--json")
    assert result.returncode == 5, result.stderr[-1000:]
    assert "Traceback" not in result.stderr
    assert path.with_name(path.name + "-damaged").exists()

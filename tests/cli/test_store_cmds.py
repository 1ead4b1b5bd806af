"""`fblmail init` and `fblmail demo`, and the store problems every command reports (exit 5)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fblmail.cli.store_cmds import demo_url
from fblmail.demo import STAFF, build_demo
from fblmail.demo_texts import FORCED
from fblmail.domain.personnummer import PatientId, is_test_number
from fblmail.settings import default_database_url
from fblmail.store.engine import make_engine
from fblmail.store.schema import HEAD_REVISION
from kit.cli import Cli


def test_init_creates_then_is_safe_to_run_again(tmp_path: Path) -> None:
    cli = Cli(f"sqlite:///{tmp_path / 'new' / 'fblmail.db'}")
    first = cli.ok("sara.support", "init")
    assert f"Databasen skapad (schemaversion {HEAD_REVISION})" in first.stdout
    assert "Medföljande katalog inläst: 45 enheter" in first.stdout
    second = cli.ok("sara.support", "init")
    assert (
        "redan aktuell" in second.stdout and "Katalogen finns redan (45 enheter)" in second.stdout
    )
    units = cli.json(None, "directory", "list")
    assert len(units) == 45


def test_init_on_a_migrated_store_and_without_directory(cli: Cli) -> None:
    skipped = cli.ok("sara.support", "init", "--no-directory")
    assert "redan aktuell" in skipped.stdout and "katalog" not in skipped.stdout.lower()
    assert cli.json(None, "directory", "list") == []
    cli.ok("sara.support", "init")
    assert len(cli.json(None, "directory", "list")) == 45


def test_store_not_initialised(tmp_path: Path) -> None:
    result = Cli(f"sqlite:///{tmp_path / 'empty.db'}")("anna.ssk", "list")
    assert result.exit_code == 5
    assert "fblmail init" in result.stderr and result.exception is not None
    assert "Traceback" not in result.stdout + result.stderr


def test_store_newer_than_program(sqlite_store_url: str) -> None:
    path = sqlite_store_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    cli = Cli(sqlite_store_url)
    for args in (["init"], ["list"], ["directory", "list"]):
        result = cli("anna.ssk", *args)
        assert result.exit_code == 5, args
        assert "9999" in result.stderr and "Uppdatera fblmail" in result.stderr
    english = cli("anna.ssk", "init", lang="en")
    assert english.exit_code == 5 and "Upgrade fblmail" in english.stderr


def test_unusable_database_urls(tmp_path: Path) -> None:
    assert Cli("mysql://nobody@nowhere/db")("anna.ssk", "list").exit_code == 5
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("this is not SQLite " * 100)
    for args in (["init"], ["list"]):
        result = Cli(f"sqlite:///{not_a_database}")("anna.ssk", *args)
        assert result.exit_code == 5 and "--db" in result.stderr


def test_demo_builds_a_store_with_every_deadline_state(tmp_path: Path) -> None:
    cli = Cli(f"sqlite:///{tmp_path / 'demo.db'}")
    built = cli.ok(None, "demo", "--seed", "3")
    assert "Demodatabasen är klar" in built.stdout and "--user anna.ssk" in built.stdout
    messages = int(built.stdout.split(":", 1)[1].split()[0])
    assert 250 <= messages <= 350  # "a few hundred"
    inbox = cli.json("anna.ssk", "list", "--limit", "500")
    states = Counter(m["deadline"] for m in inbox)
    assert {"waiting", "due_soon", "overdue", "answered"} <= set(states)
    assert any(m["has_journal_note"] for m in inbox)
    assert any(not m["read"] for m in inbox) and any(m["read"] for m in inbox)
    sent = cli.json("anna.ssk", "list", "--folder", "sent", "--limit", "500")
    fyi_and_more = cli.json("cecilia.dr", "list", "--limit", "500") + sent + inbox
    assert "fyi" in {m["deadline"] for m in fyi_and_more}
    assert cli.json("anna.ssk", "list", "--folder", "drafts")
    assert cli.json("anna.ssk", "list", "--folder", "trash", "--limit", "500") is not None
    categories = {m["category"] for m in fyi_and_more}
    assert len(categories) >= 8
    again = cli(None, "demo")
    assert again.exit_code == 2 and "--force" in again.stderr


def test_demo_never_uses_the_default_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert demo_url(default_database_url()) == f"sqlite:///{tmp_path / 'fblmail' / 'demo.db'}"
    assert demo_url("sqlite:///elsewhere.db") == "sqlite:///elsewhere.db"


def test_demo_refuses_non_sqlite_and_existing_files(tmp_path: Path) -> None:
    refused = Cli("postgresql://nobody@localhost/fblmail")(None, "demo")
    assert refused.exit_code == 2 and "SQLite" in refused.stderr
    precious = tmp_path / "precious.db"
    precious.write_text("keep me")
    kept = Cli(f"sqlite:///{precious}")(None, "demo")
    assert kept.exit_code == 2 and precious.read_text() == "keep me"


def test_demo_is_deterministic_per_seed_and_follows_the_rules(tmp_path: Path) -> None:
    now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    contents = []
    for name in ("a.db", "b.db"):
        report = build_demo(f"sqlite:///{tmp_path / name}", seed=7, now=now, threads=40)
        assert report.threads == 40 + len(FORCED) and report.accounts == len(STAFF)
        engine = make_engine(f"sqlite:///{tmp_path / name}")
        with engine.connect() as conn:
            # Forwards get a fresh id from the service each time; the rest is the same.
            rows = conn.exec_driver_sql(
                "SELECT id, patient, subject, body, sent_at FROM message "
                "WHERE kind != 'forward' ORDER BY seq"
            )
            contents.append(json.dumps([list(r) for r in rows], default=str))
            patients = {r[0] for r in conn.exec_driver_sql("SELECT patient FROM message")}
            failures = conn.exec_driver_sql("SELECT count(*) FROM access_log WHERE outcome != 'ok'")
            assert failures.scalar_one() == 0  # nothing the demo did was refused
        engine.dispose()
        assert all(is_test_number(PatientId(p)) for p in patients)
    assert contents[0] == contents[1]

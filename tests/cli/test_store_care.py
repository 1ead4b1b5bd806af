"""`fblmail backup` and `fblmail doctor` are actions on patient data: both in the access log.

A backup copies every patient's messages: support only, logged with its destination, and a
refused or failed attempt is a row too. The doctor reads the log's tail: its run is a row
(who, verdict), unless the store's pages are too damaged to take one. `check` runs the
cheap doctor without a row of its own (its read is logged by the check itself).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlmodel import col, select

from fblmail.service.admin.accounts import SUPPORT_NAME
from fblmail.store.engine import Store
from fblmail.store.tables import AccessLog
from kit.cli import Cli
from kit.people import World


def rows_after(store: Store, after: int) -> list[AccessLog]:
    """Access-log rows newer than `after`, oldest first."""
    with store.read() as session:
        return list(
            session.exec(
                select(AccessLog).where(col(AccessLog.id) > after).order_by(col(AccessLog.id))
            ).all()
        )


def newest(store: Store) -> int:
    """The newest log row's id."""
    rows = rows_after(store, 0)
    return (rows[-1].id or 0) if rows else 0


def test_backup_by_support_is_logged_with_its_destination(
    world: World, store_url: str, tmp_path: Path
) -> None:
    world.send()
    dest = tmp_path / "safe" / "backup.db"
    before = newest(world.store)
    result = Cli(store_url)("sara.support", "backup", str(dest))
    if not world.store.sqlite:  # pg_dump's command is printed; nothing read, nothing logged
        assert result.exit_code == 2 and "pg_dump" in result.stderr
        assert rows_after(world.store, before) == [] and not dest.exists()
        return
    assert result.exit_code == 0, result.stderr
    [row] = rows_after(world.store, before)
    assert (row.action, row.actor, row.actor_unit, row.outcome, row.detail) == (
        "backup",
        "sara.support",
        SUPPORT_NAME,
        "ok",
        str(dest),
    )
    assert row.at is not None and row.row_hash
    assert dest.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(dest) as copy:
        assert copy.execute("SELECT count(*) FROM message").fetchone()[0] >= 1


@pytest.mark.parametrize("login", ["anna.ssk", "fia.chef", "okand.person"])
def test_backup_is_refused_to_all_but_support_and_the_refusal_logged(
    world: World, store_url: str, tmp_path: Path, login: str
) -> None:
    if not world.store.sqlite:
        pytest.skip("PostgreSQL is copied with pg_dump by the database owner")
    dest = tmp_path / "new" / "backup.db"
    before = newest(world.store)
    result = Cli(store_url)(login, "backup", str(dest))
    assert result.exit_code == 4, result.stderr
    assert "Traceback" not in result.stderr
    assert not dest.exists() and not dest.parent.exists()  # nothing created
    [row] = rows_after(world.store, before)
    assert (row.action, row.actor, row.outcome) == ("backup", login, "denied")


def test_backup_over_an_existing_file_and_a_failed_copy_are_logged(
    world: World, store_url: str, tmp_path: Path
) -> None:
    if not world.store.sqlite:
        pytest.skip("PostgreSQL is copied with pg_dump by the database owner")
    cli = Cli(store_url)
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"keep")
    before = newest(world.store)
    assert cli("sara.support", "backup", str(taken)).exit_code == 2
    assert taken.read_bytes() == b"keep"
    [row] = rows_after(world.store, before)
    assert (row.action, row.outcome) == ("backup", "invalid")
    impossible = taken / "backup.db"  # a file where a folder should be
    before = newest(world.store)
    result = cli("sara.support", "backup", str(impossible))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "kunde inte skrivas" in result.stderr
    [row] = rows_after(world.store, before)
    assert (row.action, row.outcome, row.detail) == ("backup", "error", str(impossible))


def test_a_doctor_run_is_logged_with_its_verdict(world: World, store_url: str) -> None:
    if world.store.path is not None:
        world.store.path.chmod(0o600)
    before = newest(world.store)
    result = Cli(store_url)("anna.ssk", "doctor")
    assert result.exit_code == 0, result.stderr
    [row] = rows_after(world.store, before)
    assert (row.action, row.actor, row.actor_unit, row.outcome) == (
        "doctor",
        "anna.ssk",
        "Karlstad",
        "healthy",
    )
    assert row.patient is None and row.message_id is None


def test_check_runs_the_doctor_without_a_doctor_row(world: World, store_url: str) -> None:
    before = newest(world.store)
    result = Cli(store_url)("anna.ssk", "check", "--json")
    assert result.exit_code in (0, 1), result.stderr
    assert "doctor" not in {r.action for r in rows_after(world.store, before)}


def test_a_broken_log_chain_is_logged_as_damaged_and_still_blocks_writes(
    world: World, store_url: str
) -> None:
    if not world.store.sqlite:
        pytest.skip("the write block is SQLite's marker file")
    path = world.store.path
    assert path is not None
    with sqlite3.connect(path) as conn:
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'access_log'"
        ).fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute(
            "UPDATE access_log SET actor = 'mallory' WHERE id = (SELECT max(id) FROM access_log)"
        )
    before = newest(world.store)
    cli = Cli(store_url)
    assert cli("sara.support", "doctor").exit_code == 5
    [row] = rows_after(world.store, before)
    assert (row.action, row.actor, row.outcome) == ("doctor", "sara.support", "damaged")
    assert "audit_tail damaged" in (row.detail or "")
    assert (path.parent / "store.db-damaged").exists()
    assert cli("sara.support", "backup", str(path.parent / "copy.db")).exit_code == 5


def _set_detail(store: Store, row_id: int, detail: str | None) -> None:
    """Edit a log row behind the program's back (its append-only trigger off meanwhile)."""
    from sqlalchemy import text

    with store.engine.begin() as conn:
        if store.sqlite:
            conn.execute(text("DROP TRIGGER IF EXISTS access_log_no_update"))
        else:
            conn.execute(text("ALTER TABLE access_log DISABLE TRIGGER access_log_no_change"))
        conn.execute(
            text("UPDATE access_log SET detail = :d WHERE id = :i"), {"d": detail, "i": row_id}
        )
        if not store.sqlite:
            conn.execute(text("ALTER TABLE access_log ENABLE TRIGGER access_log_no_change"))


def test_damage_found_by_the_doctor_blocks_writes_on_both_back_ends_until_whole(
    world: World, store_url: str
) -> None:
    from sqlalchemy import text

    from fblmail.errors import StoreProblem

    if world.store.path is not None:
        world.store.path.chmod(0o600)
    cli = Cli(store_url)
    row_id = newest(world.store)
    [row] = rows_after(world.store, row_id - 1)
    _set_detail(world.store, row_id, "ändrad")
    assert cli("sara.support", "doctor").exit_code == 5
    if world.store.sqlite:
        assert world.store.path is not None
        assert world.store.path.with_name("store.db-damaged").exists()
    else:
        with world.store.engine.connect() as conn:
            found = conn.execute(text("SELECT findings FROM store_damage")).scalar_one()
        assert "audit_tail" in found
    before = newest(world.store)
    blocked = cli("anna.ssk", "access", "request", "new", "--reason", "x")
    assert blocked.exit_code == 5 and "skadad" in blocked.stderr
    assert "Traceback" not in blocked.stderr
    with pytest.raises(StoreProblem):
        world.send()
    assert newest(world.store) == before  # nothing written, not even a refusal
    _set_detail(world.store, row_id, row.detail)  # the store whole again (as after a restore)
    assert cli("sara.support", "doctor").exit_code == 0
    world.send()  # writes go through again
    assert newest(world.store) > before

"""Creating, upgrading and checking the schema; the migration matches the tables (drift guard)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import fblmail.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from fblmail.errors import StoreProblem
from fblmail.store import schema
from fblmail.store.engine import make_engine
from fblmail.store.schema import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    MIGRATIONS_DIR,
    check_schema,
    current_revision,
    upgrade_schema,
)


@pytest.fixture
def empty_engine(empty_store_url: str) -> Iterator[Engine]:
    """An engine over an empty database."""
    engine = make_engine(empty_store_url)
    yield engine
    engine.dispose()


@pytest.fixture
def migrated_engine(store_url: str) -> Iterator[Engine]:
    """An engine over a migrated, empty store."""
    engine = make_engine(store_url)
    yield engine
    engine.dispose()


def _shape(engine: Engine) -> dict[str, Any]:
    """Tables, their columns and indexes, and the seeded rows: what `init` must not change."""
    with engine.connect() as conn:
        inspector = inspect(conn)
        shape: dict[str, Any] = {
            table: (
                sorted(c["name"] for c in inspector.get_columns(table)),
                sorted(str(i["name"]) for i in inspector.get_indexes(table)),
            )
            for table in inspector.get_table_names()
        }
        shape["audit_head"] = conn.execute(text("SELECT * FROM audit_head")).all()
        shape["alembic_version"] = conn.execute(text("SELECT * FROM alembic_version")).all()
    return shape


def _set_revision(engine: Engine, revision: str) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


# -- init: create or upgrade, safe twice ------------------------------------------------------


def test_upgrade_creates_then_is_a_no_op(empty_engine: Engine) -> None:
    assert current_revision(empty_engine) is None
    assert upgrade_schema(empty_engine) == (None, HEAD_REVISION)
    shape = _shape(empty_engine)
    assert upgrade_schema(empty_engine) == (HEAD_REVISION, HEAD_REVISION)
    assert _shape(empty_engine) == shape
    check_schema(empty_engine)  # no complaint


def test_upgrade_of_a_migrated_store_is_a_no_op(migrated_engine: Engine) -> None:
    shape = _shape(migrated_engine)
    assert upgrade_schema(migrated_engine) == (HEAD_REVISION, HEAD_REVISION)
    assert upgrade_schema(migrated_engine) == (HEAD_REVISION, HEAD_REVISION)
    assert _shape(migrated_engine) == shape


# -- check_schema: a clear message and exit code 5, never a traceback --------------------------


def test_empty_store_asks_for_init(empty_engine: Engine) -> None:
    with pytest.raises(StoreProblem) as caught:
        check_schema(empty_engine)
    assert caught.value.exit_code == 5
    assert "fblmail init" in caught.value.sv
    assert "fblmail init" in caught.value.en


def test_older_store_asks_for_init(
    migrated_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pretend this program knows a newer revision than the store has.
    monkeypatch.setattr(schema, "HEAD_REVISION", "0002")
    monkeypatch.setattr(schema, "KNOWN_REVISIONS", (*KNOWN_REVISIONS, "0002"))
    with pytest.raises(StoreProblem) as caught:
        schema.check_schema(migrated_engine)
    assert caught.value.exit_code == 5
    assert "äldre" in caught.value.sv
    assert HEAD_REVISION in caught.value.sv
    assert "fblmail init" in caught.value.sv


def test_newer_store_asks_to_upgrade_the_program(migrated_engine: Engine) -> None:
    _set_revision(migrated_engine, "9999")
    for call in (check_schema, upgrade_schema):
        with pytest.raises(StoreProblem) as caught:
            call(migrated_engine)
        assert caught.value.exit_code == 5
        assert "nyare" in caught.value.sv
        assert "9999" in caught.value.sv
        assert "Uppdatera fblmail" in caught.value.sv
    # Refusing to upgrade left the store as it was.
    assert current_revision(migrated_engine) == "9999"


def test_unopenable_store_is_a_store_problem(backend: str, request: pytest.FixtureRequest) -> None:
    if backend == "sqlite":
        path: Path = request.getfixturevalue("tmp_path") / "not-a-database.db"
        path.write_bytes(b"this is not an SQLite file, just text " * 200)
        url = f"sqlite:///{path}"
    else:
        base = request.getfixturevalue("pg_base_url")
        url = make_url(base).set(database="no_such_database").render_as_string(False)
    engine = make_engine(url)
    try:
        with pytest.raises(StoreProblem) as caught:
            check_schema(engine)
    finally:
        engine.dispose()
    assert caught.value.exit_code == 5
    assert "--db" in caught.value.sv and "FBLMAIL_DATABASE_URL" in caught.value.sv


# -- the migration and the program agree -------------------------------------------------------


def _script() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def test_head_revision_is_alembics_head() -> None:
    script = _script()
    assert script.get_heads() == [HEAD_REVISION]
    assert {r.revision for r in script.walk_revisions()} == set(KNOWN_REVISIONS)


def _expected_extra(diff: tuple[Any, ...]) -> bool:
    """Schema the migration adds on purpose that the SQLModel metadata does not describe."""
    kind = diff[0]
    if kind == "remove_table":  # SQLite FTS5 table and its shadow tables
        return bool(diff[1].name.startswith("message_fts"))
    if kind == "remove_index":  # the GIN index over the generated column on PostgreSQL
        return bool(diff[1].name == "ix_message_search")
    if kind == "remove_column":  # message.search, a generated tsvector on PostgreSQL
        return bool(diff[2] == "message" and diff[3].name == "search")
    return False


def test_migration_matches_the_tables(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, SQLModel.metadata)
    drift = [d for d in diffs if not (isinstance(d, tuple) and _expected_extra(d))]
    assert drift == [], "store/tables/ and the migration differ; change both together"

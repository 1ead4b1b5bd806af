"""A store file deleted, replaced or made read-only under a running program is refused in
plain words before the next unit of work, instead of writing into a deleted file (lost) or
a new empty one ("run fblmail init"), or showing SQLAlchemy's text."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from fblmail.errors import StoreProblem
from fblmail.store.engine import Store, make_engine


def open_store(path: Path, query: str = "") -> Store:
    store = Store(make_engine(f"sqlite:///{path}{query}"))
    return store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "store.db")
    with store.write() as session:
        session.execute(text("CREATE TABLE note (body TEXT)"))
    return store


def write_note(store: Store) -> None:
    with store.write() as session:
        session.execute(text("INSERT INTO note VALUES ('hej')"))


def test_a_healthy_store_writes_and_reads(store: Store) -> None:
    write_note(store)
    with store.read() as session:
        assert session.execute(text("SELECT count(*) FROM note")).scalar_one() == 1


def test_a_deleted_file_is_named_before_anything_is_written(store: Store) -> None:
    write_note(store)  # pooled connections hold the file open
    assert store.file is not None
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store.file.path}{suffix}").unlink(missing_ok=True)
    with pytest.raises(StoreProblem, match="finns inte längre") as caught:
        write_note(store)
    assert "init" not in caught.value.sv
    with pytest.raises(StoreProblem, match="finns inte längre"), store.read():
        pass
    assert not store.file.path.exists()  # no new empty database was created either


def test_a_replaced_file_is_refused(store: Store, tmp_path: Path) -> None:
    assert store.file is not None
    copy = tmp_path / "copy.db"
    shutil.copyfile(store.file.path, copy)
    os.replace(copy, store.file.path)
    with pytest.raises(StoreProblem, match="bytts ut"):
        write_note(store)


def test_a_read_only_file_is_refused_in_plain_words(store: Store) -> None:
    assert store.file is not None
    os.chmod(store.file.path, 0o444)
    try:
        with pytest.raises(StoreProblem, match="skrivskyddad"):
            write_note(store)
        with store.read() as session:  # reading still works
            assert session.execute(text("SELECT count(*) FROM note")).scalar_one() == 0
    finally:
        os.chmod(store.file.path, 0o644)
    write_note(store)


def test_the_drivers_read_only_error_becomes_a_store_problem(store: Store) -> None:
    assert store.file is not None
    read_only = Store(make_engine(f"sqlite:///file:{store.file.path}?mode=ro&uri=true"))
    with pytest.raises(StoreProblem, match="skrivskyddad") as caught:
        write_note(read_only)
    assert "sqlalchemy" not in caught.value.sv.lower()


def test_a_read_only_database_is_named_on_both_back_ends(store_url: str, backend: str) -> None:
    if backend == "sqlite":
        path = make_url(store_url).database
        read_only = Store(make_engine(f"sqlite:///file:{path}?mode=ro&uri=true"))
        statements = ["CREATE TABLE x (y INTEGER)"]
    else:
        read_only = Store(make_engine(store_url))
        statements = ["SET TRANSACTION READ ONLY", "CREATE TABLE x (y INTEGER)"]
    try:
        with pytest.raises(StoreProblem, match="skrivskyddad"), read_only.write() as session:
            for statement in statements:
                session.execute(text(statement))
    finally:
        read_only.engine.dispose()

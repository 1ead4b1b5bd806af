"""After a purge and checkpoint, a purged body is nowhere in the SQLite files (R17)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from fblmail.store.engine import Store, make_engine
from support import HERRHAGEN, KARLSTAD, FakeClock, World, populate


@pytest.fixture
def sqlite_world(sqlite_store_url: str) -> Iterator[tuple[World, Path]]:
    engine = make_engine(sqlite_store_url)
    world = populate(Store(engine), FakeClock())
    yield world, Path(make_url(sqlite_store_url).database or "")
    engine.dispose()


def raw_bytes(path: Path) -> bytes:
    """The database file and whatever is left in its write-ahead log."""
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        data += wal.read_bytes()
    return data


def marked(world: World, login: str, label: str, **overrides: object) -> str:
    """Send a message whose body and subject carry a unique marker; return the marker hex."""
    token = uuid.uuid4().hex
    world.send(
        login,
        subject=f"Ämne {label}-{token}",
        body=f"Fråga med {label}-{token} och åäö {token}x",
        **overrides,
    )
    return token


@pytest.mark.parametrize("budget", [None, 0], ids=["merged", "optimized"])
def test_purged_text_is_gone_from_the_database_files(
    sqlite_world: tuple[World, Path], budget: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Merged step by step, or (budget 0: as if writers kept restarting it) optimized."""
    from fblmail.service.purge import Purger

    monkeypatch.setattr(Purger, "merge_step_budget", budget)
    world, path = sqlite_world
    for n in range(30):  # enough other text for several index segments and pages
        world.send("anna.ssk", subject=f"Fyllnad {n}", body=f"Vanlig text nummer {n} " * 20)
    gone_expired = marked(world, "anna.ssk", "PURGEMARKER")
    world.clock.advance(days=366)
    gone_manual = marked(world, "cecilia.dr", "PURGEMARKER", from_fbl=HERRHAGEN, to_fbl=KARLSTAD)
    kept = marked(world, "anna.ssk", "KEEPMARKER")
    assert gone_expired.encode() in raw_bytes(path)

    world.as_("sara.support").purge.expired()
    world.as_("cecilia.dr").purge.purge(HERRHAGEN, folder="sent")
    result = world.as_("anna.ssk").purge.purge(KARLSTAD, folder="inbox")
    assert result.deleted_messages == 1
    assert result.checkpointed
    assert result.search_index == ("merged" if budget is None else "optimized")

    data = raw_bytes(path)
    for token in (gone_expired, gone_manual):
        assert f"PURGEMARKER-{token}".encode() not in data
        assert token.encode() not in data  # nor the full-text index's copy of the word
        assert token[-16:].encode() not in data
    assert f"KEEPMARKER-{kept}".encode() in data
    # The kept message is still searchable: its words are still in the index.
    with world.store.read() as session:
        hits = session.connection().exec_driver_sql(
            "SELECT count(*) FROM message_fts WHERE message_fts MATCH ?", (f'"{kept}x"',)
        )
        assert hits.scalar_one() == 1

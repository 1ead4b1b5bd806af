"""After a purge and checkpoint, a purged body is nowhere in the SQLite files (R17)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from fblmail.store.engine import Store, make_engine
from kit.people import HERRHAGEN, KARLSTAD, FakeClock, World, populate


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
    from fblmail.service.duty.purge import Purger

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


# The purge as a separate process that kills itself right after its last deleting batch has
# committed: before the full-text merge, the end of the run and the checkpoint.
_KILLED_PURGE = """
import os, signal, sys
from datetime import datetime
from fblmail.service import Messenger
from fblmail.store.engine import Store, make_engine

url, now = sys.argv[1], datetime.fromisoformat(sys.argv[2])

def after_batch(done: int, total: int) -> None:
    if done >= total:
        os.kill(os.getpid(), signal.SIGKILL)

store = Store(make_engine(url))
Messenger(store, "sara.support", lambda: now).purge.expired(on_progress=after_batch)
"""


def test_a_purge_killed_before_its_end_is_finished_by_the_next_run(
    sqlite_world: tuple[World, Path], sqlite_store_url: str
) -> None:
    import signal
    import subprocess
    import sys

    world, path = sqlite_world
    for n in range(30):
        world.send("anna.ssk", subject=f"Fyllnad {n}", body=f"Vanlig text nummer {n} " * 20)
    gone = marked(world, "anna.ssk", "PURGEMARKER")
    world.clock.advance(days=366)
    kept = marked(world, "anna.ssk", "KEEPMARKER")
    world.store.engine.dispose()  # the child must be the only writer, as a timer's run is

    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_PURGE, sqlite_store_url, world.clock().isoformat()],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    assert token_left(gone, raw_bytes(path))  # the kill point really leaves the words behind

    purger = world.as_("sara.support").purge
    assert purger.cleanup_pending()  # what makes `fblmail purge` run even with nothing left
    again = purger.expired()
    assert again.deleted_messages == 0
    assert again.search_index == "merged"
    assert not token_left(gone, raw_bytes(path))
    assert f"KEEPMARKER-{kept}".encode() in raw_bytes(path)


def test_merge_finishes_while_other_users_keep_writing(
    sqlite_world: tuple[World, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Messages stored between merge steps never let purged words survive the purge."""
    from fblmail.service.duty import purge_cleanup

    # One page per step to begin with: the merge takes several steps even on a small index.
    monkeypatch.setattr(purge_cleanup, "FTS_MERGE_PAGES", 1)
    monkeypatch.setattr(purge_cleanup, "MIN_MERGE_PAGES", 1)
    # Steps grow twofold whatever they took: sized by lock time, a loaded machine shrank
    # them until the page budget ran out and the run ended in one `optimize` instead.
    monkeypatch.setattr(
        purge_cleanup, "next_batch_size", lambda size, _seconds, _low, high: min(high, 2 * size)
    )
    world, path = sqlite_world
    gone = [marked(world, "anna.ssk", "PURGEMARKER") for _ in range(5)]
    world.clock.advance(days=366)
    for n in range(60):  # kept: an index of several segments for the merge to rewrite
        world.send("anna.ssk", subject=f"Fyllnad {n}", body=f"Vanlig text nummer {n} " * 30)
    sent_between: list[str] = []

    def another_user_writes(_seconds: float) -> None:
        sent_between.append(marked(world, "anna.ssk", "KEEPMARKER"))

    result = world.as_("sara.support").purge.expired(on_batch=another_user_writes)
    assert result.deleted_messages == 5
    assert result.search_index == "merged"
    assert result.transactions >= 6  # start, batch, merge steps (at least two), end, checkpoint
    data = raw_bytes(path)
    assert not any(token_left(token, data) for token in gone)
    assert all(token.encode() in data for token in sent_between)


def token_left(token: str, data: bytes) -> bool:
    """Any trace of a marker: the text, the index's word, or a prefix-compressed tail."""
    return any(piece.encode() in data for piece in (token, token[-16:]))

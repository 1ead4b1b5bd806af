"""Issue 13: drafts fall under R17, and an interrupted purge run does not stay open."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import select

from fblmail.errors import InvalidInput
from fblmail.service.mailboxes.drafts import DraftInput
from fblmail.store.engine import Store, make_engine
from fblmail.store.tables import AccessLog, Draft, PurgeRun
from kit.people import ARVIKA, HERRHAGEN, KARLSTAD, TOLVAN, FakeClock, World, populate
from kit.stores import last_log_id


def draft(world: World, login: str, box: str, subject: str) -> str:
    """Save a draft with patient data written from `box`; returns its id."""
    content = DraftInput(box, HERRHAGEN, "Recept", TOLVAN, subject, f"Text {subject}")
    return world.as_(login).drafts.save(content).id


def drafts(world: World) -> set[str]:
    with world.store.read() as session:
        return set(session.exec(select(Draft.subject)).all())


def log_details(world: World, after: int) -> list[str]:
    with world.store.read() as session:
        rows = session.exec(select(AccessLog).where(AccessLog.id > after)).all()  # type: ignore[operator]
    return [f"{r.action}: {r.detail}" for r in rows]


def test_all_folders_removes_the_fbls_drafts_only(world: World) -> None:
    draft(world, "anna.ssk", KARLSTAD, "Karlstads utkast")
    draft(world, "bengt.ssk", KARLSTAD, "Bengts utkast")
    draft(world, "erik.ssk", ARVIKA, "Arvikas utkast")
    draft(world, "cecilia.dr", HERRHAGEN, "Herrhagens utkast")
    plan = world.as_("anna.ssk").purge.plan(KARLSTAD, all_folders=True)
    assert plan.drafts == 2 and plan.to_json()["drafts"] == 2
    mark = last_log_id(world.store)
    result = world.as_("fia.chef").purge.purge("karlstad", all_folders=True)
    assert result.deleted_drafts == 2
    assert drafts(world) == {"Arvikas utkast", "Herrhagens utkast"}
    assert any("deleted 2 drafts" in d for d in log_details(world, mark))
    # --folder drafts takes them too; --folder trash does not
    draft(world, "anna.ssk", KARLSTAD, "Nytt")
    assert world.as_("anna.ssk").purge.purge(KARLSTAD, folder="trash").deleted_drafts == 0
    assert world.as_("anna.ssk").purge.purge(KARLSTAD, folder="drafts").deleted_drafts == 1


def test_expired_removes_drafts_untouched_past_the_units_draft_days(world: World) -> None:
    draft(world, "anna.ssk", KARLSTAD, "Gammalt Karlstad")
    draft(world, "cecilia.dr", HERRHAGEN, "Gammalt Herrhagen")
    world.as_("fia.chef").routine.set("karlstad", draft_days=10)
    assert world.as_("fia.chef").routine.show().draft_days == 10
    assert world.as_("cecilia.dr").routine.show().draft_days == 30  # default
    world.clock.advance(days=11)
    fresh = draft(world, "bengt.ssk", KARLSTAD, "Nytt Karlstad")
    support = world.as_("sara.support").purge
    assert support.plan_expired().drafts == 1
    mark = last_log_id(world.store)
    assert support.expired().deleted_drafts == 1
    assert drafts(world) == {"Gammalt Herrhagen", "Nytt Karlstad"}
    assert any("deleted 1 drafts" in d for d in log_details(world, mark))
    world.clock.advance(days=20)  # Herrhagen's draft is 31 days old, Bengt's 20
    world.as_("bengt.ssk").drafts.save(DraftInput(KARLSTAD, subject="Rört"), fresh)
    assert support.expired().deleted_drafts == 1
    assert drafts(world) == {"Rört"}
    with pytest.raises(InvalidInput):
        world.as_("fia.chef").routine.set("karlstad", draft_days=0)


def test_an_interrupted_run_is_closed_by_the_next(world: World) -> None:
    support = world.as_("sara.support").purge
    with world.store.write() as session:  # a run that died before its end
        session.add(PurgeRun(kind="expired", actor="sara.support", started_at=world.clock()))
        session.add(
            PurgeRun(kind="manual", mailbox=ARVIKA, actor="erik.ssk", started_at=world.clock())
        )
    world.clock.advance(minutes=5)
    first = support.expired()
    assert len(first.closed_interrupted_runs) == 1  # the same purge; Arvika's is young
    world.clock.advance(hours=7)
    second = support.expired()
    assert len(second.closed_interrupted_runs) == 1  # Arvika's, stale now
    with world.store.read() as session:
        runs = session.exec(select(PurgeRun).order_by(PurgeRun.id)).all()  # type: ignore[arg-type]
    assert [r.outcome for r in runs] == ["interrupted", "interrupted", "done", "done"]
    assert all(r.finished_at is None for r in runs[:2])


@pytest.fixture
def sqlite_world(sqlite_store_url: str) -> Iterator[tuple[World, Path]]:
    engine = make_engine(sqlite_store_url)
    world = populate(Store(engine), FakeClock())
    yield world, Path(make_url(sqlite_store_url).database or "")
    engine.dispose()


def test_purged_draft_text_is_gone_from_the_file(sqlite_world: tuple[World, Path]) -> None:
    world, path = sqlite_world
    token = uuid.uuid4().hex
    draft(world, "anna.ssk", KARLSTAD, f"Utkast {token}")
    world.as_("anna.ssk").purge.purge(KARLSTAD, all_folders=True)
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        data += wal.read_bytes()
    assert token.encode() not in data

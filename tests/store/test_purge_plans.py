"""Every statement a purge runs finds its rows through an index (R17, issue 10).

The statements are captured as the service runs them, then judged by the database itself
(`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` with sequential scans priced out on
PostgreSQL): no full scan of a large table, and on SQLite no sort of the selection, which
meant reading every remaining item of the mailbox for every batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from fblmail.service.mailboxes.drafts import DraftInput
from kit.people import HERRHAGEN, KARLSTAD, TOLVAN, World
from kit.plans import captured, explained, scanned_tables

# `draft` too: a manual purge takes one FBL's drafts and the daily deletion the drafts
# untouched too long, each through its index (migration 0007), not by reading them all.
LARGE = ("message", "mailbox_item", "thread", "journal_note", "disclosure", "draft")
SORTED = "USE TEMP B-TREE FOR ORDER BY"


def bad_plans(world: World, statements: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """(what, statement) for every full scan of a large table and every SQLite sort."""
    found = []
    for statement, plan, postgres in explained(world, statements):
        found += [(t, statement) for t in scanned_tables(plan, postgres) if t in LARGE]
        if not postgres and SORTED in plan and "mailbox_item" in statement:
            found.append(("sort", statement))
    return found


def assert_indexed(world: World, run: Callable[[], object], *, drafts: bool = False) -> None:
    with captured(world, ("SELECT", "DELETE")) as statements:
        run()
    deletes = [s for s, _ in statements if s.lstrip().upper().startswith("DELETE")]
    assert deletes, "no DELETE was captured: the test would pass whatever the plans"
    if drafts:
        assert any(" draft" in s for s in deletes), "no draft DELETE was captured"
    assert bad_plans(world, statements) == []


def some_mail(world: World) -> None:
    for n in range(3):
        world.send("anna.ssk", subject=f"Fråga {n}")
        world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD, subject=f"Svar {n}")
    save_drafts(world)


def save_drafts(world: World) -> None:
    for login in ("anna.ssk", "bengt.ssk"):
        content = DraftInput(KARLSTAD, HERRHAGEN, "Recept", TOLVAN, "Utkast", "Text")
        world.as_(login).drafts.save(content)


def test_a_manual_purge_reads_its_batches_by_index(world: World) -> None:
    some_mail(world)
    purger = world.as_("anna.ssk").purge
    assert_indexed(world, lambda: purger.purge(KARLSTAD, folder="inbox", batch_size=2))
    assert_indexed(
        world, lambda: purger.purge(KARLSTAD, all_folders=True, batch_size=2), drafts=True
    )


def test_a_manual_purge_by_age_reads_its_batches_by_index(world: World) -> None:
    some_mail(world)
    world.clock.advance(days=40)
    world.send("anna.ssk", subject="Ny")
    purger = world.as_("anna.ssk").purge
    assert_indexed(world, lambda: purger.purge(KARLSTAD, older_than_days=30, batch_size=2))


def test_the_one_year_deletion_reads_its_batches_by_index(world: World) -> None:
    some_mail(world)
    world.clock.advance(days=366)
    world.send("anna.ssk", subject="Ny")
    purger = world.as_("sara.support").purge
    assert_indexed(world, lambda: purger.expired(batch_size=2), drafts=True)


def test_a_purge_of_the_drafts_folder_by_age_reads_drafts_by_index(world: World) -> None:
    some_mail(world)
    world.clock.advance(days=40)
    purger = world.as_("anna.ssk").purge
    assert_indexed(
        world,
        lambda: purger.purge(KARLSTAD, folder="drafts", older_than_days=30, batch_size=2),
        drafts=True,
    )


def test_the_plan_check_finds_a_scan_of_the_drafts(world: World) -> None:
    """The detector on `draft`: a condition no index serves is a full scan."""
    statement = "SELECT id FROM draft WHERE subject = 'x'"
    assert bad_plans(world, [(statement, ())]) == [("draft", statement)]


def test_the_plan_check_finds_the_sort_it_looks_for(world: World) -> None:
    """The detector itself: ordered by id alone, a batch's select sorts on SQLite (PostgreSQL
    walks the primary key instead, which its `EXPLAIN` does not flag)."""
    if not world.store.sqlite:
        pytest.skip("the sort is SQLite's")
    some_mail(world)
    statement = "SELECT id FROM mailbox_item WHERE mailbox_id = 1 ORDER BY id LIMIT 2"
    found = bad_plans(world, [(statement, ())])
    assert found, "the detector missed a sorted or scanned selection"

"""The recurring follow-up: a reproducible sample with flagged rows, and its recorded review."""

from __future__ import annotations

import pytest

from fblmail.errors import InvalidInput, NoAccess
from fblmail.service.audit.sample import (
    FLAG_AFTER_END,
    FLAG_NIGHT,
    FLAG_OUTSIDE,
    FLAG_VOLUME,
    draw_key,
)
from kit.people import HERRHAGEN, KARLSTAD, World
from kit.service import end_account
from kit.stores import log_rows, refusals


def _ordinary_days(world: World, days: int) -> str:
    """A few quiet days: each cast member reads one message a day in office hours."""
    message_id = world.send("anna.ssk")
    for _ in range(days):
        world.clock.advance(days=1)
        for login in ("bengt.ssk", "fia.chef", "cecilia.dr", "david.ssk"):
            world.as_(login).folders.show(message_id)
    return message_id


def test_flags(world: World) -> None:
    message_id = _ordinary_days(world, 8)
    # Unusual volume: anna reads the same message 25 times in one day.
    for _ in range(25):
        world.as_("anna.ssk").folders.show(message_id)
    # Outside the user's FBLs: gustav (Vc Gripen) tries Karlstad's inbox.
    with pytest.raises(NoAccess):
        world.as_("gustav.ssk").folders.list_messages(KARLSTAD)
    # At night (22:30 local time).
    world.clock.advance(hours=13)
    world.as_("cecilia.dr").folders.show(message_id)
    # After the account ended.
    world.clock.advance(hours=12)
    end_account(world, "bengt.ssk")
    world.clock.advance(minutes=5)
    with pytest.raises(NoAccess):
        world.as_("bengt.ssk").folders.show(message_id)

    drawn = world.as_("sara.support").audit.sample(n=40, seed=7)

    rows = log_rows(world.store)
    volume = [
        r.id for r in rows if r.id is not None and r.actor == "anna.ssk" and r.action == "read"
    ]
    outside = [
        r.id for r in rows if r.id is not None and r.actor == "gustav.ssk" and r.outcome != "ok"
    ]
    night = [r.id for r in rows if r.id is not None and r.actor == "cecilia.dr"][-1]
    after_end = [
        r.id for r in rows if r.id is not None and r.actor == "bengt.ssk" and r.outcome != "ok"
    ]
    assert drawn.flagged == len(volume) + len(outside) + 1 + len(after_end)
    # Every flagged row of the log is a candidate; the sample takes up to half of n.
    assert sum(1 for s in drawn.rows if s.reason == "flagged") == 20
    assert sum(1 for s in drawn.rows if s.reason == "random") == 20
    assert all(not s.flags for s in drawn.rows if s.reason == "random")
    full = world.as_("sara.support").audit.sample(n=1000, seed=7)
    all_flags = {s.row.id: set(s.flags) for s in full.rows}
    assert all(all_flags[i] == {FLAG_VOLUME} for i in volume)
    assert all_flags[outside[0]] == {FLAG_OUTSIDE}
    assert all_flags[night] == {FLAG_NIGHT}
    assert all_flags[after_end[0]] == {FLAG_AFTER_END}
    ordinary = [r.id for r in rows if r.id is not None and r.actor == "david.ssk"]
    assert all(all_flags[i] == set() for i in ordinary)


def test_same_seed_same_sample(world: World) -> None:
    _ordinary_days(world, 3)
    audit = world.as_("sara.support").audit
    first = audit.sample(n=6, seed=42, until="2026-11-05")
    again = audit.sample(n=6, seed=42, until="2026-11-05")
    other = audit.sample(n=6, seed=43, until="2026-11-05")
    ids = [s.row.id for s in first.rows]
    assert len(ids) == 6 and ids == sorted(ids)
    assert [s.row.id for s in again.rows] == ids
    assert [s.row.id for s in other.rows] != ids
    # New rows after the period (here: the samples' own log rows, and more traffic) leave a
    # sample of a closed period unchanged.
    world.clock.advance(days=5)
    world.send("anna.ssk")
    assert [s.row.id for s in audit.sample(n=6, seed=42, until="2026-11-05").rows] == ids
    # Without a period, `last_row` pins the extent of the log that was drawn from.
    whole = audit.sample(n=6, seed=42)
    world.send("anna.ssk")
    repeat = audit.sample(n=6, seed=42, last_row=whole.last_row_id)
    assert [s.row.id for s in repeat.rows] == [s.row.id for s in whole.rows]
    # The draw is a pure function of the seed and the row id.
    assert draw_key(42, 1) == draw_key(42, 1) != draw_key(43, 1)


def test_period_and_scope(world: World) -> None:
    _ordinary_days(world, 3)
    audit = world.as_("sara.support").audit
    window = audit.sample(n=1000, seed=1, since="2026-11-04", until="2026-11-04")
    assert window.rows
    assert all(s.row.at.date().isoformat() == "2026-11-04" for s in window.rows)
    unit = world.as_("fia.chef").audit.sample(n=1000, seed=1)
    assert unit.rows
    for s in unit.rows:
        assert s.row.mailbox == KARLSTAD or s.row.actor in {"anna.ssk", "bengt.ssk", "fia.chef"}
    assert HERRHAGEN not in {s.row.mailbox for s in unit.rows}
    with pytest.raises(NoAccess):
        world.as_("anna.ssk").audit.sample(n=5, seed=1)
    with pytest.raises(InvalidInput) as bad:
        audit.sample(n=0, seed=1)
    assert bad.value.field == "n"


def test_review_records_the_sampled_rows(world: World) -> None:
    _ordinary_days(world, 2)
    audit = world.as_("sara.support").audit
    shown = audit.sample(n=5, seed=9, until="2026-11-03")
    review = audit.record_review(
        seed=9, n=5, outcome="ok", note="Inget anmärkningsvärt", until="2026-11-03"
    )
    assert review.row_ids == tuple(s.row.id for s in shown.rows)
    whole = audit.sample(n=5, seed=9)  # the whole log, pinned by its last row
    pinned = audit.record_review(seed=9, n=5, outcome="ok", last_row=whole.last_row_id)
    assert pinned.row_ids == tuple(s.row.id for s in whole.rows)
    assert (review.reviewer, review.outcome, review.seed, review.size) == (
        "sara.support",
        "ok",
        9,
        5,
    )
    last = log_rows(world.store)[-1]
    assert (last.action, last.actor) == ("audit-review", "sara.support")
    with pytest.raises(InvalidInput) as no_note:
        audit.record_review(seed=9, n=5, outcome="follow-up")
    assert no_note.value.field == "note"
    with pytest.raises(InvalidInput):
        audit.record_review(seed=9, n=5, outcome="kanske")
    world.as_("fia.chef").audit.record_review(
        seed=3, n=2, outcome="follow-up", note="Fråga Bengt om läsningen"
    )
    assert [r.reviewer for r in audit.reviews()] == ["fia.chef", "sara.support", "sara.support"]
    assert [r.reviewer for r in world.as_("fia.chef").audit.reviews()] == ["fia.chef"]
    with pytest.raises(NoAccess):
        world.as_("anna.ssk").audit.record_review(seed=1, n=1, outcome="ok")
    assert len(refusals(world.store, "anna.ssk")) == 1

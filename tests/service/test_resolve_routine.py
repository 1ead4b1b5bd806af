"""Resolving a late question (R10) and the unit's local routine (R20), on both back ends."""

from __future__ import annotations

from typing import TypedDict

import pytest
from sqlmodel import select

from fblmail.errors import InvalidInput, NoAccess, Refused
from fblmail.store.tables import MailboxItem, Thread
from kit.people import HERRHAGEN, KARLSTAD, World
from kit.service import FULL_ROUTINE
from kit.stores import log_rows, table_counts


class _Windows(TypedDict, total=False):
    """Check windows as `routine.set` takes them (so `**bad` type-checks)."""

    morning: str
    afternoon: str


def test_sender_resolves_an_overdue_question_and_it_leaves_the_lists(world: World) -> None:
    message_id = world.send("anna.ssk")
    world.clock.advance(hours=73)
    assert world.as_("anna.ssk").checks.run().mailboxes[0].our_unanswered.total == 1

    done = world.as_("bengt.ssk").resolutions.resolve(
        message_id[:8], "telefon", "Ringde Herrhagen, pratade med Cecilia."
    )
    assert (done.resolved_by, done.resolved_how, done.counterpart) == (
        "bengt.ssk",
        "phone",
        HERRHAGEN,
    )
    assert world.as_("anna.ssk").checks.run().mailboxes[0].our_unanswered.total == 0
    theirs = world.as_("cecilia.dr").checks.run().mailboxes[0]
    assert (theirs.overdue_for_us.total, theirs.waiting_for_us.total) == (0, 0)
    summary = world.as_("cecilia.dr").folders.list_messages(HERRHAGEN).items[0]
    assert (summary.deadline, summary.overdue) == ("resolved", False)
    with world.store.read() as session:
        thread = session.exec(select(Thread)).one()
        assert thread.resolved_note == "Ringde Herrhagen, pratade med Cecilia."
        assert all(i.due_at is None for i in session.exec(select(MailboxItem)).all())
    (row,) = [r for r in log_rows(world.store) if r.action == "resolve"]
    assert (row.action, row.actor, row.mailbox, row.message_id, row.patient) == (
        "resolve",
        "bengt.ssk",
        KARLSTAD,
        message_id,
        "191212121212",
    )
    assert "Cecilia" not in (row.detail or "")  # the note stays with the thread


def test_only_the_sender_may_resolve_an_open_question(world: World) -> None:
    message_id = world.send("anna.ssk")
    with pytest.raises(Refused) as refused:
        world.as_("cecilia.dr").resolutions.resolve(message_id, "phone", "Ringde")
    assert refused.value.rule == "R10"
    with pytest.raises(NoAccess):
        world.as_("gustav.ssk").resolutions.resolve(message_id, "phone", "Ringde")
    with pytest.raises(InvalidInput):
        world.as_("anna.ssk").resolutions.resolve(message_id, "brev", "Skrev")
    with pytest.raises(InvalidInput):
        world.as_("anna.ssk").resolutions.resolve(message_id, "other", "  ")
    assert log_rows(world.store)[-1].outcome == "invalid"

    world.as_("anna.ssk").resolutions.resolve(message_id, "other", "Löst på möte")  # early is fine
    with pytest.raises(Refused):
        world.as_("anna.ssk").resolutions.resolve(message_id, "phone", "Igen")


def test_an_answered_or_fyi_thread_needs_no_resolving(world: World) -> None:
    asked = world.send("anna.ssk")
    world.as_("cecilia.dr").messaging.reply(asked, "Svar")
    fyi = world.send("anna.ssk", category="För kännedom", fyi_no_risk=True)
    before = table_counts(world.store)
    for ref in (asked, fyi):
        with pytest.raises(Refused):
            world.as_("anna.ssk").resolutions.resolve(ref, "phone", "Ringde")
    after = table_counts(world.store)
    assert after["access_log"] == before["access_log"] + 2
    with world.store.read() as session:
        assert all(t.resolved_at is None for t in session.exec(select(Thread)).all())


def test_routine_defaults_and_gaps(world: World) -> None:
    view = world.as_("anna.ssk").routine.show()
    assert (view.organisation, view.morning, view.afternoon) == (
        "Karlstad",
        "08:00-11:00",
        "13:00-16:00",
    )
    assert view.gaps == ("monitors", "purger", "holiday_cover", "permissions_updater")
    assert view.updated_by is None


def test_manager_sets_the_units_routine(world: World) -> None:
    view = world.as_("fia.chef").routine.set(
        "karlstad", morning="07:30-10:00", afternoon="13.00–15.30", **FULL_ROUTINE
    )
    assert (view.morning, view.afternoon, view.gaps) == ("07:30-10:00", "13:00-15:30", ())
    assert world.as_("erik.ssk").routine.show("Karlstad").monitors == FULL_ROUTINE["monitors"]
    view = world.as_("fia.chef").routine.set(purger="")
    assert view.gaps == ("purger",)
    assert view.morning == "07:30-10:00"  # untouched fields stay
    assert log_rows(world.store)[-1].action == "routine-set"


def test_who_may_change_a_routine_and_bad_times(world: World) -> None:
    with pytest.raises(NoAccess):
        world.as_("anna.ssk").routine.set("karlstad", monitors="Anna")
    with pytest.raises(NoAccess):
        world.as_("fia.chef").routine.set("vc-herrhagen", monitors="Fia")
    world.as_("sara.support").routine.set("vc-herrhagen", monitors="David")
    before = table_counts(world.store)
    bad_windows: tuple[_Windows, ...] = (
        {"morning": "11:00-08:00"},
        {"afternoon": "10:00-12:00"},
        {"morning": "åtta"},
    )
    for bad in bad_windows:
        with pytest.raises(InvalidInput):
            world.as_("fia.chef").routine.set("karlstad", **bad)
    with pytest.raises(InvalidInput):
        world.as_("fia.chef").routine.set("karlstad", monitors="x" * 401)
    with pytest.raises(NoAccess):  # unknown: exit 4 like everywhere (issue 13)
        world.as_("fia.chef").routine.show("Atlantis")
    after = table_counts(world.store)
    assert after["local_routine"] == before["local_routine"] == 1
    assert world.as_("fia.chef").routine.show().morning == "08:00-11:00"

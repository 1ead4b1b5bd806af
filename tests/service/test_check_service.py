"""The duty nurse's check on both back ends: each finding appears exactly when it should."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from fblmail.errors import InvalidInput, NoAccess
from fblmail.store.tables import CheckSignature
from kit.people import ARVIKA, GRIPEN, HERRHAGEN, KARLSTAD, World
from kit.service import FULL_ROUTINE, all_clear, set_local
from kit.stores import last_log_id, log_rows


def one(world: World, login: str, box: str, **kwargs: object):  # type: ignore[no-untyped-def]
    """The check of one FBL."""
    report = world.as_(login).checks.run([box], **kwargs)  # type: ignore[arg-type]
    assert len(report.mailboxes) == 1
    return report.mailboxes[0]


def test_question_waits_for_us_until_72_hours_then_is_overdue(world: World) -> None:
    world.send("anna.ssk")
    world.clock.advance(hours=71)
    theirs = one(world, "cecilia.dr", HERRHAGEN)
    ours = one(world, "anna.ssk", KARLSTAD)
    assert theirs.waiting_for_us.total == 1
    assert theirs.overdue_for_us.total == 0
    assert ours.our_unanswered.total == 0

    world.clock.advance(hours=2)  # 73 h
    theirs = one(world, "cecilia.dr", HERRHAGEN)
    ours = one(world, "anna.ssk", KARLSTAD)
    assert theirs.waiting_for_us.total == 0
    assert theirs.overdue_for_us.total == 1
    assert theirs.overdue_for_us.items[0].time_left_hours == -1.0
    assert ours.our_unanswered.total == 1
    late = ours.our_unanswered.items[0].to_json()
    assert late["to"] == HERRHAGEN
    assert late["phone_unit"] == "Vc Herrhagen"
    assert late["patient"] == "19121212-1212"
    assert "our_unanswered" in ours.actions and "overdue_for_us" in theirs.actions


def test_under_24_hours_left_is_marked_due_soon(world: World) -> None:
    message_id = world.send("anna.ssk")
    world.clock.advance(hours=47)
    first = one(world, "cecilia.dr", HERRHAGEN)
    item = first.waiting_for_us.items[0]
    assert (item.id, item.time_left_hours, item.due_soon) == (message_id, 25.0, False)
    assert first.due_soon == 0

    world.clock.advance(hours=2)  # 49 h: 23 h left
    second = one(world, "cecilia.dr", HERRHAGEN)
    item = second.waiting_for_us.items[0]
    assert (item.time_left_hours, item.due_soon) == (23.0, True)
    assert second.due_soon == 1


def test_an_answer_clears_both_sides(world: World) -> None:
    message_id = world.send("anna.ssk")
    world.clock.advance(hours=10)
    world.as_("cecilia.dr").messaging.reply(message_id, "Ja, den stämmer.")
    world.clock.advance(hours=100)
    assert one(world, "cecilia.dr", HERRHAGEN).overdue_for_us.total == 0
    assert one(world, "anna.ssk", KARLSTAD).our_unanswered.total == 0


def test_expiring_within_seven_days_from_day_358(world: World) -> None:
    world.send("anna.ssk")
    world.clock.advance(days=357)
    assert one(world, "cecilia.dr", HERRHAGEN).expiring_within_7_days.total == 0
    assert one(world, "anna.ssk", KARLSTAD).expiring_within_7_days.total == 0
    world.clock.advance(days=1)
    theirs = one(world, "cecilia.dr", HERRHAGEN).expiring_within_7_days
    ours = one(world, "anna.ssk", KARLSTAD).expiring_within_7_days
    assert (theirs.total, ours.total) == (1, 1)
    assert (theirs.items[0].folder, ours.items[0].folder) == ("inbox", "sent")
    assert theirs.items[0].deleted_after == theirs.items[0].sent_at + timedelta(days=365)


def test_unread_new_since_last_signed_check_and_folders(world: World) -> None:
    first = world.send("anna.ssk")
    world.send("anna.ssk", subject="Andra frågan")
    check = one(world, "cecilia.dr", HERRHAGEN, sign=True)
    assert (check.unread, check.new_since_last_check) == (2, 2)

    world.clock.advance(minutes=5)
    world.as_("cecilia.dr").folders.show(first)
    world.as_("cecilia.dr").folders.delete(first)
    world.send("anna.ssk", subject="Tredje frågan")
    check = one(world, "cecilia.dr", HERRHAGEN)
    assert check.unread == 2
    assert check.new_since_last_check == 1
    assert dict(check.folders) == {"inbox": 2, "sent": 0, "drafts": 0, "trash": 1}
    assert dict(one(world, "anna.ssk", KARLSTAD).folders)["sent"] == 3


def test_fyi_received_counts_and_unread_first(world: World) -> None:
    world.send("anna.ssk", category="För kännedom", fyi_no_risk=True, subject="Info 1")
    world.clock.advance(minutes=1)
    second = world.send("anna.ssk", category="För kännedom", fyi_no_risk=True, subject="Info 2")
    world.send("anna.ssk")  # not FYI
    world.as_("cecilia.dr").folders.show(second)
    check = one(world, "cecilia.dr", HERRHAGEN)
    assert (check.fyi_received.total, check.fyi_unread) == (2, 1)
    assert [i.subject for i in check.fyi_received.items] == ["Info 1", "Info 2"]
    assert check.waiting_for_us.total == 1  # FYI has no deadline


def test_previous_shift_signed_and_missed(world: World) -> None:
    set_local(world, 2, 9, 45)
    assert one(world, "cecilia.dr", HERRHAGEN, sign=True).shift == "morning"
    set_local(world, 2, 14, 0)
    afternoon = one(world, "david.ssk", HERRHAGEN)
    assert afternoon.shift == "afternoon"
    assert afternoon.previous_shift_signed
    assert afternoon.previous_signed_by == "cecilia.dr"
    set_local(world, 3, 9, 0)
    morning = one(world, "david.ssk", HERRHAGEN)
    assert (morning.previous_day.isoformat(), morning.previous_shift) == (
        "2026-11-02",
        "afternoon",
    )
    assert not morning.previous_shift_signed


def test_shift_default_follows_the_units_check_times(world: World) -> None:
    set_local(world, 2, 12, 30)
    assert one(world, "cecilia.dr", HERRHAGEN).shift == "morning"
    world.as_("sara.support").routine.set("vc-herrhagen", afternoon="12:00-15:00")
    assert one(world, "cecilia.dr", HERRHAGEN).shift == "afternoon"
    assert one(world, "cecilia.dr", HERRHAGEN, shift="fm").shift == "morning"
    with pytest.raises(InvalidInput) as refused:
        world.as_("cecilia.dr").checks.run(shift="lunch")
    assert refused.value.field == "shift"


def test_automatic_deletion_must_have_run_in_the_last_two_days(world: World) -> None:
    check = one(world, "anna.ssk", KARLSTAD)
    assert not check.auto_purge_ran_recently
    assert "auto_purge_not_run" in check.actions
    world.as_("sara.support").purge.expired()
    assert one(world, "anna.ssk", KARLSTAD).auto_purge_ran_recently
    world.clock.advance(hours=47)
    assert one(world, "anna.ssk", KARLSTAD).auto_purge_ran_recently
    world.clock.advance(hours=2)
    assert not one(world, "anna.ssk", KARLSTAD).auto_purge_ran_recently


def test_nothing_needs_action_in_a_quiet_tidy_mailbox(world: World) -> None:
    all_clear(world, "karlstad")
    report = world.as_("anna.ssk").checks.run()
    assert [m.mailbox for m in report.mailboxes] == [KARLSTAD]
    assert report.mailboxes[0].actions == ("shift_unsigned",)  # 09:30: the morning window
    report = world.as_("anna.ssk").checks.run(sign=True)
    assert report.mailboxes[0].actions == ()
    assert not report.needs_action
    world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD)
    report = world.as_("anna.ssk").checks.run()
    assert report.needs_action
    assert report.mailboxes[0].actions == ("unread", "waiting_for_us")


def test_routine_gaps_are_reported_until_filled(world: World) -> None:
    gaps = one(world, "anna.ssk", KARLSTAD).routine_gaps
    assert set(gaps) == set(FULL_ROUTINE)
    world.as_("fia.chef").routine.set("karlstad", monitors="Anna och Bengt")
    assert "monitors" not in one(world, "anna.ssk", KARLSTAD).routine_gaps
    world.as_("fia.chef").routine.set(**FULL_ROUTINE)
    assert one(world, "anna.ssk", KARLSTAD).routine_gaps == ()


def test_check_is_logged_and_signing_records_figures(world: World) -> None:
    world.send("anna.ssk")
    before = last_log_id(world.store)
    report = world.as_("cecilia.dr").checks.run(sign=True)
    assert report.signed
    rows = log_rows(world.store, before)
    assert [(r.action, r.mailbox, r.outcome) for r in rows] == [
        ("check", HERRHAGEN, "ok"),
        ("check-sign", HERRHAGEN, "ok"),
    ]
    with world.store.read() as session:
        signature = session.exec(select(CheckSignature)).one()
    assert (signature.login, signature.shift, str(signature.day)) == (
        "cecilia.dr",
        "morning",
        "2026-11-02",
    )
    figures = json.loads(signature.figures)
    assert figures["unread"] == 1 and figures["waiting_for_us"] == 1
    assert "19121212" not in signature.figures  # counts, never patients


def test_signing_a_shown_check_afterwards(world: World) -> None:
    checks = world.as_("david.ssk").checks
    report = checks.run()
    assert not report.signed
    world.clock.advance(minutes=3)
    assert checks.sign(report).signed
    history = checks.history(days=1)
    morning = history.mailboxes[0].slots[0]
    assert (morning.state, morning.signed_by) == ("signed", "david.ssk")


def test_only_members_or_the_units_manager_may_check(world: World) -> None:
    with pytest.raises(NoAccess):
        world.as_("gustav.ssk").checks.run([HERRHAGEN])
    assert log_rows(world.store)[-1].outcome == "denied"
    with pytest.raises(InvalidInput):
        world.as_("sara.support").checks.run()  # monitors no FBL
    world.as_("sara.support").admin.remove_member("fia.chef", KARLSTAD)
    assert one(world, "fia.chef", KARLSTAD).mailbox == KARLSTAD  # the unit's manager
    with pytest.raises(NoAccess):
        world.as_("fia.chef").checks.run([ARVIKA])
    with pytest.raises(NoAccess):
        world.as_("anna.ssk").checks.history(GRIPEN)


def test_history_shows_a_missed_morning_and_pending_shifts(world: World) -> None:
    set_local(world, 2, 10, 0)
    set_local(world, 3, 9, 30)
    history = world.as_("cecilia.dr").checks.history(days=3)
    (grid,) = history.mailboxes
    states = [(s.day.isoformat(), s.shift, s.state) for s in grid.slots]
    assert states == [
        ("2026-11-01", "morning", "not_applicable"),  # before the FBL existed
        ("2026-11-01", "afternoon", "not_applicable"),
        ("2026-11-02", "morning", "missed"),
        ("2026-11-02", "afternoon", "missed"),
        ("2026-11-03", "morning", "pending"),
        ("2026-11-03", "afternoon", "pending"),
    ]
    assert grid.missed == 2
    one(world, "david.ssk", HERRHAGEN, sign=True)
    set_local(world, 3, 11, 30)
    slots = world.as_("cecilia.dr").checks.history(days=1).mailboxes[0].slots
    assert (slots[0].state, slots[0].signed_by, slots[0].late) == ("signed", "david.ssk", False)


def test_manager_history_covers_the_unit(world: World) -> None:
    world.as_("sara.support").admin.remove_member("fia.chef", KARLSTAD)
    grids = world.as_("fia.chef").checks.history(days=1).mailboxes
    assert [g.mailbox for g in grids] == [KARLSTAD]
    assert world.as_("sara.support").checks.history(GRIPEN, days=1).mailboxes[0].mailbox == GRIPEN
    with pytest.raises(InvalidInput):
        world.as_("anna.ssk").checks.history(days=0)

"""Who handles what (issue 11): take, take over, release, the check's untaken list, the CLI."""

from __future__ import annotations

import pytest

from fblmail.errors import InvalidInput, NoAccess, Refused
from fblmail.service.mailboxes.drafts import DraftInput
from fblmail.service.mailboxes.inbox import ListQuery
from fblmail.service.messages.handling import TakenByOther
from kit.cli import CheckCli
from kit.people import HERRHAGEN, KARLSTAD, TOLVAN, World
from kit.stores import last_log_id, log_rows


def test_take_shows_the_handler_to_every_member_and_is_logged(world: World) -> None:
    question = world.send("anna.ssk")
    before = last_log_id(world.store)
    taken = world.as_("cecilia.dr").handling.take(question[:8])
    assert (taken.mailbox, taken.login, taken.name) == (HERRHAGEN, "cecilia.dr", "Cecilia Carlsson")
    rows = log_rows(world.store, before)
    assert [(r.action, r.actor, r.mailbox, r.patient, r.outcome) for r in rows] == [
        ("take", "cecilia.dr", HERRHAGEN, "191212121212", "ok")
    ]
    seen = world.as_("david.ssk").folders.list_messages(HERRHAGEN, log=False).items[0]
    assert (seen.taken_by, seen.taken_by_name) == ("cecilia.dr", "Cecilia Carlsson")
    assert seen.to_json()["taken_at"] == taken.taken_at.isoformat()  # type: ignore[union-attr]
    # The asking side sees nobody: handlers are per FBL.
    theirs = world.as_("anna.ssk").folders.show(question)
    assert theirs.summary.taken_by is None
    # Taking it again is a no-op (nothing logged twice).
    before = last_log_id(world.store)
    world.as_("cecilia.dr").handling.take(question)
    assert log_rows(world.store, before) == []


def test_taking_a_taken_question_asks_first_then_takes_over(world: World) -> None:
    question = world.send("anna.ssk")
    world.as_("cecilia.dr").handling.take(question)
    with pytest.raises(TakenByOther) as asked:
        world.as_("david.ssk").handling.take(question)
    assert (asked.value.login, asked.value.name) == ("cecilia.dr", "Cecilia Carlsson")
    assert log_rows(world.store)[-1].outcome == "refused"
    over = world.as_("david.ssk").handling.take(question, take_over=True)
    assert (over.login, over.previous) == ("david.ssk", "cecilia.dr")
    assert log_rows(world.store)[-1].detail == "taken over from cecilia.dr"
    with pytest.raises(Refused):
        world.as_("cecilia.dr").handling.release(question)  # only the handler hands it back
    back = world.as_("david.ssk").handling.release(question)
    assert back.login is None and log_rows(world.store)[-1].action == "release"
    assert world.as_("cecilia.dr").handling.handler(question).login is None
    with pytest.raises(InvalidInput):
        world.as_("david.ssk").handling.release(question)


def test_what_needs_no_handler_and_strangers_are_refused(world: World) -> None:
    fyi = world.send("anna.ssk", category="För kännedom", subject="Info", fyi_no_risk=True)
    with pytest.raises(Refused):
        world.as_("cecilia.dr").handling.take(fyi)
    question = world.send("anna.ssk")
    with pytest.raises(NoAccess):
        world.as_("gustav.ssk").handling.take(question)
    world.as_("cecilia.dr").messaging.reply(question, body="Ja, den stämmer.")
    with pytest.raises(Refused):
        world.as_("david.ssk").handling.take(question)
    # The asking side may take its own question (to make the R10 phone call).
    other = world.send("anna.ssk", subject="Annan fråga")
    mine = world.as_("bengt.ssk").handling.take(other)
    assert mine.mailbox == KARLSTAD


def test_check_lists_questions_past_24_hours_nobody_took(world: World) -> None:
    first = world.send("anna.ssk", subject="Första")
    world.send("anna.ssk", subject="Andra")
    world.clock.advance(hours=23)
    check = world.as_("cecilia.dr").checks.run([HERRHAGEN]).mailboxes[0]
    assert check.untaken.total == 0
    world.clock.advance(hours=2)
    check = world.as_("cecilia.dr").checks.run([HERRHAGEN]).mailboxes[0]
    assert sorted(i.subject for i in check.untaken.items) == ["Andra", "Första"]
    world.as_("david.ssk").handling.take(first)
    check = world.as_("cecilia.dr").checks.run([HERRHAGEN]).mailboxes[0]
    assert [i.subject for i in check.untaken.items] == ["Andra"]
    world.clock.advance(hours=50)  # past 72 h: still listed while nobody takes it
    check = world.as_("cecilia.dr").checks.run([HERRHAGEN]).mailboxes[0]
    assert [i.subject for i in check.untaken.items] == ["Andra"]


def test_cli_take_release_and_json(world: World, check_cli: CheckCli) -> None:
    question = world.send("anna.ssk")
    taken = check_cli.json("cecilia.dr", "take", question[:8])
    assert taken["taken_by"] == "cecilia.dr"
    listed = check_cli.json("david.ssk", "list", "--mailbox", HERRHAGEN)
    assert listed[0]["taken_by"] == "cecilia.dr" and listed[0]["taken_at"]
    shown = check_cli.json("david.ssk", "show", question)
    assert shown["taken_by"] == "cecilia.dr"
    refused = check_cli("david.ssk", "take", question)
    assert refused.exit_code == 3 and "Cecilia Carlsson" in refused.stderr
    assert "--force" in refused.stderr
    assert check_cli("david.ssk", "take", question, "--force").exit_code == 0
    assert check_cli("cecilia.dr", "release", question).exit_code == 3
    released = check_cli("david.ssk", "release", question)
    assert released.exit_code == 0 and "ingen hanterar" in released.stdout
    assert check_cli.json("david.ssk", "show", question)["taken_by"] is None


def test_writers_are_the_others_with_a_fresh_reply_draft(world: World) -> None:
    question = world.send("anna.ssk")
    thread = world.as_("anna.ssk").folders.show(question).summary.thread_id
    world.as_("david.ssk").drafts.save(
        DraftInput(from_address=HERRHAGEN, reply_to_id=question, body="Utkast")
    )
    assert world.as_("cecilia.dr").handling.writers(thread) == ("David Dahl",)
    assert world.as_("david.ssk").handling.writers(thread) == ()
    assert world.as_("anna.ssk").handling.writers(thread) == ()
    # The list row says so too (one query per window), for the others only.
    for login, writers in (("cecilia.dr", ("David Dahl",)), ("david.ssk", ())):
        inbox = world.as_(login).inbox
        box = next(b.id for b in inbox.mailboxes() if b.address == HERRHAGEN)
        assert [r.summary.writers for r in inbox.first(ListQuery(box), 9)] == [writers]
    world.clock.advance(minutes=31)
    assert world.as_("cecilia.dr").handling.writers(thread) == ()
    inbox = world.as_("cecilia.dr").inbox
    box = next(b.id for b in inbox.mailboxes() if b.address == HERRHAGEN)
    assert inbox.first(ListQuery(box), 9)[0].summary.writers == ()


def test_the_handler_is_shown_only_while_the_question_is_open(world: World) -> None:
    question = world.send("anna.ssk")
    world.as_("cecilia.dr").handling.take(question)
    late = world.send("anna.ssk", subject="Sen fråga")
    world.as_("bengt.ssk").handling.take(late)  # the asking side, to make the R10 call
    herrhagen = world.as_("david.ssk")
    box = next(b.id for b in herrhagen.inbox.mailboxes() if b.address == HERRHAGEN)
    listed = {r.summary.subject: r.summary for r in herrhagen.inbox.first(ListQuery(box), 9)}
    assert listed["Fråga om läkemedelslista"].taken_by_name == "Cecilia Carlsson"
    world.as_("cecilia.dr").messaging.reply(question, body="Ja, den stämmer.")  # answered
    listed = {r.summary.subject: r.summary for r in herrhagen.inbox.first(ListQuery(box), 9)}
    assert listed["Fråga om läkemedelslista"].taken_by_name is None
    answered = herrhagen.folders.show(question).summary
    assert (answered.taken_by, answered.to_json()["taken_by"]) == (None, None)
    assert herrhagen.handling.handler(question).login is None
    shown = herrhagen.folders.list_messages(HERRHAGEN, log=False).items
    assert all(i.taken_by is None for i in shown if i.id == question)
    threads = herrhagen.patients.overview(TOLVAN).threads
    assert all(t.handler is None for t in threads if t.subject == "Fråga om läkemedelslista")
    # Settled by phone (R10): the asking side's handler goes too.
    world.clock.advance(hours=73)
    anna = world.as_("anna.ssk")
    assert anna.folders.show(late).summary.taken_by == "bengt.ssk"
    anna.resolutions.resolve(late, "phone", "Ringde Vc Herrhagen.")
    assert anna.folders.show(late).summary.taken_by is None
    karlstad = next(b.id for b in anna.inbox.mailboxes() if b.address == KARLSTAD)
    sent = {r.summary.subject: r.summary for r in anna.inbox.first(ListQuery(karlstad, "sent"), 9)}
    assert sent["Sen fråga"].taken_by_name is None

"""The patient across threads (issue 11) on both back ends, and `fblmail patient`."""

from __future__ import annotations

import pytest

from fblmail.errors import Refused
from kit.cli import CheckCli
from kit.people import ARVIKA, GRIPEN, HERRHAGEN, KARLSTAD, TOLVAN, TOLVAN_SAMORDNING, World
from kit.stores import last_log_id, log_rows


def test_every_thread_about_the_patient_in_my_fbls(world: World) -> None:
    first = world.send("anna.ssk", subject="Läkemedelslistan")
    world.clock.advance(hours=1)
    world.send("anna.ssk", subject="Annan patient", patient=TOLVAN_SAMORDNING)
    world.send("erik.ssk", from_fbl=ARVIKA, subject="Från Arvika")  # not Karlstad's
    world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD, subject="Fråga till er")
    world.send("anna.ssk", to_fbl=GRIPEN, subject="Till Gripen")
    world.as_("cecilia.dr").messaging.reply(first, body="Den stämmer.")
    world.as_("bengt.ssk").handling.take(world.send("anna.ssk", subject="Tas av Bengt"))
    world.clock.advance(hours=80)
    before = last_log_id(world.store)
    found = world.as_("anna.ssk").patients.overview("191212121212")
    assert found.patient == TOLVAN
    by_subject = {t.subject: t for t in found.threads}
    assert set(by_subject) == {"Läkemedelslistan", "Fråga till er", "Till Gripen", "Tas av Bengt"}
    assert by_subject["Läkemedelslistan"].state == "answered"
    assert by_subject["Till Gripen"].state == "overdue" and by_subject["Till Gripen"].we_asked
    asked_us = by_subject["Fråga till er"]
    assert (asked_us.we_asked, asked_us.counterpart) == (False, HERRHAGEN)
    assert by_subject["Tas av Bengt"].handler == "Bengt Berg"
    reply = by_subject["Läkemedelslistan"]
    assert reply.message_id != first  # Enter opens the newest message we hold: the answer
    rows = log_rows(world.store, before)
    assert [(r.action, r.patient) for r in rows] == [("patient-overview", "191212121212")]
    # Herrhagen sees only its own threads about Tolvan.
    theirs = world.as_("cecilia.dr").patients.overview(TOLVAN)
    assert {t.subject for t in theirs.threads} == {
        "Läkemedelslistan", "Fråga till er", "Tas av Bengt", "Från Arvika",
    }  # fmt: skip
    with pytest.raises(Refused):
        world.as_("anna.ssk").patients.overview("19121212-1213")  # bad check digit (R2)


def test_open_questions_to_the_same_fbl(world: World) -> None:
    assert world.as_("anna.ssk").patients.open_questions(TOLVAN, HERRHAGEN) == ()
    open_one = world.send("anna.ssk", subject="Öppen fråga")
    answered = world.send("anna.ssk", subject="Besvarad")
    world.as_("cecilia.dr").messaging.reply(answered, body="Klart.")
    world.send("anna.ssk", to_fbl=GRIPEN, subject="Till Gripen")
    found = world.as_("bengt.ssk").patients.open_questions(TOLVAN, HERRHAGEN)
    assert [t.subject for t in found] == ["Öppen fråga"]
    assert found[0].message_id == open_one
    assert log_rows(world.store)[-1].action == "patient-open-questions"


def test_cli_patient(world: World, check_cli: CheckCli) -> None:
    world.send("anna.ssk", subject="Läkemedelslistan")
    data = check_cli.json("anna.ssk", "patient", TOLVAN)
    assert data["patient"] == TOLVAN
    assert data["threads"][0]["subject"] == "Läkemedelslistan"
    assert data["threads"][0]["state"] == "waiting"
    table = check_cli("anna.ssk", "patient", TOLVAN)
    assert table.exit_code == 0 and "Läkemedelslistan" in table.stdout
    assert "Vc Herrhagen" in table.stdout
    assert check_cli("anna.ssk", "patient", "nonsense").exit_code == 3  # R2: not a personnummer

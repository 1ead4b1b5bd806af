"""Reminders that fire (issue 11): an unsigned shift inside its window needs action, and a
shift cannot be signed before its window opens (a late signature is recorded as late)."""

from __future__ import annotations

import pytest

from fblmail.errors import Refused
from kit.cli import CheckCli
from kit.people import KARLSTAD, World
from kit.service import all_clear, set_local
from kit.stores import table_counts


def test_unsigned_shift_needs_action_only_inside_its_window(world: World) -> None:
    all_clear(world, "karlstad")
    checks = world.as_("anna.ssk").checks
    set_local(world, 2, 9, 30)
    check = checks.run().mailboxes[0]
    assert (check.shift, check.in_window, check.shift_unsigned) == ("morning", True, True)
    assert check.actions == ("shift_unsigned",)
    set_local(world, 2, 11, 30)  # window closed: the history shows the miss, no reminder
    check = checks.run().mailboxes[0]
    assert (check.in_window, check.actions) == (False, ())
    set_local(world, 2, 13, 5)
    check = checks.run().mailboxes[0]
    assert (check.shift, check.actions) == ("afternoon", ("shift_unsigned",))
    world.as_("bengt.ssk").checks.run(sign=True)  # a colleague signs: the FBL is covered
    check = checks.run().mailboxes[0]
    assert (check.shift_signed_by, check.actions) == ("bengt.ssk", ())


def test_the_afternoon_cannot_be_signed_in_the_morning(world: World) -> None:
    set_local(world, 3, 7, 0)
    with pytest.raises(Refused) as refused:
        world.as_("anna.ssk").checks.run(shift="afternoon", sign=True)
    assert refused.value.rule == "R4" and "13:00-16:00" in refused.value.sv
    with pytest.raises(Refused):
        world.as_("anna.ssk").checks.run(sign=True)  # 07:00: the morning opens at 08:00
    assert table_counts(world.store)["check_signature"] == 0
    set_local(world, 3, 12, 0)
    report = world.as_("anna.ssk").checks.run(shift="morning", sign=True)
    assert report.signed  # after the window: recorded, and shown as late
    slot = world.as_("anna.ssk").checks.history(KARLSTAD, days=1).mailboxes[0].slots[0]
    assert (slot.state, slot.late) == ("signed", True)


def test_the_readme_reminder_recipe(world: World, check_cli: CheckCli) -> None:
    """cron: `check --json > /dev/null || notify`: exit 1 until the shift is signed."""
    all_clear(world, "karlstad")
    set_local(world, 3, 8, 15)
    assert check_cli("anna.ssk", "check", "--json").exit_code == 1
    assert check_cli("anna.ssk", "check", "--json").exit_code == 1  # reading does not sign
    assert check_cli("anna.ssk", "check", "--sign", "--json").exit_code == 0
    assert check_cli("anna.ssk", "check", "--json").exit_code == 0
    set_local(world, 3, 13, 15)
    assert check_cli("bengt.ssk", "check", "--json").exit_code == 1
    early = check_cli("anna.ssk", "check", "--shift", "afternoon", "--sign")
    assert early.exit_code == 0  # 13:15 is inside the afternoon window


def test_cli_refuses_an_early_signature_with_exit_3(world: World, check_cli: CheckCli) -> None:
    set_local(world, 3, 7, 0)
    result = check_cli("anna.ssk", "check", "--sign", "--shift", "afternoon")
    assert result.exit_code == 3
    assert "13:00-16:00" in result.stderr
    history = check_cli.json("anna.ssk", "check", "history", "--days", "1")
    assert all(s["state"] != "signed" for s in history["mailboxes"][0]["slots"])


def test_our_late_question_names_the_units_phone_when_the_directory_has_one(
    world: World, check_cli: CheckCli
) -> None:
    from dataclasses import replace

    from fblmail.domain.directory_file import parse_directory
    from kit.people import DIRECTORY_FILE

    data = parse_directory(DIRECTORY_FILE.read_text("utf-8"))
    units = tuple(
        replace(u, phone="070-174 06 05") if u.code == "vc-herrhagen" else u for u in data.units
    )
    world.as_("sara.support").directory.import_directory(replace(data, units=units))
    world.send("anna.ssk")
    world.clock.advance(hours=73)
    ours = check_cli.json("anna.ssk", "check", code=1)["mailboxes"][0]["our_unanswered"]["items"][0]
    assert (ours["phone_unit"], ours["phone_number"]) == ("Vc Herrhagen", "070-174 06 05")
    assert "ring Vc Herrhagen 070-174 06 05" in check_cli("anna.ssk", "check").stdout

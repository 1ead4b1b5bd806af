"""`fblmail check`, `check history`, `resolve`, `purge` and `routine` through the CLI."""

from __future__ import annotations

from kit.cli import CheckCli
from kit.people import HERRHAGEN, KARLSTAD, World
from kit.service import FULL_ROUTINE, set_local
from kit.stores import table_counts

MAILBOX_KEYS = {
    "mailbox",
    "printouts_not_destroyed",
    "organisation",
    "day",
    "shift",
    "window",
    "in_window",
    "shift_signed_by",
    "shift_unsigned",
    "checked_at",
    "last_signed_check_at",
    "unread",
    "new_since_last_check",
    "waiting_for_us",
    "overdue_for_us",
    "untaken_over_24_hours",
    "our_unanswered",
    "fyi_received",
    "folders",
    "expiring_within_7_days",
    "routine_gaps",
    "previous_shift_signed",
    "previous_shift",
    "auto_purge_ran_recently",
    "last_auto_purge_at",
    "actions",
    "needs_action",
}


def test_check_json_schema_and_exit_codes(world: World, check_cli: CheckCli) -> None:
    message_id = world.send("anna.ssk")
    world.clock.advance(hours=50)
    data = check_cli.json("cecilia.dr", "check", code=1)
    assert set(data) == {"checked_at", "user", "signed", "needs_action", "mailboxes"}
    assert (data["user"], data["signed"], data["needs_action"]) == ("cecilia.dr", False, True)
    (box,) = data["mailboxes"]
    assert set(box) == MAILBOX_KEYS
    assert box["mailbox"] == HERRHAGEN and box["shift"] == "morning"
    assert set(box["waiting_for_us"]) == {"total", "due_soon", "items"}
    item = box["waiting_for_us"]["items"][0]
    assert set(item) == {
        "id",
        "thread_id",
        "patient",
        "subject",
        "from",
        "due_at",
        "time_left_hours",
        "due_soon",
    }
    assert (item["id"], item["time_left_hours"], item["due_soon"]) == (message_id, 22.0, True)
    assert box["folders"] == {"inbox": 1, "sent": 0, "drafts": 0, "trash": 0}
    assert box["previous_shift"] == {
        "day": "2026-11-03",
        "shift": "afternoon",
        "signed_by": None,
        "signed_at": None,
    }

    world.clock.advance(hours=23)
    ours = check_cli.json("anna.ssk", "check", "--mailbox", "karlstad", code=1)["mailboxes"][0]
    late = ours["our_unanswered"]["items"][0]
    assert set(late) == {
        "id",
        "thread_id",
        "patient",
        "subject",
        "to",
        "due_at",
        "time_left_hours",
        "due_soon",
        "phone_unit",
        "phone_number",
    }
    assert late["phone_unit"] == "Vc Herrhagen"

    assert check_cli("anna.ssk", "check", "--shift", "lunch").exit_code == 2
    assert check_cli("anna.ssk", "check", "--bogus").exit_code == 2
    assert check_cli("anna.ssk", "check", "--mailbox", HERRHAGEN).exit_code == 4


def test_check_exits_0_when_nothing_needs_action(world: World, check_cli: CheckCli) -> None:
    world.as_("fia.chef").routine.set(**FULL_ROUTINE)
    assert check_cli("sara.support", "purge", "--expired", "--yes").exit_code == 0
    set_local(world, 2, 11, 30)  # the morning window has closed, the afternoon's not open
    result = check_cli("anna.ssk", "check")
    assert result.exit_code == 0, result.stdout
    assert "Inget behöver åtgärdas" in result.stdout
    assert "Karlstad kommun Hälso- och sjukvård (FBL)" in result.stdout


def test_people_see_the_report_with_user_text_as_data(world: World, check_cli: CheckCli) -> None:
    world.send("anna.ssk", subject="[bold]Fråga[/bold] \x1b[31m")
    world.clock.advance(hours=73)
    result = check_cli("anna.ssk", "check")
    assert result.exit_code == 1
    assert "ring Vc Herrhagen" in result.stdout
    assert "Luckor" in result.stdout or "saknar" in result.stdout
    theirs = check_cli("cecilia.dr", "check")
    assert "[bold]Fråga[/bold] \\x1b[31m" in theirs.stdout  # markup shown, escape visible
    assert "\x1b[31m" not in theirs.stdout


def test_the_check_speaks_the_apps_marks(world: World, check_cli: CheckCli) -> None:
    """Issue 9, item 5: ▲ late, ! under 24 h, each with the word for which way time runs."""
    world.send("anna.ssk")
    world.clock.advance(hours=50)
    soon = check_cli("cecilia.dr", "check").stdout
    assert "! 22 h kvar" in soon and "<24 h" not in soon
    world.clock.advance(hours=23)
    late = check_cli("cecilia.dr", "check").stdout
    assert "▲ 1 h sen" in late
    assert "✗" not in late  # the command line's old overdue mark
    assert "1 h sen" in check_cli("anna.ssk", "check").stdout  # our question, late too


def test_sign_then_history_shows_signed_and_missed(world: World, check_cli: CheckCli) -> None:
    set_local(world, 2, 9, 40)
    signed = check_cli.json("david.ssk", "check", "--sign", code=1)
    assert signed["signed"]
    assert table_counts(world.store)["check_signature"] == 1
    set_local(world, 3, 14, 0)
    grid = check_cli.json("cecilia.dr", "check", "history", "--days", "2")
    slots = [
        (s["day"], s["shift"], s["state"], s["signed_by"]) for s in grid["mailboxes"][0]["slots"]
    ]
    assert slots == [
        ("2026-11-02", "morning", "signed", "david.ssk"),
        ("2026-11-02", "afternoon", "missed", None),
        ("2026-11-03", "morning", "missed", None),
        ("2026-11-03", "afternoon", "pending", None),
    ]
    table = check_cli("cecilia.dr", "check", "history", "--days", "2")
    assert table.exit_code == 0
    assert "✓ david.ssk 09:40" in table.stdout
    assert table.stdout.count("✗ missad") == 2
    assert "kommande" in table.stdout
    assert check_cli("cecilia.dr", "check", "history", "--days", "0").exit_code == 2
    assert check_cli("anna.ssk", "check", "history", "--mailbox", HERRHAGEN).exit_code == 4


def test_resolve_from_the_command_line(world: World, check_cli: CheckCli) -> None:
    message_id = world.send("anna.ssk")
    world.clock.advance(hours=73)
    refused = check_cli("cecilia.dr", "resolve", message_id[:8], "--by", "phone", "--note", "Ringt")
    assert refused.exit_code == 3
    assert "R10" in refused.stderr
    assert check_cli("anna.ssk", "resolve", message_id, "--by", "fax", "--note", "x").exit_code == 2
    done = check_cli.json(
        "anna.ssk", "resolve", message_id, "--by", "phone", "--note", "Ringde Cecilia"
    )
    assert (done["resolved_how"], done["resolved_by"]) == ("phone", "anna.ssk")
    ours = check_cli.json("anna.ssk", "check", code=1)["mailboxes"][0]
    assert ours["our_unanswered"]["total"] == 0


def test_purge_dry_run_prompt_and_yes(world: World, check_cli: CheckCli) -> None:
    world.send("anna.ssk", subject="Ett")
    world.send("anna.ssk", subject="Två")
    before = table_counts(world.store)
    dry = check_cli(
        "cecilia.dr", "purge", "--mailbox", "vc-herrhagen", "--all-folders", "--dry-run"
    )
    assert dry.exit_code == 0
    assert "Inkorg" in dry.stdout and "Provkörning" in dry.stdout
    plan = check_cli.json(
        "cecilia.dr", "purge", "--mailbox", HERRHAGEN, "--folder", "inbox", "--dry-run"
    )
    assert (plan["dry_run"], plan["total"], plan["folders"][0]["count"]) == (True, 2, 2)
    declined = check_cli(
        "cecilia.dr", "purge", "--mailbox", HERRHAGEN, "--all-folders", input="n\n"
    )
    assert declined.exit_code == 1
    no_input = check_cli("cecilia.dr", "purge", "--mailbox", HERRHAGEN, "--all-folders")
    assert no_input.exit_code == 1
    assert table_counts(world.store) == before

    confirmed = check_cli(
        "cecilia.dr", "purge", "--mailbox", HERRHAGEN, "--all-folders", input="j\n"
    )
    assert confirmed.exit_code == 0, confirmed.stderr
    assert "Rensat: 2" in confirmed.stdout
    done = check_cli.json("anna.ssk", "purge", "--mailbox", KARLSTAD, "--folder", "sent", "--yes")
    assert (done["removed_items"], done["deleted_messages"], done["deleted_threads"]) == (2, 2, 2)
    assert table_counts(world.store)["message"] == 0


def test_purge_usage_and_access(world: World, check_cli: CheckCli) -> None:
    world.send("anna.ssk")
    assert check_cli("cecilia.dr", "purge").exit_code == 2
    assert check_cli("cecilia.dr", "purge", "--mailbox", HERRHAGEN).exit_code == 2
    both = ("--mailbox", HERRHAGEN, "--all-folders", "--folder", "trash", "--yes")
    assert check_cli("cecilia.dr", "purge", *both).exit_code == 2
    assert check_cli("cecilia.dr", "purge", "--expired", "--mailbox", HERRHAGEN).exit_code == 2
    assert (
        check_cli("gustav.ssk", "purge", "--mailbox", HERRHAGEN, "--all-folders", "--yes").exit_code
        == 4
    )
    assert check_cli("anna.ssk", "purge", "--expired", "--yes").exit_code == 4
    world.clock.advance(days=366)
    runs = [check_cli.json("sara.support", "purge", "--expired", "--yes") for _ in range(2)]
    assert [r["deleted_messages"] for r in runs] == [1, 0]
    assert table_counts(world.store)["purge_run"] == 2


def test_routine_show_and_set(world: World, check_cli: CheckCli) -> None:
    shown = check_cli.json("anna.ssk", "routine", "show")
    assert shown["gaps"] == ["monitors", "purger", "holiday_cover", "permissions_updater"]
    assert check_cli("anna.ssk", "routine", "set", "--monitors", "Anna").exit_code == 4
    changed = check_cli.json(
        "fia.chef",
        "routine",
        "set",
        "--org",
        "karlstad",
        "--monitors",
        "Anna, Bengt",
        "--afternoon",
        "12:30-15:00",
    )
    assert (changed["monitors"], changed["afternoon"]) == ("Anna, Bengt", "12:30-15:00")
    assert check_cli("fia.chef", "routine", "set", "--morning", "9-8").exit_code == 2
    table = check_cli("erik.ssk", "routine", "show", "--org", "Karlstad")
    assert table.exit_code == 0
    assert "Anna, Bengt" in table.stdout and "saknas" in table.stdout

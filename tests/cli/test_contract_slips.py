"""Issue 13: the command line keeps its contract (exit codes, ids, --mailbox, JSON)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fblmail.cli import output
from kit.cli import Cli
from kit.people import ARVIKA, GRIPEN, HERRHAGEN, KARLSTAD, World

MINE = "abcdef01-0000-4000-8000-000000000001"  # Karlstad → Herrhagen
THEIRS = "abcdef02-0000-4000-8000-000000000002"  # Arvika → Gripen


def _two_messages_sharing_a_prefix(world: World) -> None:
    world.send("anna.ssk", message_id=MINE)
    world.send("erik.ssk", from_fbl=ARVIKA, to_fbl=GRIPEN, message_id=THEIRS)


def test_prefix_resolution_sees_only_the_users_messages(world: World, cli: Cli) -> None:
    _two_messages_sharing_a_prefix(world)
    # Both ids start with "abcdef", but cecilia (Herrhagen) sees only one: no "several".
    assert cli.json("cecilia.dr", "show", "abcdef")["id"] == MINE
    assert cli.json("gustav.ssk", "show", "abcdef")["id"] == THEIRS


def test_not_yours_answers_like_unknown_and_echoes_only_what_was_typed(
    world: World, cli: Cli
) -> None:
    _two_messages_sharing_a_prefix(world)
    not_yours = cli("gustav.ssk", "show", "abcdef01")
    unknown = cli("gustav.ssk", "show", "abcdef09")
    assert not_yours.exit_code == unknown.exit_code == 4
    assert MINE not in not_yours.stderr and "abcdef01" in not_yours.stderr
    assert not_yours.stderr.replace("abcdef01", "X") == unknown.stderr.replace("abcdef09", "X")
    for verb in ("delete", "restore", "thread", "print"):
        result = cli("gustav.ssk", verb, "abcdef01")
        assert result.exit_code == 4, (verb, result.stderr)
        assert MINE not in result.stderr


def test_mailbox_option_takes_the_unit_code_everywhere(world: World, cli: Cli) -> None:
    sent = world.send("anna.ssk")
    for code in ("vc-herrhagen", HERRHAGEN):
        assert cli.json("cecilia.dr", "show", sent, "--mailbox", code)["id"] == sent
    assert cli.json("cecilia.dr", "delete", sent, "--mailbox", "vc-herrhagen")["folder"] == "trash"
    assert cli.json("cecilia.dr", "restore", sent, "--mailbox", "vc-herrhagen")["folder"] == "inbox"
    moved = cli.json("cecilia.dr", "move", sent, "--folder", "trash", "--mailbox", "vc-herrhagen")
    assert moved["folder"] == "trash"
    assert cli("anna.ssk", "show", sent, "--mailbox", "karlstad").exit_code == 0
    assert cli("anna.ssk", "show", sent, "--mailbox", "vc-herrhagen").exit_code == 4
    assert json.loads(cli.ok("anna.ssk", "show", sent, "--mailbox", KARLSTAD, "--json").stdout)


def test_unknown_things_exit_4_everywhere(world: World, cli: Cli) -> None:
    for user, args in (
        ("sara.support", ("routine", "show", "--org", "gotham")),
        ("sara.support", ("access", "approve", "999")),
        ("sara.support", ("directory", "list", "--preset-for", "Gotham")),
        ("anna.ssk", ("directory", "list", "--preset-for", "Gotham")),
    ):
        result = cli(user, *args)
        assert result.exit_code == 4, (args, result.stderr)
        assert "Traceback" not in result.stderr


UNSAFE = "\u009b31m\u202eevil\u2028next\u200b\x7f"


def test_json_escapes_c1_bidi_and_line_separators(world: World, cli: Cli) -> None:
    sent = world.send("anna.ssk", subject=f"Fråga {UNSAFE}", body=f"Text {UNSAFE} slut")
    for args in (("show", sent), ("list",)):
        raw = cli.ok("cecilia.dr", *args, "--json").stdout
        for char in "\u009b\u202e\u2028\u200b\x7f":
            assert char not in raw, (args, hex(ord(char)))
        assert "\\u009b" in raw and "\\u202e" in raw and "\\u2028" in raw
        assert "Fråga" in raw  # letters stay UTF-8
    shown = json.loads(cli.ok("cecilia.dr", "show", sent, "--json").stdout)
    assert shown["subject"] == f"Fråga {UNSAFE}" and shown["body"] == f"Text {UNSAFE} slut"


def test_list_json_gives_the_cursor_as_a_json_line_on_stderr(world: World, cli: Cli) -> None:
    for number in range(3):
        world.send("anna.ssk", subject=f"Fråga {number}")
    first = cli.ok("cecilia.dr", "list", "--json", "--limit", "2")
    assert len(json.loads(first.stdout)) == 2
    cursor = json.loads(first.stderr.strip().splitlines()[-1])["next_cursor"]
    rest = cli.ok("cecilia.dr", "list", "--json", "--limit", "2", "--cursor", cursor)
    assert len(json.loads(rest.stdout)) == 1 and rest.stderr.strip() == ""


def test_errors_are_not_hard_wrapped_in_a_pipe(
    world: World, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    output.err.cache_clear()
    result = cli("gustav.ssk", "show", "abcdef0123456789" * 3)  # a long line of text
    assert result.exit_code == 4
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_print_to_a_symlink_exits_2_naming_the_field(
    world: World, cli: Cli, tmp_path: Path
) -> None:
    sent = world.send("anna.ssk")
    link = tmp_path / "out" / "link.pdf"
    link.parent.mkdir()
    link.symlink_to(tmp_path / "out" / "nowhere.pdf")
    result = cli("anna.ssk", "print", sent, "--output", str(link))
    assert result.exit_code == 2 and "output" in result.stderr
    assert sorted(p.name for p in link.parent.iterdir()) == ["link.pdf"]


def test_routine_draft_days_from_the_command_line(world: World, cli: Cli) -> None:
    assert cli.json("fia.chef", "routine", "show")["draft_days"] == 30
    assert cli.json("fia.chef", "routine", "set", "--draft-days", "14")["draft_days"] == 14
    assert "14 dagar" in cli.ok("anna.ssk", "routine", "show").stdout
    assert cli("fia.chef", "routine", "set", "--draft-days", "0").exit_code == 2

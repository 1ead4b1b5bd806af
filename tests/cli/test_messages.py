"""The message commands end to end: options in, service layer, tables or JSON out."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from fblmail.service.mailboxes.drafts import DraftInput
from kit.cli import Cli
from kit.people import HERRHAGEN, KARLSTAD, TOLVAN, TOLVAN_SAMORDNING, World

LIST_KEYS = {
    "id",
    "thread_id",
    "category",
    "patient",
    "subject",
    "from",
    "to",
    "sent_at",
    "due_at",
    "answered_at",
    "overdue",
    "read",
    # beyond the contract's minimum
    "item_id",
    "mailbox",
    "folder",
    "kind",
    "resolved_at",
    "deadline",
    "waiting_for",
    "has_journal_note",
    "forwarded",
    # who in the FBL handles the question (issue 11)
    "taken_by",
    "taken_by_name",
    "taken_at",
}
SHOW_KEYS = LIST_KEYS | {"body", "journal_note", "forwarded_from", "sender_person"}
BODY = "Stämmer läkemedelslistan efter utskrivningen?"


def send_args(body: str | None = BODY, **overrides: str) -> list[str]:
    """`send` with valid options; `body=None` leaves --body out, overrides change others."""
    values = {
        "--from": KARLSTAD,
        "--to": HERRHAGEN,
        "--category": "Frågeställning",
        "--patient": TOLVAN,
        "--subject": "Fråga om läkemedelslista",
    }
    values.update(overrides)
    if body is not None:
        values["--body"] = body
    args = ["send", "--no-coordination-case"]
    for key, value in values.items():
        args += [key, value]
    return args


def test_send_list_show_reply_thread(world: World, cli: Cli) -> None:
    sent = cli.json("anna.ssk", *send_args())
    assert set(sent) == LIST_KEYS
    assert sent["from"] == KARLSTAD and sent["to"] == HERRHAGEN
    assert sent["due_at"] is not None and sent["answered_at"] is None

    inbox = cli.json("cecilia.dr", "list", "--mailbox", HERRHAGEN)
    assert [m["id"] for m in inbox] == [sent["id"]]
    assert set(inbox[0]) == LIST_KEYS
    assert inbox[0]["read"] is False and inbox[0]["deadline"] == "waiting"

    shown = cli.json("cecilia.dr", "show", sent["id"][:8])
    assert set(shown) == SHOW_KEYS
    assert shown["body"] == "Stämmer läkemedelslistan efter utskrivningen?"
    assert shown["journal_note"] is None and shown["forwarded_from"] is None
    assert cli.json("cecilia.dr", "list", "--unread") == []

    answer = cli.json("cecilia.dr", "reply", sent["id"], "--body-file", "-", input="Ja.\n")
    assert answer["subject"] == "Sv: Fråga om läkemedelslista"
    assert answer["answered_at"] is not None

    mine = cli.json("anna.ssk", "list", "--folder", "sent")
    assert {m["deadline"] for m in mine} == {"answered"}
    conversation = cli.json("anna.ssk", "thread", sent["id"])
    assert [m["body"] for m in conversation] == [shown["body"], "Ja.\n"]
    assert all(set(m) == SHOW_KEYS for m in conversation)


def test_human_output_shows_deadline_state_and_headers(world: World, cli: Cli) -> None:
    fyi = send_args(**{"--category": "För kännedom", "--subject": "Flyttat till boende"})
    cli.ok("anna.ssk", *fyi, "--fyi-no-risk")
    cli.ok("anna.ssk", *send_args())
    listing = cli.ok("cecilia.dr", "list").stdout
    assert "Fråga om läkemedelslista" in listing and "Flyttat till boende" in listing
    assert "◇ kännedom" in listing  # FYI has a symbol, not just a colour (the app's ◇)
    assert "○ 2 d 23 h kvar" in listing  # time left (72 h, truncated) and which way it runs
    assert "19121212-1212" in listing and "Karlstad kommun" in listing
    assert "● oläst" in listing  # the legend
    message_id = cli.json("cecilia.dr", "list")[0]["id"]
    shown = cli.ok("cecilia.dr", "show", message_id).stdout
    for expected in ("Ämne", "Från", "Anna Andersson (Sjuksköterska)", "Svar senast", "Id"):
        assert expected in shown
    assert "Stämmer läkemedelslistan" in shown
    assert "○ 2 d 23 h kvar – väntar på vårt svar" in shown  # the app's words
    threaded = cli.ok("cecilia.dr", "thread", message_id).stdout
    assert "1/1" in threaded and "Stämmer läkemedelslistan" in threaded


def test_hostile_text_is_shown_literally_and_kept_in_json(world: World, cli: Cli) -> None:
    hostile = "[bold]x[/] [/ \x1b[31mröd\u202eevil"
    args = send_args(f"Kropp {hostile}", **{"--subject": hostile})
    sent = cli.json("anna.ssk", *args)
    assert sent["subject"] == hostile
    for output in (
        cli.ok("cecilia.dr", "list").stdout,
        cli.ok("cecilia.dr", "show", sent["id"]).stdout,
        cli.ok("anna.ssk", *send_args(**{"--subject": hostile})).stdout,
    ):
        assert "[bold]x[/] [/" in output
        assert "\\x1b[31mröd\\u202eevil" in output
        assert "\x1b" not in output and "\u202e" not in output
    shown = cli.json("cecilia.dr", "show", sent["id"])
    assert shown["subject"] == hostile and shown["body"] == f"Kropp {hostile}"


def test_body_file_reads_stdin_and_files(world: World, cli: Cli, tmp_path: Path) -> None:
    sent = cli.json("anna.ssk", *send_args(None), "--body-file", "-", input="Från stdin\nrad 2\n")
    assert cli.json("anna.ssk", "show", sent["id"])["body"] == "Från stdin\nrad 2\n"
    text = tmp_path / "fråga.txt"
    text.write_text("Från fil", "utf-8")
    sent = cli.json("anna.ssk", *send_args(None), "--body-file", str(text))
    assert cli.json("anna.ssk", "show", sent["id"])["body"] == "Från fil"
    text.write_bytes(b"\xff\xfe latin")
    not_utf8 = cli("anna.ssk", *send_args(None), "--body-file", str(text))
    assert not_utf8.exit_code == 2 and "UTF-8" in not_utf8.stderr


def test_forward_delete_restore_move(world: World, cli: Cli) -> None:
    message_id = world.send()
    refused = cli("cecilia.dr", "forward", message_id, "--to", "david.ssk")
    assert refused.exit_code == 3 and "R13" in refused.stderr
    to_david = ["forward", message_id, "--to", "david.ssk", "--recipient-informed"]
    forwarded = cli.json("cecilia.dr", *to_david, "--note", "Din patient")
    assert forwarded["forwarded"] is True
    personal = cli.json("david.ssk", "list", "--mailbox", "David Dahl <david.ssk>")
    assert [m["id"] for m in personal] == [forwarded["id"]]
    shown = cli.json("david.ssk", "show", forwarded["id"])
    assert shown["forwarded_from"]["id"] == message_id
    assert shown["forwarded_from"]["note"] == "Din patient"
    assert "Vidarebefordrat av" in cli.ok("david.ssk", "show", forwarded["id"]).stdout

    assert cli.json("cecilia.dr", "delete", message_id)["folder"] == "trash"
    assert [m["id"] for m in cli.json("cecilia.dr", "list", "--folder", "trash")] == [message_id]
    assert cli.json("cecilia.dr", "restore", message_id)["folder"] == "inbox"
    assert (
        "Flyttat till Papperskorg"
        in cli.ok("cecilia.dr", "move", message_id, "--folder", "trash").stdout
    )
    assert cli.json("cecilia.dr", "list", "--folder", "inbox") == []
    assert "Återställt till Inkorg" in cli.ok("cecilia.dr", "restore", message_id).stdout


def test_journal_note_only_from_health_centre(world: World, cli: Cli) -> None:
    link = ["--journal-note", "cosmic:journal/42", "--journal-title", "Läkaranteckning"]
    sent = cli.json("cecilia.dr", *send_args(**{"--from": HERRHAGEN, "--to": KARLSTAD}), *link)
    note = cli.json("anna.ssk", "show", sent["id"])["journal_note"]
    assert note["reference"] == "cosmic:journal/42" and note["disclosed_to"] == [KARLSTAD]
    assert "Journalanteckning" in cli.ok("anna.ssk", "show", sent["id"]).stdout
    refused = cli("anna.ssk", *send_args(), *link)
    assert refused.exit_code == 3 and "R12" in refused.stderr


def test_idempotent_send_with_client_id(world: World, cli: Cli) -> None:
    client_id = str(uuid.uuid4())
    first = cli.json("anna.ssk", *send_args(), "--id", client_id)
    again = cli.json("anna.ssk", *send_args(), "--id", client_id)
    assert first["id"] == again["id"] == client_id
    assert len(cli.json("anna.ssk", "list", "--folder", "sent")) == 1


def test_samordningsnummer_and_acute_confirmation(world: World, cli: Cli) -> None:
    acute = send_args("Det är bråttom.", **{"--patient": TOLVAN_SAMORDNING})
    refused = cli("anna.ssk", *acute)
    assert refused.exit_code == 3 and "R9" in refused.stderr and "ring" in refused.stderr
    assert cli.json("anna.ssk", *acute, "--not-acute")["patient"] == TOLVAN_SAMORDNING


def test_list_pages_with_cursor_hint_on_stderr(world: World, cli: Cli) -> None:
    for number in range(3):
        world.send(subject=f"Fråga {number}")
        world.clock.advance(minutes=5)
    first = cli("anna.ssk", "list", "--folder", "sent", "--limit", "2", "--json")
    assert first.exit_code == 0
    items = [m["subject"] for m in json.loads(first.stdout)]
    assert items == ["Fråga 2", "Fråga 1"]
    # with --json the cursor is a JSON line on stderr (issue 13); people get a hint
    cursor = json.loads(first.stderr)["next_cursor"]
    human = cli("anna.ssk", "list", "--folder", "sent", "--limit", "2")
    assert human.stderr.split("--cursor", 1)[1].strip().strip("'") == cursor
    rest = cli("anna.ssk", "list", "--folder", "sent", "--limit", "2", "--cursor", cursor)
    assert rest.exit_code == 0 and "Fråga 0" in rest.stdout and "--cursor" not in rest.stderr


def test_drafts_folder_lists_own_drafts(world: World, cli: Cli) -> None:
    world.as_("anna.ssk").drafts.save(DraftInput(KARLSTAD, HERRHAGEN, subject="Halvfärdig"))
    drafts = cli.json("anna.ssk", "list", "--folder", "drafts")
    assert [d["subject"] for d in drafts] == ["Halvfärdig"]
    contract = {"id", "thread_id", "category", "patient", "subject", "from", "to", "sent_at"}
    assert contract | {"due_at", "answered_at", "overdue", "read"} <= set(drafts[0])
    assert "Halvfärdig" in cli.ok("anna.ssk", "list", "--folder", "drafts").stdout
    assert "Inga utkast" in cli.ok("bengt.ssk", "list", "--folder", "drafts").stdout


def test_exit_codes(world: World, cli: Cli) -> None:
    bad_patient = cli("anna.ssk", *send_args(**{"--patient": "19121212-1213"}))
    assert bad_patient.exit_code == 3
    assert "R2" in bad_patient.stderr and bad_patient.stdout == ""
    english = cli("anna.ssk", *send_args(**{"--patient": "nonsense"}), lang="en")
    assert english.exit_code == 3 and "personal identity number" in english.stderr

    unknown = cli("anna.ssk", "show", "0123456789abcdef")
    assert unknown.exit_code == 4 and "fblmail list" in unknown.stderr
    nobody = cli("okand.person", "list")
    assert nobody.exit_code == 4 and "konto" in nobody.stderr and "access request" in nobody.stderr

    assert cli("anna.ssk", "list", "--folder", "archive").exit_code == 2
    assert cli("anna.ssk", "move", world.send(), "--folder", "drafts").exit_code == 2
    assert cli("anna.ssk", "show", "abc").exit_code == 2  # too short a prefix
    assert cli("anna.ssk", "list", "--no-such-option").exit_code == 2
    assert cli("anna.ssk", *send_args(None)).exit_code == 2
    both = cli("anna.ssk", *send_args(), "--body-file", "-")
    assert both.exit_code == 2 and "--body" in both.stderr
    missing = cli("anna.ssk", *send_args(None), "--body-file", "/nonexistent/x")
    assert missing.exit_code == 2 and "/nonexistent/x" in missing.stderr
    blank = cli("anna.ssk", *send_args(**{"--subject": "   "}))
    assert blank.exit_code == 3 and "R6" in blank.stderr

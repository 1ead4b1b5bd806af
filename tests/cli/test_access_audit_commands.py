"""The command line of issue 5: names, options, exit codes and JSON keys (SQLite)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fblmail.printing.document import MARK
from kit.cli import Cli
from kit.people import KARLSTAD, TOLVAN, World
from kit.stores import tamper

EDA = "Eda kommun Hälso- och sjukvård (FBL)"
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])


@pytest.fixture
def cli(world: World, store_url: str) -> Cli:
    """The CLI over the populated store."""
    return Cli(store_url)


def test_access_request_workflow(cli: Cli) -> None:
    filed = cli.json(
        "nora.ssk",
        "access", "request", "new",
        "--name", "Nora Nyström", "--org", "karlstad", "--title", "Sjuksköterska",
        "--mailbox", KARLSTAD, "--reason", "Ny tjänst",
    )  # fmt: skip
    assert {"id", "kind", "login", "status", "mailboxes", "filed_by"} <= filed.keys()
    assert (filed["kind"], filed["login"], filed["status"]) == ("new", "nora.ssk", "pending")
    listed = cli.json("sara.support", "access", "list")
    assert [r["id"] for r in listed] == [filed["id"]]
    assert cli("anna.ssk", "access", "list").exit_code == 4
    approved = cli.json("sara.support", "access", "approve", str(filed["id"]))
    assert approved["status"] == "approved"
    assert cli.json("sara.support", "access", "list", "--status", "all")[0]["status"] == (
        "approved"
    )
    ended = cli.json(
        "fia.chef", "access", "request", "end", "--for", "bengt.ssk", "--reason", "Slutat"
    )
    rejected = cli.json(
        "sara.support", "access", "reject", str(ended["id"]), "--reason", "Fel person"
    )
    assert (rejected["status"], rejected["decision_reason"]) == ("rejected", "Fel person")
    people = cli.ok("sara.support", "access", "list", "--status", "all").stdout
    assert "nora.ssk" in people and "bengt.ssk" in people
    assert cli("nora.ssk", "access", "request", "maybe", "--reason", "x").exit_code == 2


def test_admin_accounts(cli: Cli, world: World) -> None:
    rows = cli.json("sara.support", "admin", "accounts", "--inactive-days", "0")
    assert {"login", "full_name", "last_active_at", "days_inactive", "mailboxes"} <= rows[0].keys()
    assert "gustav.ssk" in {r["login"] for r in rows}
    managed = cli.json("fia.chef", "admin", "accounts", "--inactive-days", "0")
    assert {r["login"] for r in managed} <= {"anna.ssk", "bengt.ssk", "fia.chef"}
    assert cli("anna.ssk", "admin", "accounts", "--inactive-days", "0").exit_code == 4
    assert cli("sara.support", "admin", "accounts").exit_code == 2  # --inactive-days needed


def test_close_fbl_is_only_permanent(cli: Cli) -> None:
    no_flag = cli("sara.support", "admin", "mailbox", "close", EDA)
    assert no_flag.exit_code == 2
    assert "permanent" in no_flag.stderr and "tillfällig" in no_flag.stderr
    assert cli("sara.support", "admin", "mailbox", "close", EDA, "--temporary").exit_code == 2
    no_tty = cli("sara.support", "admin", "mailbox", "close", EDA, "--permanent")
    assert no_tty.exit_code == 2 and "--confirm-name" in no_tty.stderr
    wrong = cli(
        "sara.support", "admin", "mailbox", "close", EDA, "--permanent", "--confirm-name", "Eda"
    )
    assert wrong.exit_code == 2 and EDA in wrong.stderr
    staff = cli("anna.ssk", "admin", "mailbox", "close", EDA, "--permanent", "--confirm-name", EDA)
    assert staff.exit_code == 4
    closed = cli.json(
        "sara.support", "admin", "mailbox", "close", EDA, "--permanent", "--confirm-name", EDA
    )
    assert closed["address"] == EDA and closed["closed_at"]
    created = cli.json(
        "sara.support", "admin", "mailbox", "create", "--org", "eda", "--name", "Eda Vård (FBL)"
    )
    assert (created["address"], created["closed_at"]) == ("Eda Vård (FBL)", None)
    again = cli(
        "sara.support", "admin", "mailbox", "create", "--org", "eda", "--name", "Eda 2 (FBL)"
    )
    assert again.exit_code == 3 and "R1" in again.stderr


def test_audit_commands(cli: Cli, world: World) -> None:
    message_id = world.send("anna.ssk")
    world.as_("cecilia.dr").folders.show(message_id)
    page = cli.json("sara.support", "audit", "--patient", "121212+1212", "--limit", "1")
    assert len(page["rows"]) == 1 and page["next_before"]
    assert {
        "id", "at", "actor", "actor_unit", "action", "outcome", "mailbox", "message_id",
        "patient", "detail",
    } <= page["rows"][0].keys()  # fmt: skip
    more = cli.json(
        "sara.support", "audit", "--patient", TOLVAN, "--before", str(page["next_before"])
    )
    assert all(r["id"] < page["next_before"] for r in more["rows"])
    people = cli.ok("sara.support", "audit", "--user", "cecilia.dr").stdout
    assert "Carlsson" in people and "(cecilia.dr)" in people
    assert cli("anna.ssk", "audit").exit_code == 4
    assert cli("sara.support", "audit", "--since", "igår").exit_code == 2
    extract = cli.json("sara.support", "audit", "patient", "191212121212")
    assert [a["login"] for a in extract["accesses"]][:2] == ["anna.ssk", "cecilia.dr"]
    assert {"at", "unit", "full_name", "login"} <= extract["accesses"][0].keys()
    assert cli("fia.chef", "audit", "patient", TOLVAN).exit_code == 4
    sample = cli.json("sara.support", "audit", "sample", "--n", "3", "--seed", "5")
    assert len(sample["rows"]) == 3 and {"flags", "drawn_as"} <= sample["rows"][0].keys()
    review = cli.json(
        "fia.chef", "audit", "review", "record",
        "--sample-seed", "5", "--n", "3", "--outcome", "follow-up", "--note", "Fråga Anna",
    )  # fmt: skip
    assert (review["reviewer"], review["outcome"]) == ("fia.chef", "follow-up")
    assert cli.json("fia.chef", "audit", "review", "list")[0]["id"] == review["id"]
    intact = cli("sara.support", "audit", "verify")
    assert intact.exit_code == 0 and "obruten" in intact.stdout
    tamper(world.store, 3, "ändrad")
    broken = cli("sara.support", "audit", "verify")
    assert broken.exit_code == 1
    assert "rad 3" in broken.stderr
    as_json = cli("sara.support", "audit", "verify", "--json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["broken_row_id"] == 3


def test_print_and_close(
    cli: Cli, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    message_id = world.send("anna.ssk")
    text = cli("anna.ssk", "print", message_id[:8], "--format", "text")
    assert text.exit_code == 0
    assert text.stdout.startswith(MARK) and MARK in text.stdout.splitlines()[-1]
    assert "personliga" in text.stderr  # R14: forwarding is preferred
    out = tmp_path / "utskrift.pdf"
    cli.ok("anna.ssk", "print", message_id, "--output", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    monkeypatch.chdir(tmp_path)
    made = cli.json("anna.ssk", "print", message_id)
    assert made["format"] == "pdf" and Path(made["path"]).name.startswith("arbetsunderlag-")
    assert cli("gustav.ssk", "print", message_id).exit_code == 4
    refused = cli("bengt.ssk", "close", message_id)
    assert refused.exit_code == 3 and "R16" in refused.stderr
    closed = cli.json("bengt.ssk", "close", message_id, "--printouts-destroyed")
    assert (closed["already_closed"], closed["printouts_destroyed"]) == (False, 3)

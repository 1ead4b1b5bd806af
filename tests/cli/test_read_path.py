"""The read commands on the DB-API query layer: `search`, `list`'s order and filters, and
start-up without the ORM (issue 9's one read path, issue 10's fast read commands)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import select

from fblmail.store.engine import Store, make_engine
from fblmail.store.tables import AccessLog
from kit.cli import Cli
from kit.people import (
    ARVIKA,
    GRIPEN,
    HERRHAGEN,
    KARLSTAD,
    TOLVAN,
    TOLVAN_SAMORDNING,
    FakeClock,
    World,
    populate,
)

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "textual")

READ_ONLY_LIGHT = """
import sys
from typer.testing import CliRunner
from fblmail.cli.main import app

runner = CliRunner()
for args in ([*sys.argv[1:], "list", "--json"], [*sys.argv[1:], "show", "{id}", "--json"],
             [*sys.argv[1:], "search", "läkemedelslista", "--json"],
             [*sys.argv[1:], "thread", "{id}", "--json"]):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, (args, result.exit_code, result.stdout, result.stderr)
    assert "{id}" in result.stdout, result.stdout
loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))
print("LOADED", loaded)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("FBLMAIL_DATABASE_URL", None)
    env["FBLMAIL_CONFIG"] = "/nonexistent/fblmail-test.toml"
    return env


def _log(world: World, action: str) -> list[AccessLog]:
    with world.store.read() as session:
        rows = session.exec(select(AccessLog).where(AccessLog.action == action)).all()
    return sorted(rows, key=lambda r: r.id or 0)


def test_read_commands_never_import_the_orm_alembic_or_textual(sqlite_store_url: str) -> None:
    engine = make_engine(sqlite_store_url)
    world = populate(Store(engine), FakeClock())
    message_id = world.send()
    engine.dispose()
    code = READ_ONLY_LIGHT.format(id=message_id, heavy=HEAVY)
    args = ["--db", sqlite_store_url, "--user", "cecilia.dr"]
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
        cwd=Path(__file__).parent,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout, result.stdout[-400:]


SEND_LIGHT = """
import json, sys
from typer.testing import CliRunner
from fblmail.cli.main import app

args = [*sys.argv[1:], "send", "--from", {sender!r}, "--to", {recipient!r},
        "--category", "Recept", "--patient", {patient!r}, "--subject", "Förnya receptet",
        "--body", "Kan ni förnya receptet?", "--no-coordination-case", "--json"]
result = CliRunner().invoke(app, args)
assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
print("SENT", json.loads(result.stdout)["folder"])
loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))
print("LOADED", loaded)
"""


def test_send_never_imports_the_orm_alembic_or_textual(sqlite_store_url: str) -> None:
    """`fblmail send` runs on the DB-API path too (issue 10's send goal)."""
    engine = make_engine(sqlite_store_url)
    world = populate(Store(engine), FakeClock())
    engine.dispose()
    code = SEND_LIGHT.format(sender=KARLSTAD, recipient=HERRHAGEN, patient=TOLVAN, heavy=HEAVY)
    args = ["--db", sqlite_store_url, "--user", "anna.ssk"]
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
        cwd=Path(__file__).parent,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "SENT sent" in result.stdout, result.stdout[-400:]
    assert "LOADED []" in result.stdout, result.stdout[-400:]
    assert [r.detail for r in _log(world, "send")] == [f"to {HERRHAGEN}"]


def test_search_finds_words_word_starts_and_patients(world: World, cli: Cli) -> None:
    first = world.send(subject="Fråga om läkemedelslista", patient=TOLVAN)
    second = world.send(
        subject="Provtagning PK-INR", body="Ska vi ta PK-INR på torsdag?", patient=TOLVAN_SAMORDNING
    )
    assert [r["id"] for r in cli.json("cecilia.dr", "search", "läkemedelslista")] == [first]
    assert [r["id"] for r in cli.json("cecilia.dr", "search", "torsd*")] == [second]
    assert [r["id"] for r in cli.json("cecilia.dr", "search", TOLVAN_SAMORDNING)] == [second]
    both = cli.json("cecilia.dr", "search", "fråga*")
    assert {r["id"] for r in both} <= {first, second}
    assert set(both[0]) == set(cli.json("cecilia.dr", "list")[0])  # the list's JSON keys
    table = cli.ok("cecilia.dr", "search", "läkemedelslista").stdout
    assert "Fråga om läkemedelslista" in table


def test_search_without_hits_and_with_words_that_look_like_syntax(
    world: World, cli: Cli
) -> None:
    world.send()
    assert cli.json("cecilia.dr", "search", "blodtryck") == []
    assert "Inga träffar" in cli.ok("cecilia.dr", "search", "blodtryck").stdout
    for hostile in ('NEAR(" AND', "läkemedelslista OR *", '"[/b]" ^x', "x -- ; DROP TABLE message"):
        found = cli.json("cecilia.dr", "search", hostile)
        assert isinstance(found, list)
    nothing = cli("cecilia.dr", "search", '"[]" * ()')
    assert nothing.exit_code == 2
    assert "inget att söka efter" in nothing.stderr
    assert "Traceback" not in nothing.stdout + nothing.stderr


def test_search_is_logged_with_its_words_and_hits(world: World, cli: Cli) -> None:
    world.send()
    cli.json("cecilia.dr", "search", "läkemedelslista")
    cli.json("cecilia.dr", "search", "blodtryck")
    rows = _log(world, "search")
    assert [(r.actor, r.actor_unit, r.mailbox, r.detail) for r in rows] == [
        ("cecilia.dr", "Vc Herrhagen", "*", "läkemedelslista (1)"),
        ("cecilia.dr", "Vc Herrhagen", "*", "blodtryck (0)"),
    ]
    cli("cecilia.dr", "search", "[]")
    refused = _log(world, "search")[-1]
    assert refused.outcome != "ok"
    from fblmail.store.audit import verify_chain

    with world.store.read() as session:
        chain = session.exec(select(AccessLog).order_by(AccessLog.id)).all()  # type: ignore[arg-type]
    assert verify_chain(chain) is None


def test_search_never_finds_another_units_messages(world: World, cli: Cli) -> None:
    ours = world.send(subject="Läkemedelslista Karlstad")
    world.send("erik.ssk", from_fbl=ARVIKA, to_fbl=GRIPEN, subject="Läkemedelslista Arvika")
    assert [r["id"] for r in cli.json("cecilia.dr", "search", "läkemedelslista")] == [ours]
    assert cli.json("gustav.ssk", "search", "karlstad") == []
    assert [r["subject"] for r in cli.json("gustav.ssk", "search", "läkemedelslista")] == [
        "Läkemedelslista Arvika"
    ]
    nobody = cli("nobody", "search", "läkemedelslista")
    assert nobody.exit_code == 4


def test_list_orders_urgent_first_and_filters_like_the_app(world: World, cli: Cli) -> None:
    fyi = world.send(
        category="För kännedom", subject="Patienten har flyttat", fyi_no_risk=True
    )
    world.clock.advance(hours=1)
    question = world.send(subject="Fråga om dosering")
    world.clock.advance(hours=1)
    recept = world.send(category="Recept", subject="Förnyelse av recept")
    newest = [r["id"] for r in cli.json("cecilia.dr", "list")]
    assert newest == [recept, question, fyi]  # the default is still newest first
    urgent = [r["id"] for r in cli.json("cecilia.dr", "list", "--order", "urgent")]
    assert urgent[:2] == [question, recept] and urgent[2] == fyi  # by deadline, then newest
    oldest = [r["id"] for r in cli.json("cecilia.dr", "list", "--order", "oldest")]
    assert oldest == [fyi, question, recept]
    recepts = cli.json("cecilia.dr", "list", "--category", "recept")
    assert [r["id"] for r in recepts] == [recept]
    waiting = cli.json("cecilia.dr", "list", "--waiting", "us", "--order", "urgent")
    assert [r["id"] for r in waiting] == [question, recept]
    theirs = cli.json("anna.ssk", "list", "--folder", "sent", "--waiting", "them")
    assert {r["id"] for r in theirs} == {question, recept}
    assert cli("cecilia.dr", "list", "--order", "soon").exit_code == 2
    assert cli("cecilia.dr", "list", "--waiting", "nobody").exit_code == 2
    assert cli("cecilia.dr", "list", "--category", "Akut").exit_code == 2


def test_list_pages_every_order_across_mailboxes_with_its_cursor(world: World, cli: Cli) -> None:
    sent = []
    for n in range(5):
        world.clock.advance(minutes=7)
        sent.append(world.send(subject=f"Fråga {n}", patient=TOLVAN))
        sent.append(world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD,
                               subject=f"Svar {n}", category="Recept"))  # fmt: skip
    for order in ("newest", "oldest", "urgent"):
        everything = [r["id"] for r in cli.json("anna.ssk", "list", "--order", order,
                                                 "--folder", "inbox", "--limit", "50")]  # fmt: skip
        seen: list[str] = []
        cursor: str | None = None
        while True:
            args = ["list", "--order", order, "--limit", "2", "--json"]
            result = cli.ok("anna.ssk", *args, *(["--cursor", cursor] if cursor else []))
            seen += [r["id"] for r in json.loads(result.stdout)]
            if not result.stderr.strip():
                break
            cursor = json.loads(result.stderr.strip().splitlines()[-1])["next_cursor"]
        assert seen == everything, order
    assert cli("anna.ssk", "list", "--order", "urgent", "--cursor", "garbage").exit_code == 2


def test_show_marks_read_and_logs_the_read_in_one_unit(world: World, cli: Cli) -> None:
    message_id = world.send()
    assert cli.json("cecilia.dr", "list", "--unread")[0]["id"] == message_id
    shown = cli.json("cecilia.dr", "show", message_id[:8])
    assert shown["read"] is True and shown["body"]
    assert shown["sender_person"] == "Anna Andersson (Sjuksköterska)"
    assert cli.json("cecilia.dr", "list", "--unread") == []
    reads = _log(world, "read")
    assert [(r.actor, r.mailbox, r.message_id, r.patient) for r in reads] == [
        ("cecilia.dr", HERRHAGEN, message_id, TOLVAN.replace("-", ""))
    ]
    assert cli("gustav.ssk", "show", message_id).exit_code == 4
    refused = _log(world, "read")[-1]
    assert refused.actor == "gustav.ssk" and refused.outcome != "ok"


def test_a_corrupt_page_met_by_a_read_command_blocks_writes(sqlite_store_url: str) -> None:
    from kit.robustness import corrupt_middle_page

    engine = make_engine(sqlite_store_url)
    world = populate(Store(engine), FakeClock())
    ids = [world.send(body=f"Text {n} " + "ord " * 400) for n in range(12)]
    engine.dispose()
    path = Path(sqlite_store_url.removeprefix("sqlite:///"))
    corrupt_middle_page(path)
    found = Cli(sqlite_store_url)("cecilia.dr", "show", ids[0], "--json")
    assert found.exit_code == 5, (found.stdout, found.stderr)
    assert "Traceback" not in found.stdout + found.stderr
    assert (path.parent / "store.db-damaged").exists()

"""One send and one DB-API unit of work (issue 9's duplicated unit of work, issue 10's send).

`fblmail send` and the app's `Messaging.send` run the same DB-API use case
(`service/messages/send.py` in `service/unit.LightUnit`), which the read commands and the
check share; the ORM's `ServiceBase._unit` takes the same policy (what a refusal logs, when
the last activity is written). Parametrised over SQLite and PostgreSQL like the rest of
the tier.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import col, select

from fblmail.errors import InvalidInput, NoAccess, StoreProblem
from fblmail.service import Outgoing
from fblmail.service.messages.send_unit import Sends
from fblmail.store.query.connection import Connector, parse_target
from fblmail.store.tables import Account
from kit.cli import Cli
from kit.people import HERRHAGEN, KARLSTAD, TOLVAN, World
from kit.service import end_account, logged, refused
from kit.stores import log_rows

OUT = Outgoing(
    from_fbl=KARLSTAD,
    to_fbl=HERRHAGEN,
    category="Recept",
    patient=TOLVAN,
    subject="Förnya receptet",
    body="Kan ni förnya receptet?",
    no_coordination_case=True,
)


def _sends(world: World, login: str) -> Sends:
    url = world.store.engine.url.render_as_string(hide_password=False)
    return Sends(Connector(parse_target(url)), login, world.clock)


def _last_active(world: World, login: str) -> object:
    with world.store.read() as session:
        return session.exec(
            select(Account.last_active_at).where(col(Account.login) == login)
        ).one()


def test_the_command_line_and_the_app_store_the_same_send(world: World, store_url: str) -> None:
    """The same rows, log row and summary whichever front end sends."""
    with logged(world.store) as by_app:
        app = world.as_("anna.ssk").messaging.send(OUT)
    with logged(world.store) as by_cli:
        sent = Cli(store_url).json(
            "anna.ssk", "send", "--from", KARLSTAD, "--to", HERRHAGEN, "--category", "Recept",
            "--patient", TOLVAN, "--subject", OUT.subject, "--body", OUT.body,
            "--no-coordination-case",
        )  # fmt: skip
    shown = app.to_json()
    for key in ("id", "thread_id", "item_id", "sent_at", "due_at"):
        assert sent.pop(key) and shown.pop(key), key  # new ids, the command line's own clock
    assert sent == shown
    rows = [(r.action, r.outcome, r.actor_unit, r.mailbox, r.detail) for r in by_app.rows]
    assert rows == [(r.action, r.outcome, r.actor_unit, r.mailbox, r.detail) for r in by_cli.rows]
    assert rows == [("send", "ok", "Karlstad", KARLSTAD, f"to {HERRHAGEN}")]


def test_an_ended_account_is_refused_and_logged_with_its_unit(world: World) -> None:
    """R18 on the DB-API unit: the refusal names the account's unit, as the ORM unit does."""
    end_account(world, "anna.ssk")
    sends = _sends(world, "anna.ssk")
    try:
        _, row = refused(world, lambda: sends.send(OUT), NoAccess, action="send")
    finally:
        sends.close()
    assert (row.actor, row.actor_unit, row.mailbox) == ("anna.ssk", "Karlstad", KARLSTAD)
    _, orm_row = refused(
        world, lambda: world.as_("anna.ssk").messaging.reply("x" * 36, "Svar"), NoAccess
    )
    assert (orm_row.actor, orm_row.actor_unit) == (row.actor, row.actor_unit)


def test_an_unknown_login_is_refused_with_no_unit(world: World) -> None:
    sends = _sends(world, "nobody.here")
    try:
        _, row = refused(world, lambda: sends.send(OUT), NoAccess, action="send")
    finally:
        sends.close()
    assert (row.actor, row.actor_unit) == ("nobody.here", "")


def test_a_send_writes_last_activity_at_most_once_an_hour(world: World) -> None:
    world.send("anna.ssk")
    first = _last_active(world, "anna.ssk")
    assert first == world.clock()
    world.clock.advance(minutes=59)
    world.send("anna.ssk", subject="Andra frågan")
    assert _last_active(world, "anna.ssk") == first
    world.clock.advance(minutes=2)
    world.send("anna.ssk", subject="Tredje frågan")
    assert _last_active(world, "anna.ssk") == world.clock()


def test_a_refused_send_writes_no_last_activity(world: World) -> None:
    before = _last_active(world, "anna.ssk")
    world.clock.advance(days=2)
    with pytest.raises(NoAccess):
        world.as_("anna.ssk").messaging.send(
replace(OUT, from_fbl=HERRHAGEN, to_fbl=KARLSTAD))
    assert _last_active(world, "anna.ssk") == before
    assert [r.action for r in log_rows(world.store)][-1] == "send"


def test_the_apps_send_refuses_a_store_file_replaced_under_it(
    world: World, backend: str, tmp_path: Path
) -> None:
    """The app's send runs on its engine's connections and its store's file identity, so a
    file swapped under the running app is refused as `Store.write` refuses it."""
    if backend != "sqlite":
        pytest.skip("the file guard is SQLite's")
    world.send()
    assert world.store.file is not None
    copy = tmp_path / "copy.db"
    shutil.copyfile(world.store.file.path, copy)
    os.replace(copy, world.store.file.path)
    with pytest.raises(StoreProblem, match="bytts ut"):
        world.as_("anna.ssk").messaging.send(OUT)


def test_a_journal_title_that_cannot_be_stored_is_refused_before_anything_is_written(
    world: World,
) -> None:
    """R12's link on the DB-API send: a NUL in it is bad input on both back ends (SQLite
    would keep it, PostgreSQL refuses it), as the ORM's text guard made it."""
    asked = replace(
        OUT, from_fbl=HERRHAGEN, to_fbl=KARLSTAD, journal_note="VAS-123", journal_title="a\x00b"
    )
    error, row = refused(
        world, lambda: world.as_("cecilia.dr").messaging.send(asked), InvalidInput
    )
    assert error.field == "journal_title" and row.action == "send"


def test_the_db_api_writer_refuses_text_that_cannot_be_stored(world: World) -> None:
    """The net under the rules: no statement of the DB-API path writes a NUL."""
    sends = _sends(world, "anna.ssk")
    try:
        with pytest.raises(InvalidInput), sends.connector.writing() as db:
            db.execute("UPDATE account SET full_name = ? WHERE login = ?", ("A\x00", "anna.ssk"))
        with pytest.raises(InvalidInput), sends.connector.writing() as db:
            db.scalar("INSERT INTO draft (id) VALUES (?) RETURNING id", ("x\udcff",))
    finally:
        sends.close()

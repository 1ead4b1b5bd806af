"""Issue 8, item 1: on a shared store the database user is the acting user, everywhere.

`--user`, `FBLMAIL_USER` and `FBLMAIL_IDENTITY` may only confirm the session user; naming
someone else is refused with exit 4 and the refusal is in the access log under the real
session user. The app's first screen (the light `Inbox` reader, which also serves search)
goes through the same decision before it reads a row. The store's owner may act for an
account (documented administration and system jobs).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from fblmail.errors import NoAccess
from fblmail.service.mailboxes.inbox import Inbox
from fblmail.settings import load_settings
from kit.cli import run_cli, run_in_a_terminal
from kit.people import ARVIKA, GRIPEN, HERRHAGEN, KARLSTAD, TOLVAN
from kit.shared import SharedWorld, person_url

pytestmark = pytest.mark.parametrize("backend", ["postgres"])


def _identity_refusals(shared: SharedWorld) -> list[tuple[object, ...]]:
    with shared.owner() as owner:
        return owner.execute(
            "SELECT actor, outcome, detail FROM access_log WHERE action = 'identity' ORDER BY id"
        ).fetchall()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from fblmail.cli import output

    output.out.cache_clear()
    output.err.cache_clear()
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("FBLMAIL_CONFIG", "/nonexistent/fblmail-test.toml")
    for name in ("FBLMAIL_DATABASE_URL", "FBLMAIL_USER", "FBLMAIL_LANG", "FBLMAIL_IDENTITY"):
        monkeypatch.delenv(name, raising=False)
    yield
    output.out.cache_clear()
    output.err.cache_clear()


def test_list_show_and_thread_as_someone_else_are_refused_and_logged(
    shared: SharedWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = shared.world.send("anna.ssk")
    anna_url = person_url(shared.url, "anna.ssk")

    def as_anna(user: str | None, *args: str) -> Result:
        return run_cli(anna_url, user, *args)

    # The client's own identity setting has no say on a shared store.
    monkeypatch.setenv("FBLMAIL_IDENTITY", "os")
    for args in (("list",), ("show", message), ("thread", message)):
        result = as_anna("david.ssk", *args)
        assert result.exit_code == 4, (args, result.stdout, result.stderr)
        assert TOLVAN not in result.stdout + result.stderr
        assert "kan inte agera som 'david.ssk'" in " ".join(result.stderr.split())
    monkeypatch.setenv("FBLMAIL_USER", "cecilia.dr")
    assert as_anna(None, "list").exit_code == 4
    monkeypatch.delenv("FBLMAIL_USER")
    assert _identity_refusals(shared) == [
        ("anna.ssk", "denied", "asked to act as david.ssk"),
        ("anna.ssk", "denied", "asked to act as david.ssk"),
        ("anna.ssk", "denied", "asked to act as david.ssk"),
        ("anna.ssk", "denied", "asked to act as cecilia.dr"),
    ]
    # Confirming oneself, or saying nothing, works.
    assert as_anna("anna.ssk", "list").exit_code == 0
    assert as_anna(None, "show", message).exit_code == 0


def test_the_first_screen_and_search_refuse_someone_else(shared: SharedWorld) -> None:
    shared.world.send("anna.ssk")
    env = {"FBLMAIL_CONFIG": "/nonexistent", "FBLMAIL_IDENTITY": "os"}
    impostor = load_settings(
        database_url=person_url(shared.url, "cecilia.dr"), user="david.ssk", environ=env
    )
    with pytest.raises(NoAccess):
        Inbox.for_settings(impostor)
    assert _identity_refusals(shared) == [("cecilia.dr", "denied", "asked to act as david.ssk")]
    herself = load_settings(database_url=person_url(shared.url, "cecilia.dr"), environ=env)
    inbox = Inbox.for_settings(herself)
    try:
        assert inbox.login == "cecilia.dr"
        assert [r.summary.patient for r in inbox.search("läkemedelslista")]
    finally:
        inbox.close()


def test_the_app_started_as_someone_else_ends_with_exit_4(
    shared: SharedWorld, tmp_path: Path
) -> None:
    shared.world.send("anna.ssk")
    env = {**os.environ, "FBLMAIL_CONFIG": str(tmp_path / "none.toml"), "TERM": "xterm-256color"}
    url = person_url(shared.url, "anna.ssk")
    code, output = run_in_a_terminal(["--db", url, "--user", "cecilia.dr"], env)
    assert code == 4, output
    assert "Traceback" not in output
    assert TOLVAN not in output and "19121212" not in output
    assert _identity_refusals(shared) == [("anna.ssk", "denied", "asked to act as cecilia.dr")]


def test_the_owner_may_act_for_an_account(shared: SharedWorld) -> None:
    shared.world.send("anna.ssk")
    assert run_cli(shared.url, "anna.ssk", "list").exit_code == 0


def test_send_on_the_db_api_path_as_ones_own_role(shared: SharedWorld) -> None:
    """`fblmail send` (the DB-API send) as a person's role: RLS admits the rows, the log row
    goes through the definer function, and acting as someone else is refused (exit 4)."""
    anna_url = person_url(shared.url, "anna.ssk")
    args = (
        "send", "--from", KARLSTAD, "--to", HERRHAGEN, "--category", "Recept",
        "--patient", TOLVAN, "--subject", "Förnya receptet", "--body", "Kan ni förnya det?",
        "--no-coordination-case", "--json",
    )  # fmt: skip
    sent = run_cli(anna_url, None, *args)
    assert sent.exit_code == 0, (sent.stdout, sent.stderr)
    assert '"folder": "sent"' in sent.stdout
    impostor = run_cli(anna_url, "david.ssk", *args)
    assert impostor.exit_code == 4 and TOLVAN not in impostor.stdout + impostor.stderr
    with shared.owner() as owner:
        rows = owner.execute(
            "SELECT actor, actor_unit, outcome, mailbox FROM access_log "
            "WHERE action = 'send' ORDER BY id"
        ).fetchall()
        copies = owner.execute(
            "SELECT b.address, i.folder FROM mailbox_item i JOIN mailbox b ON b.id = i.mailbox_id "
            "JOIN message m ON m.seq = i.message_seq WHERE m.subject = 'Förnya receptet' "
            "ORDER BY i.folder"
        ).fetchall()
    assert rows == [("anna.ssk", "Karlstad", "ok", KARLSTAD)]
    assert copies == [(HERRHAGEN, "inbox"), (KARLSTAD, "sent")]
    assert _identity_refusals(shared) == [("anna.ssk", "denied", "asked to act as david.ssk")]


def test_a_send_with_the_id_of_a_message_one_cannot_read_is_refused_as_any_taken_id(
    shared: SharedWorld,
) -> None:
    """Row-level security hides the message that holds the id, so the send's own look-up
    finds nothing and the insert hits the unique key: the answer must be the same words
    (exit 2, field id) as for a taken id one can see, not a store error (exit 5) that tells
    the id exists and sends the nurse to `fblmail doctor`."""
    hidden = shared.world.send("erik.ssk", from_fbl=ARVIKA, to_fbl=GRIPEN, subject="Dolt")
    anna_url = person_url(shared.url, "anna.ssk")
    sent = run_cli(
        anna_url, None,
        "send", "--from", KARLSTAD, "--to", HERRHAGEN, "--category", "Recept",
        "--patient", TOLVAN, "--subject", "Förnya receptet", "--body", "Kan ni förnya det?",
        "--no-coordination-case", "--id", hidden,
    )  # fmt: skip
    output = sent.stdout + sent.stderr
    assert sent.exit_code == 2, output
    assert "används redan" in output and "doctor" not in output and "Dolt" not in output
    with shared.owner() as owner:
        logged = owner.execute(
            "SELECT actor, outcome FROM access_log WHERE action = 'send' ORDER BY id"
        ).fetchall()
        stored = owner.execute(
            "SELECT count(*) FROM message WHERE subject = 'Förnya receptet'"
        ).fetchone()
    assert logged[-1] == ("anna.ssk", "invalid")
    assert stored == (0,)

"""`fblmail check` on the DB-API path on a shared PostgreSQL store, as a person's own role.

The store decides who acts (the database user); a person's session cannot write the log
itself, so the check's rows go through the definer function, with the database's actor.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from fblmail.store.engine import Store
from fblmail.store.shared import make_shared
from kit.people import HERRHAGEN, KARLSTAD, FakeClock, World, populate
from kit.stores import last_log_id, log_rows

pytestmark = pytest.mark.parametrize("backend", ["postgres"])


@pytest.fixture
def shared(store: Store, clock: FakeClock) -> World:
    """The standard world on a shared store (set up first, so each account gets its role)."""
    make_shared(store.engine)
    return populate(store, clock)


def _as_person(store_url: str, login: str, *args: str) -> tuple[int, str, str]:
    from fblmail.cli.main import app

    url = make_url(store_url).set(username=login, password=None)
    argv = ["--db", url.render_as_string(hide_password=False), *args]
    result = CliRunner().invoke(app, argv)
    return result.exit_code, result.stdout, result.stderr


def test_a_person_checks_their_fbl_on_a_shared_store(
    shared: World, store: Store, store_url: str
) -> None:
    shared.send("anna.ssk")
    before = last_log_id(store)
    code, out, err = _as_person(store_url, "cecilia.dr", "check", "--json")
    assert code == 1, err
    report = json.loads(out)
    assert report["user"] == "cecilia.dr"
    assert [m["mailbox"] for m in report["mailboxes"]] == [HERRHAGEN]
    box = report["mailboxes"][0]  # the real clock: the question is past its 72 hours by now
    assert box["waiting_for_us"]["total"] + box["overdue_for_us"]["total"] == 1
    [row] = log_rows(store, before)
    assert (row.action, row.actor, row.mailbox, row.outcome) == (
        "check",
        "cecilia.dr",
        HERRHAGEN,
        "ok",
    )


def test_naming_someone_else_on_a_shared_store_is_refused_and_logged(
    shared: World, store: Store, store_url: str
) -> None:
    before = last_log_id(store)
    code, _out, err = _as_person(store_url, "cecilia.dr", "--user", "anna.ssk", "check")
    assert code == 4 and "Traceback" not in err
    [row] = log_rows(store, before)
    assert (row.action, row.actor, row.outcome) == ("identity", "cecilia.dr", "denied")
    code, _out, _err = _as_person(store_url, "cecilia.dr", "check", "--mailbox", KARLSTAD)
    assert code == 4

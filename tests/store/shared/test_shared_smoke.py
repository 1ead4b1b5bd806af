"""The service layer works as each person's own role on a shared store (issue 8)."""

from __future__ import annotations

import psycopg
import pytest

from fblmail.errors import NoAccess
from fblmail.service import Outgoing
from kit.people import HERRHAGEN, KARLSTAD, TOLVAN
from kit.shared import SharedWorld, connect_as

pytestmark = pytest.mark.parametrize("backend", ["postgres"])


def test_send_read_reply_and_verify_as_own_roles(shared: SharedWorld) -> None:
    with shared.person("anna.ssk") as anna:
        sent = anna.messaging.send(
            Outgoing(
                from_fbl=KARLSTAD,
                to_fbl=HERRHAGEN,
                category="Frågeställning",
                patient=TOLVAN,
                subject="Fråga om läkemedelslista",
                body="Stämmer listan?",
                no_coordination_case=True,
            )
        )
    with shared.person("cecilia.dr") as cecilia:
        shown = cecilia.folders.show(sent.id)
        assert shown.summary.patient.endswith("1212") or shown is not None
        cecilia.messaging.reply(sent.id, "Listan stämmer.")
        hits = cecilia.inbox.search("läkemedelslista")
        assert hits
    with shared.person("sara.support") as sara:
        assert sara.audit.verify().intact


def test_every_table_is_classified_and_protected(shared: SharedWorld) -> None:
    """A new table must be named in store/shared_policies_sql.py (with policies) to merge."""
    from sqlmodel import SQLModel

    from fblmail.store.shared_sql import TABLE_POLICIES

    assert set(SQLModel.metadata.tables) <= set(TABLE_POLICIES)
    with shared.owner() as owner:
        rows = owner.execute(
            "SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
        ).fetchall()
    unprotected = {str(name) for name, rls in rows if not rls}
    assert unprotected == {"alembic_version", "fblmail_notify_salt"}
    assert {str(name) for name, _ in rows} - {"fblmail_notify_salt"} <= set(TABLE_POLICIES)


def test_the_issues_repros_do_no_harm(shared: SharedWorld) -> None:
    shared.world.send("anna.ssk")
    with connect_as(shared.url, "gustav.ssk") as gustav:
        for harm in (
            "UPDATE account SET role = 'support' WHERE login = 'gustav.ssk'",
            "UPDATE account SET active = true",
            "INSERT INTO access_log (id, at, actor, actor_unit, action, outcome, prev_hash, "
            "row_hash) SELECT last_id + 1, now(), 'x', '', 'jam', 'ok', 'x', 'x' "
            "FROM audit_head",
            "UPDATE audit_head SET last_id = last_id + 1",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                gustav.execute(harm)
        assert gustav.execute("SELECT patient, subject, body FROM message").fetchall() == []
        assert gustav.execute("DELETE FROM message").rowcount == 0
        # A row he may append names him, with the database's time and a valid chain.
        row = gustav.execute(
            "SELECT actor FROM fblmail_log_append('x', 'ok', NULL, NULL, NULL, NULL, NULL, NULL)"
        ).fetchone()
        assert row == ("gustav.ssk",)
    with shared.person("gustav.ssk") as gustav_app, pytest.raises(NoAccess):
        gustav_app.access.list_requests()
    shared.world.send("anna.ssk")  # nothing jams the log for the next writer
    with shared.person("sara.support") as sara:
        assert sara.audit.verify().intact

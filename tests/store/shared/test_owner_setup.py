"""The owner's shared-store set-up (`fblmail init` on PostgreSQL, issue 8) replaces the old
hand-run grants file: idempotent, the program keeps working as each person's own role, and
no person can change the access log, its head, the schema version or the schema."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from fblmail.service import Messenger
from fblmail.store.engine import Store, make_engine
from fblmail.store.shared import make_shared
from kit.people import HERRHAGEN, World


def _connect(url: str, user: str | None = None) -> psycopg.Connection[tuple[object, ...]]:
    parsed = make_url(url).set(drivername="postgresql")
    if user is not None:
        parsed = parsed.set(username=user, password=None)
    return psycopg.connect(parsed.render_as_string(hide_password=False), autocommit=True)


@pytest.mark.parametrize("backend", ["postgres"])
def test_person_roles_cannot_change_the_log(world: World, store_url: str, tmp_path: Path) -> None:
    message_id = world.send("anna.ssk")
    make_shared(world.store.engine)
    make_shared(world.store.engine)  # idempotent, as after every upgrade
    with _connect(store_url) as owner:
        for login in ("cecilia.dr", "sara.support"):
            owner.execute("SELECT fblmail_sync_role(%s)", (login,))

    def as_person(login: str) -> tuple[Messenger, object]:
        url = make_url(store_url).set(username=login, password=None)
        engine = make_engine(url.render_as_string(hide_password=False))
        return Messenger(Store(engine), login, world.clock), engine

    cecilia, engine_c = as_person("cecilia.dr")
    sara, engine_s = as_person("sara.support")
    try:
        # Everything the program does still works as the person's own role ...
        cecilia.folders.show(message_id)
        cecilia.messaging.reply(message_id, "Listan stämmer.")
        cecilia.printing.print_message(message_id, fmt="text", output=tmp_path / "p.txt")
        cecilia.printing.close_thread(message_id, printouts_destroyed=True)
        sara.audit.record_review(seed=1, n=2, outcome="ok")
        assert sara.audit.verify().intact
        assert HERRHAGEN in {b.address for b in cecilia.folders.mailboxes()}
    finally:
        engine_c.dispose()  # type: ignore[attr-defined]
        engine_s.dispose()  # type: ignore[attr-defined]

    # ... but the log and its head cannot be changed behind the program's back.
    forbidden = (
        "UPDATE access_log SET detail = 'x' WHERE id = 1",
        "DELETE FROM access_log WHERE id = 1",
        "TRUNCATE access_log",
        "ALTER TABLE access_log DISABLE TRIGGER access_log_no_change",
        "INSERT INTO access_log (id, at, actor, actor_unit, action, outcome, prev_hash, "
        "row_hash) VALUES (100000, now(), 'x', '', 'x', 'ok', 'x', 'x')",
        "INSERT INTO audit_head (id, last_id, last_hash) VALUES (2, 0, 'x')",
        "UPDATE audit_head SET last_id = last_id + 1",
        "DELETE FROM audit_head",
        "DELETE FROM audit_review",
        "UPDATE alembic_version SET version_num = 'x'",
        "CREATE TABLE sneaky (id int)",
        "ALTER TABLE message DISABLE ROW LEVEL SECURITY",
    )
    for login in ("cecilia.dr", "sara.support"):
        with _connect(store_url, user=login) as conn:
            for statement in forbidden:
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
    with _connect(store_url, user="sara.support") as conn:
        count = conn.execute("SELECT count(*) FROM access_log").fetchone()
        assert count is not None and int(str(count[0])) > 0

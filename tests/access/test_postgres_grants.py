"""docs/postgres-grants.sql: the application role can work but never change the access log."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from fblmail.service import Messenger
from fblmail.store.engine import Store, make_engine
from support import HERRHAGEN, REPO, World

GRANTS = REPO / "docs" / "postgres-grants.sql"


def _connect(url: str, user: str | None = None) -> psycopg.Connection[tuple[object, ...]]:
    parsed = make_url(url).set(drivername="postgresql")
    if user is not None:
        parsed = parsed.set(username=user, password=None)
    return psycopg.connect(parsed.render_as_string(hide_password=False), autocommit=True)


@pytest.mark.parametrize("backend", ["postgres"])
def test_app_role_cannot_change_the_log(world: World, store_url: str, tmp_path: Path) -> None:
    message_id = world.send("anna.ssk")
    with _connect(store_url) as owner:
        owner.execute(GRANTS.read_text("utf-8"))  # type: ignore[arg-type]
        owner.execute(GRANTS.read_text("utf-8"))  # type: ignore[arg-type]  # idempotent

    app_url = make_url(store_url).set(username="fblmail_app", password=None)
    engine = make_engine(app_url.render_as_string(hide_password=False))
    try:
        app = Store(engine)
        # Everything the program does still works as the application role ...
        cecilia = Messenger(app, "cecilia.dr", world.clock)
        cecilia.folders.show(message_id)
        cecilia.messaging.reply(message_id, "Listan stämmer.")
        cecilia.printing.print_message(message_id, fmt="text", output=tmp_path / "p.txt")
        cecilia.printing.close_thread(message_id, printouts_destroyed=True)
        sara = Messenger(app, "sara.support", world.clock)
        sara.audit.record_review(seed=1, n=2, outcome="ok")
        assert sara.audit.verify().intact
        assert HERRHAGEN in {b.address for b in cecilia.folders.mailboxes()}
    finally:
        engine.dispose()

    # ... but the log and its head cannot be changed behind the program's back.
    forbidden = (
        "UPDATE access_log SET detail = 'x' WHERE id = 1",
        "DELETE FROM access_log WHERE id = 1",
        "TRUNCATE access_log",
        "ALTER TABLE access_log DISABLE TRIGGER access_log_no_change",
        "INSERT INTO audit_head (id, last_id, last_hash) VALUES (2, 0, 'x')",
        "DELETE FROM audit_head",
        "DELETE FROM audit_review",
        "UPDATE alembic_version SET version_num = 'x'",
        "CREATE TABLE sneaky (id int)",
    )
    with _connect(store_url, user="fblmail_app") as conn:
        for statement in forbidden:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)  # type: ignore[arg-type]
        count = conn.execute("SELECT count(*) FROM access_log").fetchone()
        assert count is not None and int(str(count[0])) > 0

"""Helpers for the issue-5 tests: log rows, refusal counts, ended accounts, tampering.

Imported as `from access_support import ...` (pytest puts this directory on sys.path).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlmodel import col, select
from typer.testing import CliRunner, Result

from fblmail.store.engine import Store
from fblmail.store.tables import AccessLog
from support import World

LOGGED_FIELDS = ("at", "actor", "actor_unit", "action", "outcome", "prev_hash", "row_hash")
MESSAGE_FIELDS = ("mailbox", "message_id", "thread_id", "patient")


def log_rows(store: Store, after_id: int = 0) -> list[AccessLog]:
    """Access-log rows with an id above `after_id`, oldest first."""
    with store.read() as session:
        return list(
            session.exec(
                select(AccessLog).where(col(AccessLog.id) > after_id).order_by(col(AccessLog.id))
            ).all()
        )


def last_log_id(store: Store) -> int:
    """The id of the newest access-log row (0 for none)."""
    rows = log_rows(store)
    return rows[-1].id or 0 if rows else 0


def refusals(store: Store, login: str, after_id: int = 0) -> list[AccessLog]:
    """Rows of refused attempts (any outcome but ok) by `login` after `after_id`."""
    return [r for r in log_rows(store, after_id) if r.actor == login and r.outcome != "ok"]


def end_account(world: World, login: str) -> None:
    """End an account the way the routine does: an end request, approved by support."""
    support = world.as_("sara.support").access
    request = support.request("end", for_login=login, reason="Slutat")
    support.approve(request.id)


def file_new(world: World, login: str, **overrides: object) -> int:
    """File a new-account request as `login` (no account needed); returns its id."""
    values: dict[str, object] = {
        "reason": "Ny tjänst som sjuksköterska",
        "full_name": "Nora Nyström",
        "organisation": "karlstad",
        "title": "Sjuksköterska",
        "mailboxes": ["Karlstad kommun Hälso- och sjukvård (FBL)"],
    }
    values.update(overrides)
    return world.as_(login).access.request("new", **values).id  # type: ignore[arg-type]


def tamper(store: Store, row_id: int, detail: str) -> None:
    """Edit a log row behind the program's back (the append-only trigger switched off)."""
    with store.engine.begin() as conn:
        if store.sqlite:
            conn.execute(text("DROP TRIGGER access_log_no_update"))
            conn.execute(
                text("UPDATE access_log SET detail = :d WHERE id = :i"), {"d": detail, "i": row_id}
            )
        else:
            conn.execute(text("ALTER TABLE access_log DISABLE TRIGGER access_log_no_change"))
            conn.execute(
                text("UPDATE access_log SET detail = :d WHERE id = :i"), {"d": detail, "i": row_id}
            )
            conn.execute(text("ALTER TABLE access_log ENABLE TRIGGER access_log_no_change"))


def cut_tail(store: Store, rows: int) -> None:
    """Delete the newest `rows` log rows behind the program's back."""
    with store.engine.begin() as conn:
        newest = conn.execute(text("SELECT max(id) FROM access_log")).scalar_one()
        if store.sqlite:
            conn.execute(text("DROP TRIGGER access_log_no_delete"))
            conn.execute(text("DELETE FROM access_log WHERE id > :n"), {"n": newest - rows})
        else:
            conn.execute(text("ALTER TABLE access_log DISABLE TRIGGER access_log_no_change"))
            conn.execute(text("DELETE FROM access_log WHERE id > :n"), {"n": newest - rows})
            conn.execute(text("ALTER TABLE access_log ENABLE TRIGGER access_log_no_change"))


@dataclass
class Cli:
    """Runs `fblmail --db URL --user LOGIN ARGS...` in-process and returns Typer's `Result`."""

    url: str

    def __call__(self, user: str, *args: str, input: str | None = None) -> Result:
        from fblmail.cli.main import app

        argv = ["--db", self.url, "--lang", "sv", "--user", user, *args]
        return CliRunner().invoke(app, argv, input=input)

    def ok(self, user: str, *args: str) -> Result:
        """Run and insist on exit code 0."""
        result = self(user, *args)
        assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
        return result

    def json(self, user: str, *args: str) -> Any:
        """Run with `--json` and parse stdout."""
        return json.loads(self.ok(user, *args, "--json").stdout)

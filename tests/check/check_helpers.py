"""Helpers for the check, purge and routine tests (imported as `from check_helpers import ...`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import col, select
from typer.testing import CliRunner, Result

from fblmail.clock import local_zone
from fblmail.store.engine import Store
from fblmail.store.tables import AccessLog
from support import World

TABLES = (
    "message",
    "thread",
    "mailbox_item",
    "journal_note",
    "disclosure",
    "access_log",
    "purge_run",
    "check_signature",
    "local_routine",
)

FULL_ROUTINE = {
    "monitors": "Dagens sjuksköterska enligt schema",
    "purger": "Fredagens sjuksköterska",
    "holiday_cover": "Enhetschefen ordnar ersättare",
    "permissions_updater": "Enhetschefen",
}


def counts(store: Store) -> dict[str, int]:
    """Rows per table of `TABLES`."""
    with store.read() as session:
        return {
            name: int(session.exec(text(f"SELECT count(*) FROM {name}")).one()[0])  # type: ignore[call-overload]  # noqa: S608
            for name in TABLES
        }


def actions(store: Store, after_id: int = 0) -> list[AccessLog]:
    """Access-log rows above `after_id`, oldest first."""
    with store.read() as session:
        return list(
            session.exec(
                select(AccessLog).where(col(AccessLog.id) > after_id).order_by(col(AccessLog.id))
            ).all()
        )


def last_log_id(store: Store) -> int:
    """The newest access-log id."""
    rows = actions(store)
    return rows[-1].id or 0 if rows else 0


def set_local(world: World, day: int, hour: int, minute: int = 0) -> datetime:
    """Move the world's clock to a Stockholm wall-clock time in November 2026 (forward only)."""
    target = datetime(2026, 11, day, hour, minute, tzinfo=local_zone()).astimezone(UTC)
    assert target >= world.clock.now, "the fake clock only moves forward"
    world.clock.now = target
    return target


def all_clear(world: World, org: str) -> None:
    """Fill in the unit's routine and run the one-year deletion, so only mail needs action."""
    world.as_("sara.support").routine.set(org, **FULL_ROUTINE)
    world.as_("sara.support").purge.expired()


def hours(n: float) -> timedelta:
    """`timedelta(hours=n)`."""
    return timedelta(hours=n)


@dataclass
class CheckCli:
    """`fblmail --db URL --user LOGIN ...` in-process, on the world's fake clock."""

    url: str

    def __call__(self, login: str, *args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(_app(), ["--db", self.url, "--user", login, *args], input=input)

    def json(self, login: str, *args: str, code: int = 0) -> Any:
        """Run with `--json`, check the exit code and parse stdout."""
        result = self(login, *args, "--json")
        assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
        return json.loads(result.stdout)


def _app() -> Any:
    from fblmail.cli.main import app

    return app

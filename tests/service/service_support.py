"""Helpers for the service tests: row counts, access-log rows, and "refused and nothing changed".

Imported as `from service_support import ...` (pytest puts this directory on sys.path).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, text
from sqlmodel import col, select

from fblmail.errors import FblError
from fblmail.store.engine import Store
from fblmail.store.tables import AccessLog, Account, Mailbox
from support import World

# Tables whose row counts must not move when something is refused.
STORED_TABLES = ("message", "thread", "mailbox_item", "journal_note", "disclosure")


def row_counts(store: Store) -> dict[str, int]:
    """Rows per table of `STORED_TABLES`."""
    counts = {}
    with store.read() as session:
        conn = session.connection()
        for name in STORED_TABLES:
            # The table names are the constants above, never input.
            query = text(f"SELECT count(*) FROM {name}")  # noqa: S608
            counts[name] = int(conn.execute(query).scalar_one())
    return counts


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
    with store.read() as session:
        newest = session.exec(select(func.max(AccessLog.id))).one()
    return int(newest or 0)


@dataclass
class Watch:
    """What changed while a block ran: the new access-log rows."""

    store: Store
    start: int
    rows: list[AccessLog] = field(default_factory=list)

    @property
    def only(self) -> AccessLog:
        """The one new access-log row (fails unless exactly one was written)."""
        assert len(self.rows) == 1, [(r.action, r.outcome) for r in self.rows]
        return self.rows[0]


@contextmanager
def logged(store: Store) -> Iterator[Watch]:
    """Collect the access-log rows written inside the block."""
    watch = Watch(store, last_log_id(store))
    yield watch
    watch.rows = log_rows(store, watch.start)


def refused(
    world: World,
    call: Callable[[], object],
    error: type[FblError],
    *,
    rule: str | None = None,
    field_name: str | None = None,
    says: tuple[str, ...] = (),
    action: str | None = None,
) -> tuple[FblError, AccessLog]:
    """Run `call`, expect `error`; check nothing stored changed and exactly one row was logged.

    Returns the error and the access-log row of the refused attempt.
    """
    before = row_counts(world.store)
    with logged(world.store) as watch, pytest.raises(error) as caught:
        call()
    exc = caught.value
    assert row_counts(world.store) == before, "a refusal must not change anything stored"
    if rule is not None:
        assert exc.rule == rule, exc.sv
    if field_name is not None:
        assert exc.field == field_name, exc.sv
    for phrase in says:
        assert phrase.lower() in (exc.sv + " " + exc.en).lower(), exc.sv
    row = watch.only
    assert row.outcome == exc.outcome
    assert row.rule == exc.rule
    if action is not None:
        assert row.action == action
    return exc, row


def set_active(store: Store, login: str, active: bool) -> None:
    """Deactivate or reactivate an account directly in the store."""
    with store.write() as session:
        account = session.exec(select(Account).where(Account.login == login)).one()
        account.active = active
        session.add(account)


def close_mailbox(world: World, address: str) -> None:
    """R15: close an FBL for good (the support command is another issue; set it directly)."""
    with world.store.write() as session:
        box = session.exec(select(Mailbox).where(Mailbox.address == address)).one()
        box.closed_at = world.clock()
        box.closed_by = "sara.support"
        session.add(box)


def personal_mailbox(world: World, login: str) -> str:
    """The address of `login`'s personal mailbox."""
    boxes = world.as_(login).folders.mailboxes()
    return next(b.address for b in boxes if b.kind == "personal")

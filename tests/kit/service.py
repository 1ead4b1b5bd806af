"""Acting through the service: "refused and nothing changed", account requests, the routine.

Each helper goes through `Messenger`, as a user would, so what it leaves behind (rows,
access-log entries) is what the program itself writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypedDict

import pytest

from fblmail.clock import local_zone
from fblmail.errors import FblError
from fblmail.store.engine import Store
from fblmail.store.tables import AccessLog
from kit.people import KARLSTAD, World
from kit.stores import last_log_id, log_rows, row_counts


class RoutineText(TypedDict):
    """The text fields of a local routine (R20), as `routine.set` takes them."""

    monitors: str
    purger: str
    holiday_cover: str
    permissions_updater: str


# A TypedDict rather than a dict[str, str], so `**FULL_ROUTINE` type-checks against
# `routine.set`, whose other keyword (`draft_days`) is a number.
FULL_ROUTINE: RoutineText = {
    "monitors": "Dagens sjuksköterska enligt schema",
    "purger": "Fredagens sjuksköterska",
    "holiday_cover": "Enhetschefen ordnar ersättare",
    "permissions_updater": "Enhetschefen",
}


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


def personal_mailbox(world: World, login: str) -> str:
    """The address of `login`'s personal mailbox."""
    boxes = world.as_(login).folders.mailboxes()
    return next(b.address for b in boxes if b.kind == "personal")


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
        "mailboxes": [KARLSTAD],
    }
    values.update(overrides)
    return world.as_(login).access.request("new", **values).id  # type: ignore[arg-type]


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

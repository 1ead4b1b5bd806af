"""Catching the SQL a use case runs, for the query-plan tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from kit.people import World


@contextmanager
def captured(world: World, kinds: tuple[str, ...]) -> Iterator[list[tuple[str, Any]]]:
    """The statements starting with one of `kinds` (SELECT, DELETE, WITH ...), with their
    parameters, run on the world's engine while the block runs."""
    seen: list[tuple[str, Any]] = []

    def record(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> None:
        if statement.lstrip().upper().startswith(kinds):
            seen.append((statement, parameters))

    event.listen(world.store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(world.store.engine, "before_cursor_execute", record)

"""Catching the SQL a use case runs, for the query-plan tests."""

from __future__ import annotations

import re
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


SQLITE_SCAN = re.compile(r"\bSCAN (\w+)")
POSTGRES_SCAN = re.compile(r"Seq Scan on (\w+)")


def explained(world: World, statements: list[tuple[str, Any]]) -> list[tuple[str, str, bool]]:
    """(statement, its plan as text, on PostgreSQL?) for each statement, planned on the
    world's engine; PostgreSQL is told to avoid sequential scans, so one that remains is
    the only way the statement can run."""
    planned = []
    with world.store.engine.connect() as conn:
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            conn.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in statements:
            prefix = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "
            rows = conn.exec_driver_sql(prefix + statement, parameters).all()
            plan = "\n".join(str(row[0] if postgres else row[-1]) for row in rows)
            planned.append((statement, plan, postgres))
        conn.rollback()
    return planned


def scanned_tables(plan: str, postgres: bool) -> list[str]:
    """The tables a plan reads whole."""
    return (POSTGRES_SCAN if postgres else SQLITE_SCAN).findall(plan)

"""Every statement the check and the message list run uses an index, and none of them
does more work when the FBL holds more messages.

The statements are captured as the service runs them (so a query added later is covered
without touching this test), then judged by the database itself:

- plans: SQLite's `EXPLAIN QUERY PLAN` must not `SCAN` a large table, and PostgreSQL's
  `EXPLAIN` (with sequential scans priced out, since on a test store they are cheaper than
  any index) must not fall back to a `Seq Scan` of one;
- work: an index search that reads every item of the mailbox is no scan in the plan, yet
  costs seconds at a million messages. So each statement's work is measured on the FBL
  with N settled messages and again with 2N (SQLite: virtual-machine steps counted by a
  progress handler; PostgreSQL: rows read and filtered away, from `EXPLAIN ANALYZE`), and
  must not grow.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, timedelta
from typing import Any

import pytest

from fblmail.clock import local_zone
from kit.people import HERRHAGEN, KARLSTAD, World
from kit.plans import captured, explained, scanned_tables

LARGE = ("message", "mailbox_item", "thread", "access_log", "draft")
def full_scans(world: World, statements: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """(table, statement) for every full scan of a large table in the statements' plans."""
    return [
        (table, statement)
        for statement, plan, postgres in explained(world, statements)
        for table in scanned_tables(plan, postgres)
        if table in LARGE
    ]


def busy_store(world: World) -> None:
    """Enough of every kind of row that each query of the check has something to find."""
    world.send("anna.ssk")
    world.send("anna.ssk", category="För kännedom", fyi_no_risk=True)
    world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD)
    world.clock.advance(hours=80)
    world.send("anna.ssk", subject="Ny fråga")


def assert_indexed(world: World, run: Callable[[], object]) -> None:
    with captured(world, ("SELECT", "WITH")) as statements:
        run()
    assert statements, "nothing was captured: the test would pass whatever the plans"
    assert full_scans(world, statements) == []


def test_the_check_reads_no_table_from_end_to_end(world: World) -> None:
    busy_store(world)
    world.as_("anna.ssk").checks.run([KARLSTAD], sign=True)
    world.clock.advance(hours=1)
    for login, box in (("anna.ssk", KARLSTAD), ("cecilia.dr", HERRHAGEN)):
        assert_indexed(world, lambda: world.as_(login).checks.run([box]))  # noqa: B023


def test_the_first_check_of_an_fbl_never_signed_reads_no_table_either(world: World) -> None:
    busy_store(world)
    assert_indexed(world, lambda: world.as_("cecilia.dr").checks.run([HERRHAGEN]))


def test_the_message_list_pages_by_index(world: World) -> None:
    busy_store(world)
    messenger = world.as_("cecilia.dr")

    def pages() -> None:
        first = messenger.folders.list_messages(mailbox=HERRHAGEN, limit=1)
        messenger.folders.list_messages(mailbox=HERRHAGEN, limit=1, cursor=first.next_cursor)
        messenger.folders.list_messages(mailbox=HERRHAGEN, unread_only=True, limit=5)

    assert_indexed(world, pages)


def test_the_plan_check_finds_a_full_scan(world: World) -> None:
    """The detector itself: a count over all messages is a full scan on both back ends."""
    with captured(world, ("SELECT", "WITH")) as statements, world.store.read() as session:
        session.connection().exec_driver_sql("SELECT count(*) FROM message WHERE body <> ''")
    assert [table for table, _ in full_scans(world, statements)] == ["message"]


def work_done(world: World, statements: list[tuple[str, Any]]) -> dict[str, int]:
    """Per statement: SQLite VM steps (in 10s) or PostgreSQL rows read and filtered."""
    done: dict[str, int] = {}
    with world.store.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")
            for statement, parameters in statements:
                explain = "EXPLAIN (ANALYZE, FORMAT JSON) " + statement
                plan = conn.exec_driver_sql(explain, parameters).scalar_one()
                plan = json.loads(plan) if isinstance(plan, str) else plan
                done[statement] = done.get(statement, 0) + _rows_touched(plan[0]["Plan"])
        else:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            for statement, parameters in statements:
                steps = [0]

                def tick(steps: list[int] = steps) -> int:
                    steps[0] += 1
                    return 0

                raw.set_progress_handler(tick, 10)
                try:
                    conn.exec_driver_sql(statement, parameters).all()
                finally:
                    raw.set_progress_handler(None, 0)
                done[statement] = done.get(statement, 0) + steps[0]
        conn.rollback()
    return done


def _rows_touched(node: dict[str, Any]) -> int:
    own = int(node.get("Actual Rows", 0)) * int(node.get("Actual Loops", 1))
    own += int(node.get("Rows Removed by Filter", 0)) + int(
        node.get("Rows Removed by Index Recheck", 0)
    )
    return own + sum(_rows_touched(child) for child in node.get("Plans", []))


def settled(world: World, n: int) -> None:
    """n questions to Herrhagen, each answered and read: in no list of the check."""
    for k in range(n):
        message_id = world.send("anna.ssk", subject=f"Avklarad {k}")
        world.as_("cecilia.dr").folders.mark_read(message_id, mailbox=HERRHAGEN)
        world.as_("cecilia.dr").messaging.reply(message_id, f"Svar {k}")
        world.clock.advance(minutes=1)


def growth(
    world: World,
    run: Callable[[], object],
    n: int = 40,
    between: Callable[[], object] = lambda: None,
) -> dict[str, tuple[int, int]]:
    """Work per statement with n, then 2n settled messages in the FBL: those that grew.

    `between` runs after each batch of settled messages, before the measured run.
    """
    settled(world, n)
    between()
    with captured(world, ("SELECT", "WITH")) as first:
        run()
    before = work_done(world, first)
    settled(world, n)
    between()
    with captured(world, ("SELECT", "WITH")) as second:
        run()
    after = work_done(world, second)
    assert before and set(before) == set(after)
    # A little slack for B-tree depth and page layout; reading the mailbox doubles the work.
    return {s: (before[s], after[s]) for s in before if after[s] > before[s] * 1.2 + 10}


def test_the_check_does_no_more_work_on_a_bigger_fbl(world: World) -> None:
    busy_store(world)
    checks = world.as_("cecilia.dr").checks

    def sign() -> None:  # what is new since the last check is the only range that may grow
        # The next day's morning window (a shift is signed inside its window, R4).
        local = world.clock().astimezone(local_zone()) + timedelta(days=1)
        morning = local.replace(hour=9, minute=0, second=0, microsecond=0)
        world.clock.now = morning.astimezone(UTC)
        checks.run([HERRHAGEN], sign=True)
        world.clock.advance(minutes=5)

    assert growth(world, lambda: checks.run([HERRHAGEN]), between=sign) == {}


def test_the_work_check_notices_a_query_that_reads_the_mailbox(world: World) -> None:
    """The detector itself: counting the FBL's inbox (what the check did before) grows with
    the FBL, although its plan is an index search, not a scan."""

    def count_items() -> None:
        with world.store.read() as session:
            session.connection().exec_driver_sql(
                "SELECT count(*) FROM mailbox_item WHERE folder = 'inbox' AND mailbox_id = "
                "(SELECT id FROM mailbox WHERE address = ?)".replace("?", "'" + HERRHAGEN + "'")
            )

    assert len(growth(world, count_items)) == 1


def test_the_list_of_all_ones_mailboxes_does_no_more_work_on_a_bigger_fbl(world: World) -> None:
    """`fblmail list` without --mailbox pages over the FBL and the personal mailbox: each
    is read by its own index range, never sorted as a whole."""
    busy_store(world)
    folders = world.as_("cecilia.dr").folders

    def pages() -> None:
        first = folders.list_messages(limit=2)
        folders.list_messages(limit=2, cursor=first.next_cursor)

    assert growth(world, pages) == {}


def test_the_command_lines_check_reads_no_table_either(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`fblmail check` runs the same use case on the DB-API path (store.query): its
    statements, as the driver gets them, are judged by the same plans."""
    from fblmail.service.duty.check_unit import LightChecks
    from fblmail.store.query import connection

    busy_store(world)
    seen: list[tuple[str, Any]] = []
    original = connection.Reader.all

    def recording(self: connection.Reader, text: str, params: Any = ()) -> Any:
        if text.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((self.sql(text), tuple(params)))
        return original(self, text, params)

    monkeypatch.setattr(connection.Reader, "all", recording)
    url = world.store.engine.url.render_as_string(hide_password=False)
    connector = connection.Connector(connection.parse_target(url))
    try:
        for login, box in (("anna.ssk", KARLSTAD), ("cecilia.dr", HERRHAGEN)):
            LightChecks(connector, login, world.clock).run([box], sign=login == "anna.ssk")
    finally:
        connector.close()
    assert len(seen) > 20, "the check's statements were not seen"
    assert full_scans(world, seen) == []

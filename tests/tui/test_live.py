"""Live updates: a message sent from another process shows up, with its unread count,
without a key press: SQLite through `PRAGMA data_version`, PostgreSQL through LISTEN/NOTIFY.

The waits are liveness bounds (the app must get there), not timing assertions; the
one-second figure is measured by bench/bench_tui.py.
"""

from __future__ import annotations

import sqlite3

import pytest

from fblmail.i18n import set_language
from fblmail.settings import Settings
from fblmail.tui.app import FblApp
from fblmail.tui.widgets.mailbox_tree import MailboxTree
from kit.people import World
from kit.tui import SIZE, AppFactory, TuiWorld, ready, run_async, the_list, wait_for


def inbox_label(app: FblApp) -> str:
    tree = app.screen.query_one(MailboxTree)
    node = next(n for k, n in tree._folder_nodes.items() if isinstance(k, tuple) and k[1] == "")
    return str(node.label)


@run_async
async def test_a_message_from_another_writer_appears_on_sqlite(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert the_list(app).total == 6 and "(6)" in inbox_label(app)
        # Another user, another connection: as another terminal would.
        tui_world.world.send("bengt.ssk", subject="Ny fråga från Bengt")
        await wait_for(pilot, lambda: the_list(app).total == 7, 3.0)
        await wait_for(pilot, lambda: "(7)" in inbox_label(app), 3.0)
        # Idle again: the poller holds no transaction (a writer is not blocked).
        tui_world.world.send("bengt.ssk", subject="En till")
        await wait_for(pilot, lambda: the_list(app).total == 8, 3.0)


@run_async
async def test_an_idle_app_holds_no_transaction(make_app: AppFactory, tui_world: TuiWorld) -> None:
    """With the app idle (and its change feed polling), the WAL can be checkpointed to zero:
    no connection of the app keeps a read snapshot open."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.pause(0.5)
        conn = sqlite3.connect(tui_world.url.removeprefix("sqlite:///"), timeout=10)
        try:
            busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()
        assert busy == 0


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"])
@run_async
async def test_a_message_from_another_writer_appears_on_postgres(
    world: World, store_url: str
) -> None:
    world.send(subject="Första")
    set_language("sv")
    app = FblApp(Settings(database_url=store_url, user="david.ssk"), clock=world.clock)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert the_list(app).total == 1
        world.send("bengt.ssk", subject="Andra")
        await wait_for(pilot, lambda: the_list(app).total == 2, 3.0)
        await wait_for(pilot, lambda: "(2)" in inbox_label(app), 3.0)

"""Screens are given the service (the `Services` holder), so they run without an `FblApp`:
the inbox, the reader and the duty screen in a bare host app over a world's `Messenger`
(issue 9: screens receive the service instead of reaching through the app)."""

from __future__ import annotations

from fblmail.settings import Settings
from fblmail.tui.duty.screen import DutyScreen
from fblmail.tui.inbox.screen import InboxScreen
from fblmail.tui.reader.screen import ReaderScreen
from fblmail.tui.services import Services
from fblmail.tui.widgets.message_list import MessageList
from kit.screens import HostApp
from kit.tui import SIZE, TuiWorld, run_async, screen_text, wait_for


def services_for(tui_world: TuiWorld, login: str) -> Services:
    settings = Settings(database_url=tui_world.url, user=login)
    return Services.over(tui_world.world.as_(login), settings)


@run_async
async def test_the_inbox_and_the_reader_run_in_a_host_app(tui_world: TuiWorld) -> None:
    services = services_for(tui_world, "david.ssk")
    app = HostApp(lambda: InboxScreen(services))
    async with app.run_test(size=SIZE) as pilot:
        inbox = app.pushed
        assert isinstance(inbox, InboxScreen)

        def listed() -> bool:
            rows = inbox.message_list
            return rows.counted and not rows.busy and rows.total > 0

        await wait_for(pilot, listed)
        assert services.inbox is not None  # the inbox filled in the light reader
        assert "Fråga om läkemedelslista" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.services is services  # handed on, not looked up
        await wait_for(pilot, lambda: reader.details != ())
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is inbox)
        assert inbox.query_one(MessageList).total > 0


@run_async
async def test_the_duty_screen_runs_in_a_host_app(tui_world: TuiWorld) -> None:
    services = services_for(tui_world, "cecilia.dr")
    app = HostApp(lambda: DutyScreen(services))
    async with app.run_test(size=SIZE) as pilot:
        duty = app.pushed
        assert isinstance(duty, DutyScreen)
        await wait_for(pilot, lambda: duty.report is not None)
        assert "Vc Herrhagen" in screen_text(app)

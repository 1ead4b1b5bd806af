"""With `[notify] bell = true` the app rings the terminal bell when a message arrives in the
user's FBL (issue 11); without it, it does not."""

from __future__ import annotations

from datetime import timedelta

from fblmail.i18n import set_language
from fblmail.settings import Settings
from fblmail.tui.app import FblApp
from kit.tui import SIZE, TuiWorld, ready, run_async, wait_for


def app_with(tui_world: TuiWorld, notify: dict[str, str]) -> FblApp:
    set_language("sv")
    settings = Settings(database_url=tui_world.url, user="david.ssk", notify=notify)
    return FblApp(settings, clock=tui_world.clock)


@run_async
async def test_bell_on_a_new_message_when_asked_for(tui_world: TuiWorld) -> None:
    app = app_with(tui_world, {"bell": "true", "every": "1"})
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        tui_world.clock.now += timedelta(minutes=1)
        tui_world.world.send("bengt.ssk", subject="Ny fråga")
        tui_world.clock.now += timedelta(minutes=1)
        await wait_for(
            pilot, lambda: any("1 nytt meddelande" in n.message for n in app._notifications), 5.0
        )
        assert rings


@run_async
async def test_no_bell_by_default(tui_world: TuiWorld) -> None:
    app = app_with(tui_world, {})
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        tui_world.world.send("bengt.ssk", subject="Ny fråga")
        await pilot.pause(1.5)
        assert rings == []

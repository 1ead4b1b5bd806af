"""Snapshots of the duty screen at 100×30 and 80×24 (Friday 09:30, the morning window).

Update after a deliberate change with `pytest tests/tui/test_duty_snapshot.py
--snapshot-update` and look at the SVG before committing it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from fblmail.tui.duty.screen import DutyScreen
from kit.tui import FRIDAY_0930, AppFactory, TuiWorld, ready, wait_for


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_duty_screen(
    make_app: AppFactory,
    tui_world: TuiWorld,
    snap_compare: Callable[..., bool],
    size: tuple[int, int],
) -> None:
    """The round of Vc Herrhagen: waiting, untaken, overdue, FYI, routine, previous shift."""
    tui_world.clock.now = FRIDAY_0930

    async def round_open(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        app = pilot.app
        app.clear_notifications()
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, DutyScreen))
        screen = app.screen
        assert isinstance(screen, DutyScreen)
        await wait_for(pilot, lambda: screen.report is not None)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=round_open)

"""Snapshot of the reader at 100×30 with a frozen clock: an answered thread with a
journal-note link (R12)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from fblmail.tui.reader.screen import ReaderScreen
from kit.tui import SIZE, AppFactory, ready, wait_for


def test_reader(make_app: AppFactory, snap_compare: Callable[..., bool]) -> None:
    """The answered thread ("Såret på hälen"): question, answer, journal note."""

    async def opened(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("G", "enter")
        app = pilot.app

        def loaded() -> bool:
            screen = app.screen
            return isinstance(screen, ReaderScreen) and bool(screen.details)

        await wait_for(pilot, loaded)
        await pilot.pause(0.2)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=opened)

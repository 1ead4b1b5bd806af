"""The patient view (issue 11): `P` on any message shows every thread about the patient in
the user's FBLs; Enter opens one. Snapshots at 100×30 and 80×24."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from fblmail.tui.app import FblApp
from fblmail.tui.reader.screen import ReaderScreen
from fblmail.tui.team.patient import PatientScreen
from kit.tui import (
    SIZE,
    AppFactory,
    TuiWorld,
    move_to_subject,
    ready,
    run_async,
    screen_text,
    wait_for,
)


async def open_patient(pilot: Pilot[Any], app: FblApp) -> PatientScreen:
    """`P` on "Fråga om läkemedelslista" (Tolvan), and wait for the threads."""
    move_to_subject(app, "Fråga om läkemedelslista")
    await pilot.press("P")
    await wait_for(pilot, lambda: isinstance(app.screen, PatientScreen))
    screen = app.screen
    assert isinstance(screen, PatientScreen)
    await wait_for(pilot, lambda: screen.overview is not None)
    await pilot.pause()
    return screen


@run_async
async def test_patient_view_lists_the_threads_and_opens_one(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    tui_world.world.as_("cecilia.dr").handling.take(tui_world.ids["arvika"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = await open_patient(pilot, app)
        assert screen.overview is not None
        subjects = [t.subject for t in screen.overview.threads]
        assert subjects == ["Uppföljning efter fallet", "Fråga om läkemedelslista"]
        text = screen_text(app)
        assert "Patienten 19121212-1212: 2 trådar i dina FBL:er" in text
        assert "▲" in text and "från Karlstad" in text and "⚑Cecilia Carlsson" in text
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.summary.subject == "Fråga om läkemedelslista"
    log = tui_world.world.as_("sara.support").audit.search(patient="19121212-1212").rows
    assert any(r.action == "patient-overview" and r.actor == "david.ssk" for r in log)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_patient_view_snapshot(
    make_app: AppFactory,
    tui_world: TuiWorld,
    snap_compare: Callable[..., bool],
    size: tuple[int, int],
) -> None:
    """Tolvan's threads in Vc Herrhagen's FBL."""

    async def opened(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await open_patient(pilot, pilot.app)  # type: ignore[arg-type]

    assert snap_compare(make_app(), terminal_size=size, run_before=opened)

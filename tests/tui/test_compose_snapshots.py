"""Snapshots at 100×30 with a frozen clock: compose empty, compose with a refusal, help.

Update after an intended change with `pytest tests/tui/test_compose_snapshots.py
--snapshot-update` and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from fblmail.tui.compose.screen import ComposeScreen
from fblmail.tui.help.screen import HelpScreen
from fblmail.tui.widgets.recipient_picker import RecipientPicker
from kit.people import HERRHAGEN, World
from kit.screens import HostApp, settle

SIZE = (100, 30)
SnapCompare = Callable[..., bool]



async def steady(pilot: Pilot[Any]) -> None:
    """Workers done and no blinking cursor, so the picture is the same every run."""
    await settle(pilot)
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()


def test_compose_empty(snap_compare: SnapCompare, store_world: World) -> None:
    app = HostApp(lambda: ComposeScreen(store_world.as_("anna.ssk")))
    assert snap_compare(app, terminal_size=SIZE, run_before=steady)


def test_compose_with_a_refusal(snap_compare: SnapCompare, store_world: World) -> None:
    app = HostApp(lambda: ComposeScreen(store_world.as_("anna.ssk")))

    async def refused(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = app.pushed
        assert isinstance(screen, ComposeScreen)
        screen.query_one(RecipientPicker).choose(HERRHAGEN)
        screen.query_one("#category", Select).value = "Läkemedel"
        screen.query_one("#patient", Input).value = "19121212-1213"
        screen.query_one("#subject", Input).value = "Läkemedelslista"
        screen.query_one("#body", TextArea).text = "Stämmer listan efter utskrivningen?"
        await pilot.press("ctrl+s")
        await steady(pilot)
        assert screen.refusal is not None and screen.refusal.rule == "R2"

    assert snap_compare(app, terminal_size=SIZE, run_before=refused)


def test_help(snap_compare: SnapCompare, store_world: World) -> None:
    app = HostApp(lambda: ComposeScreen(store_world.as_("anna.ssk")))

    async def help_over_compose(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await app.push_screen(HelpScreen())
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=help_over_compose)

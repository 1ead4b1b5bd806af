"""The print dialog (TUI): the R14 reminder, format and file, and the service's result."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from fblmail.printing.document import MARK
from fblmail.tui.printing.dialog import PrintDialog
from kit.people import World
from kit.stores import log_rows

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])


class Host(App[None]):
    """Pushes the dialog on start and records what it dismisses with."""

    def __init__(self, make: Callable[[], PrintDialog]) -> None:
        super().__init__()
        self.make = make
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.make(), self.results.append)


def _text(app: App[Any]) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def _until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    for _ in range(200):  # a liveness bound, not a timing assertion
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


def test_dialog_reminds_then_prints_text(world: World, tmp_path: Path) -> None:
    message_id = world.send("anna.ssk")
    app = Host(lambda: PrintDialog(world.as_("anna.ssk"), message_id, folder=tmp_path))

    async def run() -> None:
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            shown = _text(app)
            assert "personliga" in shown  # R14: forwarding is preferred
            assert MARK in shown
            output = app.screen.query_one("#print-output", Input)
            assert output.value.endswith(".pdf")
            await pilot.click("#format-text")
            await pilot.pause()
            assert output.value.endswith(".txt")  # follows the format until edited
            await pilot.click("#print-go")
            await _until(pilot, lambda: bool(app.results))

    asyncio.run(run())
    [result] = app.results
    assert result.format == "text" and result.path is not None
    assert result.path.read_text("utf-8").startswith(MARK)
    assert log_rows(world.store)[-1].action == "print"


def test_dialog_shows_a_refusal_and_stays_open(world: World, tmp_path: Path) -> None:
    message_id = world.send("anna.ssk")
    taken = tmp_path / "taken.pdf"
    taken.write_bytes(b"")
    app = Host(lambda: PrintDialog(world.as_("anna.ssk"), message_id, folder=tmp_path))

    async def run() -> None:
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            app.screen.query_one("#print-output", Input).value = str(taken)
            await pilot.click("#print-go")
            await _until(pilot, lambda: "finns redan" in _text(app))
            assert isinstance(app.screen, PrintDialog)
            await pilot.press("escape")
            await _until(pilot, lambda: bool(app.results))

    asyncio.run(run())
    assert app.results == [None]

"""Snapshots of every screen at 80×24 (a first-class size) and 120×40, with a frozen
clock: the inbox (tree hidden at 80 columns, subject ≥ 30 cells), the search hits, the
reader, the help, the print dialog, compose, forward, the duty round and the patient
view. At 60×20 the inbox is still usable (Pilot).

Update after a deliberate change with `pytest tests/tui/test_screens_snapshots.py
--snapshot-update` and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from fblmail.service.mailboxes.inbox import InboxRow
from fblmail.tui.help.screen import HelpScreen
from fblmail.tui.reader.screen import ReaderScreen
from fblmail.tui.widgets.columns import MIN_SUBJECT, layout
from kit.tui import AppFactory, ready, run_async, screen_text, settled, the_list, wait_for

SIZES = [(80, 24), (120, 40)]
Steps = Callable[[Pilot[Any]], Awaitable[None]]


async def inbox(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("j")
    await pilot.pause(0.5)  # the pane follows the cursor once it rests
    await settled(pilot)


async def search(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("slash", *"19121212-1212", "enter")
    await wait_for(pilot, lambda: the_list(pilot.app).total == 2)  # type: ignore[arg-type]
    await pilot.pause(0.5)


async def reader(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("G", "enter")
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and bool(app.screen.details))
    await pilot.pause(0.2)


async def help_screen(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
    await pilot.pause(0.2)


async def print_dialog(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("p")
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "PrintDialog")
    field = pilot.app.screen.query_one("#print-output", Input)
    field.value = "/home/sjuksköterska/arbetsunderlag.pdf"  # message ids are random
    await pilot.pause(0.2)


async def _open(pilot: Pilot[Any], *keys: str, screen: str) -> None:
    await ready(pilot)
    await pilot.press(*keys)
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == screen)
    await pilot.pause(0.5)  # the screen's own worker has painted
    await pilot.pause()


async def _draft_ready(pilot: Pilot[Any], key: str, screen: str) -> None:
    await _open(pilot, key, screen=screen)
    # The form is built by a worker (recipients, categories); wait until it is there.
    await wait_for(pilot, lambda: getattr(pilot.app.screen, "setup", None) is not None)
    await pilot.pause(0.3)
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]  # the same picture every run
    await pilot.pause()


async def compose(pilot: Pilot[Any]) -> None:
    await _draft_ready(pilot, "c", "ComposeScreen")


async def forward(pilot: Pilot[Any]) -> None:
    await _draft_ready(pilot, "f", "ForwardScreen")


async def duty(pilot: Pilot[Any]) -> None:
    await _open(pilot, "f2", screen="DutyScreen")


async def patient(pilot: Pilot[Any]) -> None:
    await _open(pilot, "P", screen="PatientScreen")


SCREENS = [inbox, search, reader, help_screen, print_dialog, compose, forward, duty, patient]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("steps", SCREENS, ids=lambda f: f.__name__)
def test_screen(
    steps: Steps,
    size: tuple[int, int],
    make_app: AppFactory,
    snap_compare: Callable[..., bool],
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=steps)


def test_the_subject_has_room_at_80_columns() -> None:
    assert layout(80 - 1).subject >= MIN_SUBJECT  # the list's scrollbar takes one cell


@run_async
async def test_60_by_20_is_still_usable(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "Fråga om läkemedelslista" in text  # subject on screen
        assert "19121212-1212" in text and "▲ 3 h sen" in text
        await pilot.press("j")
        row = the_list(app).current
        assert isinstance(row, InboxRow) and row.summary.subject in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_for(pilot, lambda: "Ska vi ta PK-INR" in screen_text(app))

"""Snapshot of the inbox at 100×30 with a frozen clock (pytest-textual-snapshot).

Update after a deliberate change with `pytest tests/tui/test_inbox_snapshot.py
--snapshot-update` and look at the SVG before committing it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from kit.tui import SIZE, AppFactory, ready, settled


def test_inbox(make_app: AppFactory, snap_compare: Callable[..., bool]) -> None:
    """The seeded Herrhagen inbox: every deadline state, the tree, the pane, the footer."""

    async def loaded(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("j", "j")
        await pilot.pause(0.3)  # the pane follows the cursor once it rests
        await settled(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=loaded)


def test_inbox_in_english_newest_first(
    make_app: AppFactory, snap_compare: Callable[..., bool]
) -> None:
    """The same inbox in English, newest first."""

    async def loaded(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await pilot.press("s")
        await settled(pilot)

    assert snap_compare(make_app(lang="en"), terminal_size=SIZE, run_before=loaded)

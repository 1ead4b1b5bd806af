"""Helpers for the app's Pilot tests (fixtures are in conftest.py)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from textual.pilot import Pilot

from fblmail.tui.app import FblApp
from fblmail.tui.widgets.message_list import MessageList
from support import FakeClock, World

SIZE = (120, 30)
"""Wide enough for the mailbox tree, which hides itself below 110 columns."""

AppFactory = Callable[..., FblApp]
"""`make_app(login="david.ssk", lang="sv", keymap=None)`: the conftest fixture's type."""


@dataclass
class TuiWorld:
    """The seeded store: its URL, the service-level world, and the ids of the messages."""

    url: str
    world: World
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def clock(self) -> FakeClock:
        """The (frozen) clock shared by the world and the app."""
        return self.world.clock




def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test on its own event loop (no async pytest plugin needed)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


async def wait_for(
    pilot: Pilot[Any], condition: Callable[[], object], seconds: float = 5.0
) -> None:
    """Let the app run until `condition()` holds (a liveness bound, not a timing assertion)."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition(), "the app did not get there in time"


def the_list(app: FblApp) -> MessageList:
    """The inbox's message list."""
    return app.screen.query_one("#list", MessageList)


async def ready(pilot: Pilot[Any]) -> None:
    """Wait until the inbox shows its rows and the service layer is loaded."""
    app = pilot.app
    assert isinstance(app, FblApp)

    def loaded() -> bool:
        lists = app.screen.query(MessageList)
        if app.messenger is None or not lists:
            return False
        widget = lists.first()
        return widget.counted and not widget.busy

    await wait_for(pilot, loaded, 15.0)
    await pilot.pause()


async def settled(pilot: Pilot[Any]) -> None:
    """Wait until no list fetch is running (after a key that may have triggered one)."""
    app = pilot.app
    assert isinstance(app, FblApp)
    await wait_for(pilot, lambda: not the_list(app).busy, 10.0)
    await pilot.pause()


def screen_text(app: FblApp) -> str:
    """Everything on screen as plain text (the strips' segment texts, line by line)."""
    return "\n".join(line for line, _ in screen_lines(app))


def screen_lines(app: FblApp) -> list[tuple[str, list[str]]]:
    """Each screen line as (text, the texts of its segments)."""
    update = app.screen._compositor.render_update(full=True)
    lines = []
    for strip in update.strips:  # type: ignore[attr-defined]
        texts = [segment.text for segment in strip]
        lines.append(("".join(texts), texts))
    return lines

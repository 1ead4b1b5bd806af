"""Driving the Textual app in the Pilot tests: waiting, reading the screen, the inbox's rows.

One set for every TUI test, whether it runs the whole `FblApp` (the `make_app` fixture in
tests/tui/conftest.py) or one screen in a host app (`kit.screens`). The waits are liveness
bounds (poll until the condition holds, fail after a generous limit), never timing
assertions.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col
from textual.app import App
from textual.pilot import Pilot

from fblmail.service.mailboxes.inbox import InboxRow
from fblmail.store.tables import AccessLog
from fblmail.tui.app import FblApp
from fblmail.tui.inbox.screen import InboxScreen
from fblmail.tui.reader.screen import ReaderScreen
from fblmail.tui.widgets.message_list import MessageList
from kit.people import FakeClock, World

SIZE = (120, 30)
"""Wide enough for the mailbox tree, which hides itself below 110 columns."""

FRIDAY_0930 = datetime(2026, 11, 6, 8, 30, tzinfo=UTC)
"""09:30 Stockholm on Friday 2026-11-06: inside the morning check's window."""

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
    pilot: Pilot[Any], condition: Callable[[], object], seconds: float = 10.0
) -> None:
    """Let the app run until `condition()` holds (a liveness bound, not a timing assertion)."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition(), "the app did not get there in time"


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type like a person (every character a key press)."""
    keys = ["space" if c == " " else "enter" if c == "\n" else c for c in text]
    await pilot.press(*keys)


def screen_text(app: App[Any]) -> str:
    """Everything on the terminal right now, as text (one line per row)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def screen_lines(app: App[Any]) -> list[tuple[str, list[str]]]:
    """Each screen line as (text, the texts of its pieces as the compositor cut them)."""
    update = app.screen._compositor.render_update(full=True)
    lines = []
    for strip in update.strips:  # type: ignore[union-attr]
        texts = [segment.text for segment in strip]
        lines.append(("".join(texts), texts))
    return lines


def the_list(app: FblApp) -> MessageList:
    """The inbox's message list."""
    return app.screen.query_one("#list", MessageList)


async def ready(pilot: Pilot[Any]) -> None:
    """Wait until the inbox shows its rows and the service layer is loaded."""
    app = pilot.app
    assert isinstance(app, FblApp)

    def loaded() -> bool:
        lists = app.screen.query(MessageList)
        if not app.services.ready or not lists:
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


def subjects(app: FblApp) -> list[str]:
    """The subjects of the message rows loaded in the list, top to bottom."""
    widget = the_list(app)
    start, count = widget.loaded
    rows = [widget.row_at(i) for i in range(start, start + count)]
    return [r.summary.subject for r in rows if isinstance(r, InboxRow)]


def current_subject(app: FblApp) -> str:
    """The subject of the row under the cursor."""
    row = the_list(app).current
    assert isinstance(row, InboxRow)
    return row.summary.subject


def notices(app: App[Any]) -> list[str]:
    """The texts of the notifications shown so far."""
    return [n.message for n in app._notifications]


def inbox(app: FblApp) -> InboxScreen:
    """The inbox screen (fails if another screen is on top)."""
    assert isinstance(app.screen, InboxScreen)
    return app.screen


def access_actions(tui_world: TuiWorld, login: str) -> list[str]:
    """The actions `login` has in the access log, oldest first."""
    with Session(tui_world.world.store.engine) as session:
        rows = session.execute(
            select(col(AccessLog.action)).where(col(AccessLog.actor) == login)
        ).all()
    return [r[0] for r in rows]


def move_to_subject(app: FblApp, subject: str) -> None:
    """Put the list's cursor on the row with `subject`."""
    widget = the_list(app)
    for index in range(widget.total):
        row = widget.row_at(index)
        if isinstance(row, InboxRow) and row.summary.subject == subject:
            widget.move_to(index)
            return
    raise AssertionError(f"{subject!r} is not in the list")


async def open_subject(pilot: Pilot[Any], app: FblApp, subject: str) -> ReaderScreen:
    """Move to the row with `subject`, open it, and wait until the reader shows the thread."""
    move_to_subject(app, subject)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    await wait_for(pilot, lambda: screen.details != ())
    await pilot.pause()
    return screen

"""The one helper module of the app's tests (fixtures are in conftest.py; no tests here).

* Running: `run_async` (an async test on its own loop), `wait_for` (poll a condition, a
  liveness bound, never a timing assertion), `ready`/`settled` (the inbox has its rows / no
  list fetch runs), `settle` (the compose, forward and draft workers are done).
* Reading the screen: `screen_text`, `screen_lines`, `the_list`.
* Typing: `type_text` (every character a key press).
* Screens on their own: `HostApp` pushes one screen in a minimal app over a store made by
  `seeded_world` (the directory and the standard cast, copied from a per-process template).
* Hostile text: `FORBIDDEN` (must never reach the terminal) and `HOSTILE` (markup and
  control characters a user may type).
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import shutil
import tempfile
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from fblmail.i18n import language
from fblmail.store.engine import Store, make_engine
from fblmail.store.schema import upgrade_schema
from fblmail.tui.app import FblApp
from fblmail.tui.bindings import build_bindings
from fblmail.tui.widgets.message_list import MessageList
from support import FakeClock, World, populate

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
    pilot: Pilot[Any], condition: Callable[[], object], seconds: float = 10.0
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


def screen_text(app: App[Any]) -> str:
    """Everything on screen as plain text (the strips' segment texts, line by line)."""
    return "\n".join(line for line, _ in screen_lines(app))


def screen_lines(app: App[Any]) -> list[tuple[str, list[str]]]:
    """Each screen line as (text, the texts of its segments)."""
    update = app.screen._compositor.render_update(full=True)
    lines = []
    for strip in update.strips:  # type: ignore[union-attr]
        texts = [segment.text for segment in strip]
        lines.append(("".join(texts), texts))
    return lines


# -- screens on their own, over a seeded store ---------------------------------------------

_template: Path | None = None


# What must never reach the terminal: ESC, C1 CSI, BEL and a bidi override.
FORBIDDEN = ("\x1b", "\x9b", "\x07", "\u202e")

HOSTILE = (
    "[TODO] x",
    "[/",
    "[@click=app.quit]x[/]",
    "[link='file:///etc/passwd']y[/link]",
    "\x1b[31m",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x9b31m",
    "\u202e",
)


def _build_template() -> Path:
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="fblmail-tui-b-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "seeded.db"
        engine = make_engine(f"sqlite:///{path}")
        upgrade_schema(engine)
        populate(Store(engine), FakeClock())
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        _template = path
    return _template


def seeded_world(tmp_path: Path) -> World:
    """A fresh SQLite store file under `tmp_path` with the directory and the cast."""
    path = tmp_path / "store.db"
    shutil.copyfile(_build_template(), path)
    return World(Store(make_engine(f"sqlite:///{path}")), FakeClock())


class HostApp(App[None]):
    """Pushes one screen on start and records what it dismisses with.

    Like the real app, it builds the bindings at start-up in the current language."""

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        build_bindings(language())
        super().__init__()
        self.make_screen = make_screen
        self.results: list[Any] = []
        self.pushed: Screen[Any] | None = None

    def on_mount(self) -> None:
        self.pushed = self.make_screen()
        self.push_screen(self.pushed, self.results.append)


OUR_WORKERS = ("compose-", "forward-", "draft-")


def _ours_running(app: App[Any]) -> bool:
    return any(w.group.startswith(OUR_WORKERS) and not w.is_finished for w in app.workers)


async def settle(pilot: Pilot[Any], seconds: float = 10) -> None:
    """Let this part's workers finish and their messages be handled (other workers, such
    as the app's live-update watcher, never finish, so they are not waited for)."""
    for _ in range(int(seconds / 0.02)):
        if not _ours_running(pilot.app):
            break
        await pilot.pause(0.02)
    await pilot.pause()
    await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type like a person (every character a key press)."""
    keys = ["space" if c == " " else "enter" if c == "\n" else c for c in text]
    await pilot.press(*keys)

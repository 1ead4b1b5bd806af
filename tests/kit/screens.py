"""One screen on its own: the compose, forward, help and draft screens in a host app.

A seeded SQLite store (the directory and the standard cast) is built once per process and
copied for each test; `HostApp` is a minimal app that pushes one screen, so the screens are
tested on their own, whatever the main app does around them. A screen that takes the
`Services` holder (inbox, reader, duty, patient) is given `Services.over(messenger,
settings)` (see tests/tui/test_hosted_screens.py); compose, forward and the dialogs take a
`Messenger`.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from fblmail.i18n import language
from fblmail.store.engine import Store, make_engine
from fblmail.store.schema import upgrade_schema
from fblmail.tui.bindings import build_bindings
from kit.people import FakeClock, World, populate

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


class HostApp(App[object]):
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

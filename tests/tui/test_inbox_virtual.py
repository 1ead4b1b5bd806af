"""The virtual list on a few thousand messages: bounded memory, rows always at the right
position, jump to the end without reading what lies between, mouse jumps."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

from fblmail.clock import fixed_clock
from fblmail.service.mailboxes.inbox import Inbox, InboxRow, ListQuery
from fblmail.settings import Settings
from fblmail.tui.app import FblApp
from fblmail.tui.widgets.message_list import MAX_ROWS
from kit.tui import ready, run_async, settled, the_list, wait_for

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)
MESSAGES = 3000


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3000 questions (and their answers) in Karlstad's FBL, generated once per module."""
    path = tmp_path_factory.mktemp("big") / "big.db"
    _generator().generate(f"sqlite:///{path}", MESSAGES, seed=3, now=NOW)
    return path


@pytest.fixture
def big_url(big_store: Path, tmp_path: Path) -> str:
    copy = tmp_path / "big.db"
    shutil.copyfile(big_store, copy)
    return f"sqlite:///{copy}"


def service_row(url: str, offset: int) -> InboxRow:
    inbox = Inbox.open(url, "bench.reader", fixed_clock(NOW))
    box = next(b.id for b in inbox.mailboxes() if b.kind == "fbl")
    return inbox.at_offset(ListQuery(box), offset, 1)[0]


def current_id(app: FblApp) -> str:
    row = the_list(app).current
    assert isinstance(row, InboxRow)
    return row.summary.id


def on_row(app: FblApp, message_id: str) -> bool:
    """The cursor is on this message (False while the rows there are still loading)."""
    row = the_list(app).current
    return isinstance(row, InboxRow) and row.summary.id == message_id


@run_async
async def test_paging_keeps_a_bounded_window_at_the_right_positions(big_url: str) -> None:
    app = FblApp(Settings(database_url=big_url, user="bench.reader"), clock=fixed_clock(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        widget = the_list(app)
        assert widget.total == MESSAGES
        expected = 0
        for _ in range(40):
            # A page is the list's height less one; measured per press, since a status line
            # appearing for a moment (a start-up notice) can take a row from the list.
            await pilot.pause()
            expected += widget.size.height - 1
            await pilot.press("pagedown")
            assert widget.loaded[1] <= MAX_ROWS
        await settled(pilot)
        assert widget.cursor == expected
        assert current_id(app) == service_row(big_url, widget.cursor).summary.id
        for _ in range(15):
            await pilot.press("pageup")
        await settled(pilot)
        assert current_id(app) == service_row(big_url, widget.cursor).summary.id


@run_async
async def test_jump_to_the_end_and_back_and_a_mouse_jump(big_url: str) -> None:
    app = FblApp(Settings(database_url=big_url, user="bench.reader"), clock=fixed_clock(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        widget = the_list(app)
        last = service_row(big_url, MESSAGES - 1).summary.id
        await pilot.press("G")
        # Until the jump has landed (the row before it is not None either): a liveness bound.
        await wait_for(pilot, lambda: on_row(app, last))
        assert widget.cursor == MESSAGES - 1
        assert widget.loaded[0] >= MESSAGES - MAX_ROWS  # only the end was read
        assert current_id(app) == service_row(big_url, MESSAGES - 1).summary.id
        await pilot.press("k", "k")
        assert current_id(app) == service_row(big_url, MESSAGES - 3).summary.id
        first = service_row(big_url, 0).summary.id
        await pilot.press("g")
        await wait_for(pilot, lambda: on_row(app, first))
        assert current_id(app) == first and widget.cursor == 0
        # The scrollbar dragged to the middle: the rows there load by position.
        widget.scroll_to(y=MESSAGES // 2, animate=False, force=True)
        middle = MESSAGES // 2 + 3
        await wait_for(pilot, lambda: widget.row_at(middle) is not None)
        row = widget.row_at(middle)
        assert isinstance(row, InboxRow)
        assert row.summary.id == service_row(big_url, middle).summary.id

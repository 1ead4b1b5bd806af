"""The app's own keys and commands (issue 12): Ctrl+L repaints every screen, j/k in the
mailbox tree and the help, the command palette offers only fblmail's commands (never
Textual's Screenshot, which would write patient data to a file unlogged), and the keys'
words follow the language chosen at start-up whatever was imported before."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from rich.console import RenderableType
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.screen import Screen

from fblmail.tui.app import FblApp
from fblmail.tui.help.screen import HelpScreen
from fblmail.tui.inbox.screen import InboxScreen
from fblmail.tui.widgets.mailbox_tree import MailboxTree
from kit.tui import SIZE, AppFactory, ready, run_async, wait_for


async def _repaints(pilot: Pilot[Any], app: FblApp) -> None:
    """Ctrl+L paints every line of the terminal again, on whatever screen is on top."""
    painted: list[int] = []
    real = app._display

    def spy(screen: Screen[Any], update: RenderableType | None) -> None:
        painted.append(len(getattr(update, "spans", None) or getattr(update, "strips", [])))
        real(screen, update)

    # An instance attribute shadowing the method: mypy compares it with the unbound method.
    app._display = spy  # type: ignore[method-assign, assignment]
    try:
        await pilot.pause()
        painted.clear()
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.pause()
        assert painted and max(painted) >= SIZE[1], f"{type(app.screen).__name__}: {painted}"
    finally:
        app._display = real  # type: ignore[method-assign]


@run_async
async def test_ctrl_l_repaints_the_whole_screen_everywhere(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await _repaints(pilot, app)  # the inbox
        await pilot.press("enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ReaderScreen")
        await _repaints(pilot, app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await _repaints(pilot, app)
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        await pilot.press("p")  # the print dialog
        await wait_for(pilot, lambda: type(app.screen).__name__ == "PrintDialog")
        await _repaints(pilot, app)
        await pilot.press("escape")
        await pilot.press("c")  # compose
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ComposeScreen")
        await _repaints(pilot, app)


@run_async
async def test_j_and_k_move_in_the_tree_and_scroll_the_help(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        tree = app.screen.query_one(MailboxTree)
        tree.focus()
        await pilot.pause()
        line = tree.cursor_line
        await pilot.press("j")
        assert tree.cursor_line == line + 1
        await pilot.press("k")
        assert tree.cursor_line == line
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        body = app.screen.query_one("#help-body", VerticalScroll)
        await pilot.press("j", "j")
        await pilot.pause()
        assert body.scroll_y == 2
        await pilot.press("k")
        await pilot.pause()
        assert body.scroll_y == 1
        await pilot.press("G")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y > 2
        await pilot.press("g")
        await pilot.pause()
        assert body.scroll_y == 0


@run_async
async def test_the_palette_offers_only_our_commands_in_the_language(
    make_app: AppFactory,
) -> None:
    for lang, expected in (("sv", {"Hjälp", "Avsluta", "Sök"}), ("en", {"Help", "Quit", "Search"})):
        app = make_app(lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            titles = {c.title for c in app.get_system_commands(app.screen)}
            assert expected <= titles, titles
            for textual_own in ("Screenshot", "Theme", "Keys", "Maximize", "Minimize"):
                assert textual_own not in titles
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            # The app takes any screen; HelpScreen is a Screen[None], and Screen is invariant.
            help_screen = cast("Screen[object]", app.screen)
            titles = {c.title for c in app.get_system_commands(help_screen)}
            assert "Screenshot" not in titles


@run_async
async def test_no_screenshot_by_any_route(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await app.run_action("screenshot")
        assert app.deliver_screenshot(path=str(tmp_path)) is None
        assert app.save_screenshot(path=str(tmp_path)) == ""
        await pilot.pause()
        assert any("patientuppgifter" in n.message for n in app._notifications)
    assert not list(tmp_path.rglob("*.svg"))


@run_async
async def test_the_keys_speak_the_language_chosen_at_start(make_app: AppFactory) -> None:
    make_app(lang="sv")  # every module is imported in Swedish first
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        shown = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Compose", "Reply", "Delete"} <= shown, shown
        assert "Skriv" not in shown
    app = make_app(lang="sv")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        shown = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Skriv", "Svara", "Radera"} <= shown, shown

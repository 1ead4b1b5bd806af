"""The help screen: every key, read from the bindings (keymap included), and the routine."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App

from fblmail.tui.compose.screen import ComposeScreen
from fblmail.tui.help.screen import HelpScreen, help_sections
from kit.people import REPO, World
from kit.screens import HostApp, settle
from kit.tui import ready, run_async, screen_text, wait_for


@run_async
async def test_help_lists_the_keys_of_where_it_was_opened_first(store_world: World) -> None:
    app = HostApp(lambda: ComposeScreen(store_world.as_("anna.ssk")))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.push_screen(HelpScreen())
        await pilot.pause()
        sections = help_sections(app)
        titles = [title for title, _rows in sections]
        assert titles[0] == "Skriva och svara"
        assert "Vidarebefordra" in titles and "Bekräfta sändning" in titles
        compose_rows = {row.description: row.keys for row in sections[0][1]}
        assert compose_rows["Skicka"] == ("^s",)
        assert compose_rows["Tillbaka"] == ("esc",)
        assert compose_rows["Nästa mottagare"] == ("↓",)  # a widget's keys too
        confirm = dict(sections)["Bekräfta sändning"]
        assert {row.description: row.keys for row in confirm}["Skicka"] == ("⏎", "j")  # Swedish yes
        text = screen_text(app)
        assert "Skriva och svara" in text and "Skicka" in text
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "Rutinen i korthet" in text
        assert "R9" in text and "Inget akut via FBL" in text
        assert "R20" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)


@run_async
async def test_help_follows_the_users_keymap(store_world: World) -> None:
    app = HostApp(HelpScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        app.set_keymap({"compose.send": "ctrl+t", "forward.back": "ctrl+b"})
        rows = dict(help_sections(app))
        compose = {row.description: row.keys for row in rows["Skriva och svara"]}
        forward = {row.description: row.keys for row in rows["Vidarebefordra"]}
        assert compose["Skicka"] == ("^t",)
        assert forward["Tillbaka"] == ("^b",)
        assert compose["Tillbaka"] == ("esc",)  # untouched bindings keep their keys
        await pilot.pause()


@run_async
async def test_help_lists_the_routine_in_english(store_world: World) -> None:
    from fblmail.i18n import set_language

    set_language("en")
    try:
        app = HostApp(HelpScreen)
        async with app.run_test(size=(100, 60)) as pilot:
            await pilot.pause()
            await pilot.press("end")
            await pilot.pause()
            text = screen_text(app)
    finally:
        set_language("sv")
    assert "The routine in short" in text
    assert "Nothing acute through the FBL: phone instead." in text
    assert "Quit (drafts are kept)" in text


def test_keys_and_labels_are_english_when_the_app_starts_in_english(tmp_path: Path) -> None:
    # Key descriptions are chosen when the screens are imported, which in the real app is
    # after `--lang` is applied; a fresh interpreter shows that order.
    script = textwrap.dedent(
        f"""
        import asyncio, sys
        sys.path[:0] = [{str(REPO / "tests")!r}]
        from pathlib import Path
        from fblmail.i18n import set_language
        set_language("en")
        from fblmail.tui.compose.screen import ComposeScreen
        from fblmail.tui.help.screen import HelpScreen
        from kit.screens import HostApp, seeded_world, settle
        from kit.tui import screen_text

        async def main():
            world = seeded_world(Path({str(tmp_path)!r}))
            app = HostApp(lambda: ComposeScreen(world.as_("anna.ssk")))
            async with app.run_test(size=(100, 30)) as pilot:
                await settle(pilot)
                print(screen_text(app))
                await app.push_screen(HelpScreen())
                await pilot.pause()
                print(screen_text(app))

        asyncio.run(main())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for english in ("New message", "Preset list", "^s Send", "esc Back", "Compose and reply"):
        assert english in out
    assert "Skicka" not in out


@run_async
async def test_help_in_the_app_lists_the_inbox_keys_and_follows_the_keymap(
    make_app: Callable[..., App[Any]],
) -> None:
    app = make_app(keymap={"inbox.compose": "w"})
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        sections = dict(help_sections(app))
        inbox = {row.description: row.keys for row in sections["Inkorgen"]}
        assert inbox["Skriv"] == ("w",)  # remapped
        assert inbox["Svara"] == ("r",)
        assert inbox["Sök"] == ("/",)
        assert "Skriva och svara" in sections  # screens not yet opened are listed too
        assert next(iter(sections)) == "Inkorgen"  # where help was opened comes first
        text = screen_text(app)
        assert "Inkorgen" in text and "Skriv" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))

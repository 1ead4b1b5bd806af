"""Reading that makes sense (issue 12): the preview shows the body at start, after a folder
switch and after a live update; one documented rule says when a message counts as read for
the unit (`[reading] mark_read = "open"|"preview"`), and the preview says which. Showing a
body in the preview is logged as a read (it shows patient data) without marking it read."""

from __future__ import annotations

from pathlib import Path

import pytest

from fblmail.errors import InvalidInput
from fblmail.i18n import set_language
from fblmail.service.mailboxes.inbox import InboxRow
from fblmail.settings import Settings, load_settings
from fblmail.tui.app import FblApp
from fblmail.tui.inbox.screen import InboxScreen
from fblmail.tui.reader.screen import ReaderScreen
from fblmail.tui.widgets.mailbox_tree import MailboxTree
from fblmail.tui.widgets.reading_pane import ReadingPane
from kit.tui import SIZE, AppFactory, TuiWorld, access_actions, ready, run_async, the_list, wait_for

OPEN_RULE = "markeras som läst när du öppnar den (Enter)"


def pane_text(app: FblApp) -> str:
    pane = app.screen.query_one(ReadingPane)
    return "\n".join(str(w.render()) for w in pane.query("#pane-body"))


def unread_here(app: FblApp) -> bool:
    row = the_list(app).current
    return isinstance(row, InboxRow) and not row.summary.read


@run_async
async def test_the_preview_shows_the_body_everywhere_and_does_not_mark_read(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        # At start: the first message, body and the rule.
        await wait_for(pilot, lambda: "Stämmer läkemedelslistan" in pane_text(app))
        assert OPEN_RULE in pane_text(app)
        assert "read" in access_actions(
            tui_world, "david.ssk"
        ) and "mark-read" not in access_actions(tui_world, "david.ssk")
        await pilot.pause(0.5)
        assert unread_here(app)
        # A live update (someone else writes): the body stays.
        tui_world.world.send("bengt.ssk", subject="Ny fråga från Bengt", body="Helt ny text.")
        await wait_for(pilot, lambda: the_list(app).total == 7, 5.0)
        await pilot.pause(0.3)
        assert "Stämmer läkemedelslistan" in pane_text(app)
        # Moving with the keys: the body follows once the cursor rests.
        await pilot.press("j")
        await wait_for(pilot, lambda: "Ska vi ta PK-INR" in pane_text(app) or
                       "Helt ny text" in pane_text(app))  # fmt: skip
        # A folder switch: the new folder's first message with its body.
        app.screen.query_one(MailboxTree).select_folder("sent")
        await wait_for(pilot, lambda: "Lägg om såret varannan dag" in pane_text(app))
        assert "mark-read" not in access_actions(tui_world, "david.ssk")
        # Enter opens it: that is what marks a message read under the default rule.
        app.screen.query_one(MailboxTree).select_folder("inbox")
        await wait_for(pilot, lambda: unread_here(app) and "Förhandsvisning" in pane_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        await wait_for(pilot, lambda: not unread_here(app))


@run_async
async def test_the_preview_rule_marks_read_after_resting(tui_world: TuiWorld) -> None:
    set_language("en")
    settings = Settings(database_url=tui_world.url, user="david.ssk", lang="en",
                        mark_read="preview", preview_seconds=1)  # fmt: skip
    app = FblApp(settings, clock=tui_world.clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await wait_for(pilot, lambda: "marked as read after 1 s here" in pane_text(app))
            assert unread_here(app)
            await wait_for(pilot, lambda: not unread_here(app), 6.0)
            await wait_for(pilot, lambda: "Preview · read" in pane_text(app))
            assert "mark-read" in access_actions(tui_world, "david.ssk")
    finally:
        set_language("sv")


def test_the_reading_rule_comes_from_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[reading]\nmark_read = "preview"\npreview_seconds = 8\n', "utf-8")
    settings = load_settings(config_file=config, environ={})
    assert (settings.mark_read, settings.preview_seconds) == ("preview", 8.0)
    assert load_settings(config_file=tmp_path / "none.toml", environ={}).mark_read == "open"
    config.write_text('[reading]\nmark_read = "hover"\n', "utf-8")
    with pytest.raises(InvalidInput):
        load_settings(config_file=config, environ={})

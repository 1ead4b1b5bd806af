"""The reader as a pager (issue 12): Space/b page, g/G top and end, `/` finds a word in the
thread and n/N step through the hits, Escape closes the search field before the reader."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Input

from fblmail.tui.inbox.screen import InboxScreen
from fblmail.tui.reader.find import find_all
from fblmail.tui.reader.screen import ReaderScreen
from kit.tui import AppFactory, TuiWorld, open_subject, ready, run_async, wait_for

SMALL = (60, 14)


def test_find_all_ignores_case_and_does_not_overlap() -> None:
    assert find_all("Såret SÅRET såret", "såret") == [0, 6, 12]
    assert find_all("aaaa", "aa") == [0, 2]
    assert find_all("text", "") == []


@run_async
async def test_paging_and_finding_in_the_thread(make_app: AppFactory, tui_world: TuiWorld) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        reader = await open_subject(pilot, app, "Såret på hälen")
        thread = reader.query_one("#thread", VerticalScroll)
        assert thread.max_scroll_y > 5  # the thread is longer than the screen
        await pilot.press("space")
        await pilot.pause()
        page = thread.scroll_y
        assert page > 3
        await pilot.press("b")
        await pilot.pause()
        assert thread.scroll_y == 0
        await pilot.press("G")
        await pilot.pause()
        assert thread.scroll_y == thread.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert thread.scroll_y == 0
        # `/` finds: "journalanteckningen" is in the reply near the end of the thread.
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press(*"JOURNALANTECKNINGEN", "enter")
        await wait_for(pilot, lambda: thread.scroll_y > 0)
        assert reader.pager.hits and len(reader.pager.hits) == 1
        assert any("1 träff," in n.message for n in app._notifications)
        await pilot.press("slash")
        await pilot.press(*"såret", "enter")
        await pilot.pause()
        hits = len(reader.pager.hits)
        assert hits >= 2
        assert any(f"{hits} träffar" in n.message for n in app._notifications)
        first = reader.pager.hit
        await pilot.press("n")
        assert reader.pager.hit == (first + 1) % hits
        await pilot.press("N")
        assert reader.pager.hit == first
        await pilot.press("slash")
        await pilot.press("escape")  # closes the field, not the reader
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))

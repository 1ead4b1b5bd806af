"""mutt habits (issue 12): `t` tags, `T` tags by pattern, Ctrl+T clears, d/U act on the
tagged set through the service (one access-log row per message), `u` undoes the whole set;
`J` jumps to the next unread; `b` hides and shows the tree, which hides itself when narrow;
search says "1 träff" and "minst 50 träffar" instead of a bare count."""

from __future__ import annotations

from collections import Counter

from fblmail.service.mailboxes.inbox import SEARCH_LIMIT, InboxRow
from fblmail.tui.widgets.mailbox_tree import MailboxTree
from kit.tui import (
    SIZE,
    AppFactory,
    TuiWorld,
    access_actions,
    current_subject,
    inbox,
    notices,
    ready,
    run_async,
    screen_text,
    settled,
    subjects,
    the_list,
    wait_for,
)


@run_async
async def test_tag_act_on_the_tagged_and_undo(make_app: AppFactory, tui_world: TuiWorld) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = inbox(app)
        assert screen.check_action("clear_tags", ()) is None
        await pilot.press("t", "t")  # tags the first two (the cursor moves on)
        assert len(screen.tags.tagged) == 2
        assert "2 märkta" in screen_text(app)
        assert screen_text(app).count("*●") == 2  # the tag mark beside the unread mark
        await pilot.press("ctrl+t")
        assert not screen.tags.tagged
        await pilot.press("g", "t", "t")
        tagged = {s.subject for s in screen.tags.tagged.values()}
        before = Counter(access_actions(tui_world, "david.ssk"))
        await pilot.press("d")  # both to the trash, each through the service
        await wait_for(pilot, lambda: the_list(app).total == 4)
        assert not tagged & set(subjects(app))
        after = Counter(access_actions(tui_world, "david.ssk"))
        assert after["delete"] - before["delete"] == 2
        assert any("2 meddelanden flyttade till papperskorgen" in n for n in notices(app))
        assert not screen.tags.tagged
        await pilot.press("u")  # the whole set comes back
        await wait_for(pilot, lambda: the_list(app).total == 6)
        # U on a tagged set marks them all read.
        await pilot.press("g", "t", "t", "U")
        await wait_for(pilot, lambda: "Vc Herrhagen (4)" in screen_text(app))


@run_async
async def test_tag_by_pattern_and_next_unread(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = inbox(app)
        await pilot.press("T")
        await pilot.press(*"19121212-1212", "enter")  # Tolvan: two messages in this inbox
        await wait_for(pilot, lambda: len(screen.tags.tagged) == 2)
        assert {s.patient for s in screen.tags.tagged.values()} == {"19121212-1212"}
        await pilot.press("ctrl+t", "T", *"arvika", "enter")  # the other party's name
        await wait_for(pilot, lambda: len(screen.tags.tagged) == 1)
        # J: the next unread after the cursor, from the top after the last.
        await pilot.press("ctrl+t", "g", "U")  # untagged: U is for the first only
        await wait_for(pilot, lambda: isinstance(the_list(app).current, InboxRow)
                       and the_list(app).current.summary.read)  # type: ignore[union-attr]
        await pilot.press("J")
        await wait_for(pilot, lambda: the_list(app).cursor == 1)
        await pilot.press("G")
        await settled(pilot)
        last = current_subject(app)
        await pilot.press("J")
        await wait_for(pilot, lambda: current_subject(app) != last)
        assert the_list(app).cursor == 1  # wrapped: the first unread from the top
        assert any("Från början" in n for n in notices(app))


@run_async
async def test_the_tree_toggles_and_hides_itself_when_narrow(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        tree = app.screen.query_one(MailboxTree)
        assert not tree.display  # 80 columns: the list gets the room
        await pilot.resize_terminal(130, 30)
        await wait_for(pilot, lambda: tree.display)  # wide enough: back by itself
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: not tree.display)
        await pilot.press("b")
        assert tree.display and app.focused is tree
        await pilot.press("j", "b")
        assert not tree.display and app.focused is the_list(app)
        await pilot.resize_terminal(130, 30)
        await pilot.pause()
        assert not tree.display  # the user's choice stands


@run_async
async def test_search_counts_in_words(make_app: AppFactory, tui_world: TuiWorld) -> None:
    for n in range(SEARCH_LIMIT + 1):
        tui_world.world.send(subject=f"Blodtryck {n}", body="Blodtrycket mätt.")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"korttidsboendet", "enter")
        await wait_for(pilot, lambda: inbox(app).place.mode == "search")
        assert "1 träff," in screen_text(app) and "1 träffar" not in screen_text(app)
        await pilot.press("escape", "slash", *"blodtrycket", "enter")
        await wait_for(pilot, lambda: the_list(app).total == SEARCH_LIMIT)
        assert f"minst {SEARCH_LIMIT} träffar – de {SEARCH_LIMIT} nyaste visas" in screen_text(app)


@run_async
async def test_threads_grouped_one_row_each_with_the_count(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    # Karlstad answers Herrhagen's answer: two messages of one thread in Herrhagen's inbox.
    tui_world.world.as_("anna.ssk").messaging.reply(tui_world.ids["reply"], "Tack, vi gör så.")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("z")
        await wait_for(pilot, lambda: "en rad per tråd" in screen_text(app))
        await settled(pilot)
        assert inbox(app).place.filter.threads
        rows = [the_list(app).row_at(i) for i in range(the_list(app).total)]
        threads = [r.summary.thread_id for r in rows if isinstance(r, InboxRow)]
        assert len(threads) == len(set(threads)) == 6  # 7 messages, 6 threads
        assert "(2) Sv: Såret på hälen" in screen_text(app)  # the newest, and the count
        await pilot.press("enter")  # the whole thread
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ReaderScreen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: inbox(app).place.filter.threads and the_list(app).total == 6)
        await pilot.press("z")
        await wait_for(pilot, lambda: "en rad per tråd" not in screen_text(app))

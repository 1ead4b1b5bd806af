"""Pilot tests of the inbox: the list and its order, folders, reading, filing with undo,
read marks, search with n/N, order and filter, drafts, help, keymap, errors, English."""

from __future__ import annotations

from fblmail.service.mailboxes.drafts import DraftInput
from fblmail.service.mailboxes.inbox import InboxRow
from fblmail.tui.app import FblApp
from fblmail.tui.inbox.screen import InboxScreen
from fblmail.tui.reader.screen import ReaderScreen
from fblmail.tui.widgets.choice_dialog import ChoiceDialog
from fblmail.tui.widgets.mailbox_tree import DRAFTS, MailboxTree
from fblmail.tui.widgets.pager import DraftRow
from kit.people import HERRHAGEN
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


async def open_folder(app: FblApp, folder: str, box: str = HERRHAGEN) -> None:
    app.screen.query_one(MailboxTree).select_folder(folder, address=box)


@run_async
async def test_first_screen_lists_most_urgent_first(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert subjects(app) == [
            "Fråga om läkemedelslista",  # overdue
            "Provtagning PK-INR",  # under 24 h
            "Förnyelse av recept på Waran",  # 1 d 21 h
            "Uppföljning efter fallet",  # 2 d 21 h
            "Patienten har flyttat",  # FYI, newest of the rest
            "Såret på hälen",  # answered
        ]
        text = screen_text(app)
        assert "▲ 3 h sen" in text and "! 22 h kvar" in text and "◇ kännedom" in text
        assert "✓ besvarad" in text and "David Dahl, Vc Herrhagen" in text
        assert "Vc Herrhagen (6)" in text  # six unread in the FBL's inbox
        assert "6 meddelanden" in text
        # The first message's body is previewed (a logged read) but not marked read.
        await wait_for(pilot, lambda: "read" in access_actions(tui_world, "david.ssk"))
        assert "mark-read" not in access_actions(tui_world, "david.ssk")
        assert "Vc Herrhagen (6)" in screen_text(app)
        assert "list" in access_actions(tui_world, "david.ssk")  # the folder view is logged


@run_async
async def test_keys_move_through_the_list_and_the_pane_follows(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j", "down")
        assert current_subject(app) == "Förnyelse av recept på Waran"
        await pilot.press("k")
        assert current_subject(app) == "Provtagning PK-INR"
        await pilot.press("G")
        assert current_subject(app) == "Såret på hälen"
        await pilot.press("g")
        assert current_subject(app) == "Fråga om läkemedelslista"
        await pilot.press("end")
        await wait_for(pilot, lambda: "Lägg om såret" not in screen_text(app) and
                       "Såret på hälen" in screen_text(app).split("▔")[-1])  # fmt: skip
        # Resting on it shows the body in the preview.
        await wait_for(pilot, lambda: "Såret läker långsamt" in screen_text(app))


@run_async
async def test_folders_open_from_the_tree(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_folder(app, "sent")
        await wait_for(pilot, lambda: subjects(app) == ["Sv: Såret på hälen"])
        assert "Vc Herrhagen › Skickat" in screen_text(app)
        # The keyboard way: Shift+Tab to the tree, down to "Papperskorg", Enter.
        await pilot.press("shift+tab")
        assert app.focused is app.screen.query_one(MailboxTree)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: "Vc Herrhagen › Papperskorg" in screen_text(app))
        assert "Inga meddelanden här." in screen_text(app)


@run_async
async def test_enter_opens_the_whole_thread_and_q_comes_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("G", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_for(pilot, lambda: "Besvarad" in screen_text(app))
        text = screen_text(app)
        assert "2 meddelanden" in text and "Såret läker långsamt" in text
        assert "Lägg om såret varannan dag" in text and "Sårvård 3 nov" in text
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        await settled(pilot)
        assert current_subject(app) == "Såret på hälen"


@run_async
async def test_delete_then_undo_and_restore_from_the_trash(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: the_list(app).total == 5)
        await settled(pilot)
        assert "Fråga om läkemedelslista" not in subjects(app)
        assert any("papperskorgen (u ångrar)" in n for n in notices(app))
        await pilot.press("u")
        await wait_for(pilot, lambda: the_list(app).total == 6)
        await settled(pilot)
        assert current_subject(app) == "Fråga om läkemedelslista"  # back on the message
        # Delete again, then restore it from the trash with R.
        await pilot.press("d")
        await wait_for(pilot, lambda: the_list(app).total == 5)
        await open_folder(app, "trash")
        await wait_for(pilot, lambda: subjects(app) == ["Fråga om läkemedelslista"])
        assert inbox(app).check_action("delete", ()) is None  # already in the trash
        await pilot.press("R")
        await wait_for(pilot, lambda: the_list(app).total == 0)
        await open_folder(app, "inbox")
        await wait_for(pilot, lambda: the_list(app).total == 6)


@run_async
async def test_move_to_another_folder_and_back(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert "Skickat" in screen_text(app) and "Papperskorg" in screen_text(app)
        await pilot.press("enter")  # the first choice: Skickat
        await wait_for(
            pilot, lambda: isinstance(app.screen, InboxScreen) and the_list(app).total == 5
        )
        await open_folder(app, "sent")
        await wait_for(pilot, lambda: "Fråga om läkemedelslista" in subjects(app))
        await open_folder(app, "inbox")
        await wait_for(pilot, lambda: the_list(app).total == 5)
        await pilot.press("u")
        await wait_for(pilot, lambda: the_list(app).total == 6)


@run_async
async def test_mark_read_and_unread(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("U")
        await wait_for(pilot, lambda: "Vc Herrhagen (5)" in screen_text(app))
        row = the_list(app).current
        assert isinstance(row, InboxRow) and row.summary.read
        await pilot.press("U")
        await wait_for(pilot, lambda: "Vc Herrhagen (6)" in screen_text(app))
        await pilot.press("U", "u")  # read, then undone: unread again
        await wait_for(pilot, lambda: "Ångrat." in notices(app))
        await wait_for(pilot, lambda: "Vc Herrhagen (6)" in screen_text(app))


@run_async
async def test_search_then_n_and_shift_n_step_through_hits(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert inbox(app).check_action("next_hit", ()) is None
        await pilot.press("slash")
        await pilot.press(*"19121212-1212")
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: inbox(app).place.mode == "search" and the_list(app).total == 2
        )
        assert subjects(app) == ["Uppföljning efter fallet", "Fråga om läkemedelslista"]
        assert "2 träffar" in screen_text(app)
        await pilot.press("n")
        assert current_subject(app) == "Fråga om läkemedelslista"
        await pilot.press("n")  # wraps round
        assert current_subject(app) == "Uppföljning efter fallet"
        await pilot.press("N")
        assert current_subject(app) == "Fråga om läkemedelslista"
        await pilot.press("escape")
        await wait_for(
            pilot, lambda: inbox(app).place.mode == "folder" and the_list(app).total == 6
        )
        # Query syntax typed by the user is just text.
        await pilot.press("slash", *'"[AND*', "enter")
        await wait_for(pilot, lambda: "Inga träffar." in screen_text(app))


@run_async
async def test_order_toggle_and_filter(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s")
        await settled(pilot)
        assert subjects(app)[0] == "Uppföljning efter fallet"  # newest first
        assert "▼ nyast först" in screen_text(app)
        await pilot.press("s")
        await settled(pilot)
        assert subjects(app)[0] == "Fråga om läkemedelslista"  # oldest first
        await pilot.press("s", "F")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "down", "enter")  # "Väntar på vårt svar"
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        await settled(pilot)
        assert len(subjects(app)) == 4 and "Filter: väntar på oss" in screen_text(app)
        await pilot.press("F", "up", "enter")  # the dialog starts on the current filter
        await settled(pilot)
        assert "Filter: olästa" in screen_text(app)
        await pilot.press("escape")  # clears the filter
        await settled(pilot)
        assert the_list(app).total == 6 and "Filter" not in screen_text(app)


@run_async
async def test_a_category_filter(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("end", "up", "enter")  # the last but one: "Kategori: Uppföljning"
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        await settled(pilot)
        assert sorted(subjects(app)) == ["Såret på hälen", "Uppföljning efter fallet"]


@run_async
async def test_drafts_are_announced_listed_and_reopened(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    tui_world.world.as_("david.ssk").drafts.save(
        DraftInput(to_address=HERRHAGEN, subject="Halvskrivet", body="Hej, jag undrar")
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        announced = "Du har 1 sparat utkast i Utkast"
        await wait_for(pilot, lambda: any(announced in n for n in notices(app)))
        assert "Utkast (1)" in screen_text(app)
        await open_folder(app, DRAFTS)
        await wait_for(pilot, lambda: isinstance(the_list(app).current, DraftRow))
        assert "Halvskrivet" in screen_text(app)
        await pilot.press("enter")
        from fblmail.tui.compose.screen import ComposeScreen

        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))


@run_async
async def test_help_and_the_command_palette(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        from fblmail.tui.help.screen import HelpScreen

        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Skriv nytt meddelande" in titles and "Sök" in titles


@run_async
async def test_the_keymap_remaps_keys(make_app: AppFactory) -> None:
    app = make_app(keymap={"inbox.delete": "x", "list.down": "ctrl+n"})
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+n")
        assert current_subject(app) == "Provtagning PK-INR"
        await pilot.press("d")  # no longer bound
        await pilot.pause(0.2)
        assert the_list(app).total == 6
        await pilot.press("x")
        await wait_for(pilot, lambda: the_list(app).total == 5)
        assert app.active_bindings["x"].binding.action == "delete"


@run_async
async def test_a_failing_action_is_a_notification(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        tui_world.world.as_("sara.support").admin.remove_member("david.ssk", HERRHAGEN)
        await pilot.press("d")
        await wait_for(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        assert any("inte ditt att se" in n for n in notices(app))
        assert isinstance(app.screen, InboxScreen)  # still running


@run_async
async def test_english(make_app: AppFactory) -> None:
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "Inbox (6)" in text or "Inbox" in text
        assert "Deadline" in text and "6 messages" in text and "most urgent first" in text
        assert "◇ FYI" in text and "✓ answered" in text


@run_async
async def test_an_unknown_user_ends_the_app_with_the_reason(make_app: AppFactory) -> None:
    app = make_app(login="nobody")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.fatal is not None)
    assert app.fatal is not None and app.fatal.exit_code == 4
    assert "inget aktivt konto" in app.fatal.sv

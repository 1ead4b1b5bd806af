"""Pilot tests of the reader: the whole thread, who answered when, journal-note links (R12)
that only those with access see, forward history (R13), and the read mark and log."""

from __future__ import annotations

from fblmail.tui.inbox.screen import InboxScreen
from fblmail.tui.widgets.mailbox_tree import MailboxTree
from kit.people import KARLSTAD
from kit.tui import (
    SIZE,
    AppFactory,
    TuiWorld,
    access_actions,
    open_subject,
    ready,
    run_async,
    screen_text,
    the_list,
    wait_for,
)


@run_async
async def test_the_thread_in_order_with_the_answer_and_journal_note(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        reader = await open_subject(pilot, app, "Såret på hälen")
        text = screen_text(app)
        assert text.index("Såret läker långsamt") < text.index("Lägg om såret varannan dag")
        assert "Besvarad 2026-11-03 16:00 av Vc Herrhagen" in text  # Stockholm time
        assert "Cecilia Carlsson" in text
        assert "Journalanteckning: Sårvård 3 nov" in text
        assert "Referens: cosmic://journal/anteckning/4711" in text
        # `o` "opens" the note: its reference is copied and shown.
        assert reader.check_action("open_note", ()) is True
        await pilot.press("o")
        assert app.clipboard == "cosmic://journal/anteckning/4711"
        assert any("4711" in n.message for n in app._notifications)
    # Opening marked the message read and logged the reading.
    actions = access_actions(tui_world, "david.ssk")
    assert "read" in actions and "read-thread" in actions


@run_async
async def test_a_thread_without_a_note_has_nothing_to_open(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        reader = await open_subject(pilot, app, "Provtagning PK-INR")
        assert reader.check_action("open_note", ()) is None
        assert "Journalanteckning:" not in screen_text(app)
        assert "! 22 h kvar" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))


@run_async
async def test_forward_history_in_the_personal_mailbox(make_app: AppFactory) -> None:
    app = make_app(login="cecilia.dr")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        screen.query_one(MailboxTree).select_folder("inbox", kind="personal")
        await wait_for(pilot, lambda: the_list(app).total == 1)
        assert screen.check_action("forward", ()) is None  # R13: not forwarded on again
        await open_subject(pilot, app, "Förnyelse av recept på Waran")
        text = screen_text(app)
        assert "Vidarebefordrat: av david.ssk, ursprungligen från" in text
        assert KARLSTAD.split(" (FBL)")[0] in text
        assert "Kommentar: Kan du titta på detta?" in text

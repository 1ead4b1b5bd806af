"""Who handles what, in two apps on one store (issue 11): taking with `t`, the handler's
name live in the other member's list, taking over and replying only after asking, and
"{name} skriver ett svar" while a colleague has a reply draft open."""

from __future__ import annotations

import pytest

from fblmail.i18n import set_language
from fblmail.service.mailboxes.inbox import InboxRow
from fblmail.settings import Settings
from fblmail.tui.app import FblApp
from fblmail.tui.compose.screen import ComposeScreen
from fblmail.tui.reader.screen import ReaderScreen
from fblmail.tui.widgets.choice_dialog import ChoiceDialog
from kit.people import World
from kit.tui import (
    SIZE,
    AppFactory,
    TuiWorld,
    move_to_subject,
    ready,
    run_async,
    screen_text,
    the_list,
    wait_for,
)


def handler_in_list(app: FblApp, subject: str) -> str | None:
    widget = the_list(app)
    for index in range(widget.total):
        row = widget.row_at(index)
        if isinstance(row, InboxRow) and row.summary.subject == subject:
            return row.summary.taken_by_name
    return None


def writers_in_list(app: FblApp, subject: str) -> tuple[str, ...]:
    widget = the_list(app)
    for index in range(widget.total):
        row = widget.row_at(index)
        if isinstance(row, InboxRow) and row.summary.subject == subject:
            return row.summary.writers
    return ()


def notes(app: FblApp) -> str:
    return "\n".join(n.message for n in app._notifications)


SUBJECT = "Förnyelse av recept på Waran"


@run_async
async def test_take_shows_live_in_the_other_app_and_taking_over_asks(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    david, cecilia = make_app("david.ssk"), make_app("cecilia.dr")
    async with david.run_test(size=SIZE) as pd, cecilia.run_test(size=SIZE) as pc:
        await ready(pd)
        await ready(pc)
        move_to_subject(david, SUBJECT)
        await pd.press("h")
        await wait_for(pd, lambda: "Du hanterar frågan" in notes(david))
        # Cecilia's list shows David's name without a key press (the change feed).
        await wait_for(pc, lambda: handler_in_list(cecilia, SUBJECT) == "David Dahl", 5.0)
        await pc.pause(0.2)
        assert "⚑David D. Förnyels" in screen_text(cecilia)
        # Taking it asks first; "Nej" leaves it with David.
        move_to_subject(cecilia, SUBJECT)
        await pc.press("h")
        await wait_for(pc, lambda: isinstance(cecilia.screen, ChoiceDialog))
        assert "David Dahl tog frågan" in screen_text(cecilia)
        await pc.press("escape")
        # Replying to a question David has taken asks first too; "Ja, svara" goes on.
        await pc.press("r")
        await wait_for(pc, lambda: isinstance(cecilia.screen, ChoiceDialog))
        assert "David Dahl har tagit frågan. Svara ändå?" in screen_text(cecilia)
        await pc.press("enter")
        await wait_for(pc, lambda: isinstance(cecilia.screen, ComposeScreen))
        await pc.press("escape")
        await wait_for(pc, lambda: not isinstance(cecilia.screen, ComposeScreen))
        # Take it over after saying yes; David's list follows.
        move_to_subject(cecilia, SUBJECT)
        await pc.press("h")
        await wait_for(pc, lambda: isinstance(cecilia.screen, ChoiceDialog))
        await pc.press("enter")
        await wait_for(pc, lambda: "tagit över" in notes(cecilia))
        await wait_for(pd, lambda: handler_in_list(david, SUBJECT) == "Cecilia Carlsson", 5.0)
        # Handing back is one key.
        await wait_for(pc, lambda: handler_in_list(cecilia, SUBJECT) == "Cecilia Carlsson", 5.0)
        move_to_subject(cecilia, SUBJECT)
        await pc.press("h")
        await wait_for(pd, lambda: handler_in_list(david, SUBJECT) is None, 5.0)
    rows = [r.action for r in tui_world.world.as_("sara.support").audit.search().rows]
    assert rows.count("take") == 2 and rows.count("release") == 1


@run_async
async def test_a_colleague_writing_an_answer_is_shown(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    david, cecilia = make_app("david.ssk"), make_app("cecilia.dr")
    async with david.run_test(size=SIZE) as pd, cecilia.run_test(size=SIZE) as pc:
        await ready(pd)
        await ready(pc)
        move_to_subject(david, SUBJECT)
        await pd.press("r")
        await wait_for(pd, lambda: isinstance(david.screen, ComposeScreen))
        await pd.press(*"Receptet")
        await wait_for(pd, lambda: bool(tui_world.world.as_("david.ssk").drafts.list()), 5.0)
        # Cecilia's list says so on the row, without a key press (the change feed).
        await wait_for(pc, lambda: writers_in_list(cecilia, SUBJECT) == ("David Dahl",), 5.0)
        await wait_for(pc, lambda: "✎David D. skriver ett svar: Förny" in screen_text(cecilia))
        # Cecilia opens the thread: David is writing an answer.
        move_to_subject(cecilia, SUBJECT)
        await pc.press("enter")
        await wait_for(pc, lambda: isinstance(cecilia.screen, ReaderScreen))
        await wait_for(pc, lambda: "David Dahl skriver ett svar" in notes(cecilia))
        await pc.press("r")
        await wait_for(pc, lambda: isinstance(cecilia.screen, ChoiceDialog))
        assert "David Dahl skriver ett svar. Svara ändå?" in screen_text(cecilia)


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"])
@run_async
async def test_the_handler_name_is_live_on_postgres(world: World, store_url: str) -> None:
    question = world.send(subject="Fråga om läkemedelslista")
    set_language("sv")
    app = FblApp(Settings(database_url=store_url, user="david.ssk"), clock=world.clock)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        world.as_("cecilia.dr").handling.take(question)
        await wait_for(
            pilot,
            lambda: handler_in_list(app, "Fråga om läkemedelslista") == "Cecilia Carlsson",
            5.0,
        )

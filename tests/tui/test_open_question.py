"""Composing a question about a patient who already has an open question to the same FBL
shows that question first and asks whether this is a new one; it can still be sent."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Select, TextArea

from fblmail.domain.personnummer import make_test_patient_ids
from fblmail.tui.app import FblApp
from fblmail.tui.compose.confirm_send import ConfirmSendScreen
from fblmail.tui.compose.screen import ComposeScreen
from fblmail.tui.reader.screen import ReaderScreen
from fblmail.tui.widgets.choice_dialog import ChoiceDialog
from fblmail.tui.widgets.recipient_picker import RecipientPicker
from kit.people import HERRHAGEN, TOLVAN
from kit.tui import SIZE, AppFactory, TuiWorld, ready, run_async, wait_for


async def compose_to_herrhagen(pilot: object, app: FblApp, patient: str) -> ComposeScreen:
    await pilot.press("c")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, ComposeScreen)
    await wait_for(pilot, lambda: screen.setup is not None)  # type: ignore[arg-type]
    await pilot.pause(0.2)  # type: ignore[attr-defined]
    screen.query_one(RecipientPicker).choose(HERRHAGEN)
    screen.query_one("#category", Select).value = "Frågeställning"
    screen.query_one("#patient", Input).value = patient
    screen.query_one("#subject", Input).value = "Ny fråga om Waran"
    screen.query_one("#body", TextArea).text = "Ska dosen ändras?"
    screen.query_one("#no-coordination", Checkbox).value = True
    await pilot.pause()  # type: ignore[attr-defined]
    return screen


@run_async
async def test_the_open_question_comes_first_and_a_new_one_can_still_be_sent(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    app = make_app("anna.ssk")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await compose_to_herrhagen(pilot, app, TOLVAN)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        text = dialog.title_text
        assert "Det finns redan en öppen fråga om patienten" in text
        assert "Fråga om läkemedelslista" in text and "Är detta en ny fråga?" in text
        await pilot.press("down", "enter")  # "Visa den öppna frågan"
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # "Ja, en ny fråga"
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: not isinstance(app.screen, (ConfirmSendScreen, ComposeScreen))
        )
    sent = tui_world.world.as_("cecilia.dr").folders.list_messages(HERRHAGEN, log=False).items
    assert "Ny fråga om Waran" in [m.subject for m in sent]


@run_async
async def test_no_open_question_goes_straight_to_the_confirmation(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    fresh = make_test_patient_ids(1, seed=2026)[0].display()
    app = make_app("anna.ssk")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await compose_to_herrhagen(pilot, app, fresh)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, (ConfirmSendScreen, ChoiceDialog)))
        assert isinstance(app.screen, ConfirmSendScreen)

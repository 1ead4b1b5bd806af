"""Pilot tests of the duty screen (issue 11): the round of `fblmail check` in the app.

The seed (conftest.py) signs Thursday's afternoon check at 13:00; these tests move the
frozen clock to Friday 2026-11-06 (Stockholm time) so that the morning check is open.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fblmail.tui.app import FblApp
from fblmail.tui.duty.history import HistoryScreen
from fblmail.tui.duty.screen import DutyScreen
from fblmail.tui.reader.screen import ReaderScreen
from fblmail.tui.widgets.choice_dialog import ChoiceDialog
from kit.tui import FRIDAY_0930, SIZE, AppFactory, TuiWorld, ready, run_async, screen_text, wait_for

FRIDAY_1200 = datetime(2026, 11, 6, 11, 0, tzinfo=UTC)  # 12:00 Stockholm, between windows


def notes(app: FblApp) -> str:
    """Every notification's text."""
    return "\n".join(n.message for n in app._notifications)


async def open_duty(pilot: object, app: FblApp) -> DutyScreen:
    """F2, and wait for the report."""
    await pilot.press("f2")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, DutyScreen))  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, DutyScreen)
    await wait_for(pilot, lambda: screen.report is not None and screen.lines != [])  # type: ignore[arg-type]
    await pilot.pause()  # type: ignore[attr-defined]
    return screen


async def go_to(pilot: object, screen: DutyScreen, needle: str) -> None:
    """Move the cursor with `j` to the first line holding `needle`."""
    index = next(i for i, line in enumerate(screen.lines) if needle in line.text.plain)
    await pilot.press("g")  # type: ignore[attr-defined]  # reloads; the cursor stays at 0
    await wait_for(pilot, lambda: screen.report is not None)  # type: ignore[arg-type]
    from textual.widgets import OptionList

    options = screen.query_one("#duty-lines", OptionList)
    options.highlighted = 0
    for _ in range(index):
        await pilot.press("j")  # type: ignore[attr-defined]
    assert options.highlighted == index


@run_async
async def test_start_in_the_morning_window_says_so_and_offers_the_round(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    tui_world.clock.now = FRIDAY_0930
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: "inte signerad" in notes(app))
        text = notes(app)
        assert "Förmiddagens kontroll (08:00-11:00) av Vc Herrhagen" in text
        assert "F2" in text


@run_async
async def test_no_reminder_outside_a_check_window(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    tui_world.clock.now = FRIDAY_1200
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.pause(0.3)
        assert "inte signerad" not in notes(app)


@run_async
async def test_the_round_opens_messages_signs_and_shows_the_history(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    tui_world.clock.now = FRIDAY_0930
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        duty = await open_duty(pilot, app)
        text = screen_text(app)
        assert "Pass: förmiddag 2026-11-06 (08:00-11:00)" in text
        assert "inte signerad – tryck s" in text
        assert "Försenade, över 72 h: vi ska svara: 1" in text
        assert "Mappar: Inkorg" in text and "Papperskorg" in text
        assert "Föregående pass: eftermiddag 2026-11-05: signerat av cecilia.dr" in text
        # Every line naming a message opens it.
        await go_to(pilot, duty, "Fråga om läkemedelslista")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.summary.subject == "Fråga om läkemedelslista"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is duty)
        # Sign with one key and a confirmation.
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: duty.report is not None and duty.report.mailboxes[0].shift_signed_by,
        )
        await pilot.pause()
        assert "signerad av david.ssk" in screen_text(app)
        assert duty.check_action("sign", ()) is None  # nothing left to sign
        # The history: days × förmiddag/eftermiddag, the missed ones visible.
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await wait_for(pilot, lambda: "✓ david.ssk 09:30" in screen_text(app))
        text = screen_text(app)
        assert "✗ missad" in text  # Thursday's morning: nobody signed
        assert "✓ cecilia.dr 13:00" in text
    history = tui_world.world.as_("david.ssk").checks.history(days=1).mailboxes[0]
    assert (history.slots[0].state, history.slots[0].signed_by) == ("signed", "david.ssk")


@run_async
async def test_refused_early_signature_is_shown_not_recorded(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    tui_world.clock.now = datetime(2026, 11, 6, 6, 0, tzinfo=UTC)  # 07:00 Stockholm
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_duty(pilot, app)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: "08:00-11:00" in notes(app))
        assert "R4" in notes(app)

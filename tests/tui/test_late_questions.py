"""Our question past 72 hours in the reader (R10): it says what R10 asks, `L` records it as
settled by phone and `A` closes the case, with the same service calls and log rows as
`fblmail resolve` and `fblmail close` (71 h: nothing to say yet; 73 h: ring them)."""

from __future__ import annotations

from datetime import UTC, datetime

from fblmail.domain.directory_file import parse_directory
from fblmail.tui.app import FblApp
from fblmail.tui.reader.screen import ReaderScreen
from fblmail.tui.team.late import NoteDialog
from fblmail.tui.widgets.choice_dialog import ChoiceDialog
from fblmail.tui.widgets.mailbox_tree import MailboxTree
from kit.people import DIRECTORY_FILE, KARLSTAD
from kit.tui import SIZE, AppFactory, TuiWorld, ready, run_async, screen_text, wait_for

SENT = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)  # "Fråga om läkemedelslista", from Karlstad


def notes(app: FblApp) -> str:
    return "\n".join(n.message for n in app._notifications)


async def open_reader(pilot: object, app: FblApp, message_id: str) -> ReaderScreen:
    summary = app.services.messenger().duty.summary(message_id)
    app.push_screen(ReaderScreen(app.services, summary))
    await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))  # type: ignore[arg-type]
    reader = app.screen
    assert isinstance(reader, ReaderScreen)
    await wait_for(pilot, lambda: reader.details != ())  # type: ignore[arg-type]
    await pilot.pause(0.2)  # type: ignore[attr-defined]
    return reader


@run_async
async def test_at_71_hours_the_reader_asks_nothing_yet(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    tui_world.clock.now = SENT.replace(day=5, hour=7)  # 70.5 h
    app = make_app("anna.ssk")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_reader(pilot, app, tui_world.ids["overdue"])
        assert "R10" not in notes(app)


@run_async
async def test_at_73_hours_ring_them_then_settle_by_phone_and_close(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    tui_world.clock.now = SENT.replace(day=5, hour=9, minute=30)  # 73 h
    app = make_app("anna.ssk")
    question = tui_world.ids["overdue"]
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        reader = await open_reader(pilot, app, question)
        await wait_for(pilot, lambda: "enligt R10 ska ni kontakta" in notes(app))
        assert "Vc Herrhagen" in notes(app)
        assert reader.check_action("resolve", ()) is True
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteDialog))
        await pilot.press(*"Ringde Eva", "enter")
        await wait_for(pilot, lambda: "löst per telefon" in notes(app))
        await pilot.press("A")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Ärendet är avslutat" in notes(app))
    world = tui_world.world
    rows = world.as_("sara.support").audit.search(user="anna.ssk").rows
    done = [(r.action, r.outcome) for r in rows if r.action in ("resolve", "close")]
    assert ("resolve", "ok") in done and ("close", "ok") in done
    check = world.as_("anna.ssk").checks.run().mailboxes[0]
    assert check.our_unanswered.total == 0  # it has left the overdue lists


HERRHAGEN_FBL = "fbl = Vc Herrhagen Allmänmedicinska mottagningen (FBL)\n"
PHONE = "054-55 00 00"


def give_herrhagen_a_phone(tui_world: TuiWorld) -> None:
    """Re-import the directory with `telefon` on Vc Herrhagen (the shipped file has none)."""
    text = DIRECTORY_FILE.read_text("utf-8")
    assert text.count(HERRHAGEN_FBL) == 1
    text = text.replace(HERRHAGEN_FBL, f"{HERRHAGEN_FBL}telefon = {PHONE}\n")
    tui_world.world.as_("sara.support").directory.import_directory(parse_directory(text))


@run_async
async def test_the_late_marker_and_the_reader_give_the_units_phone(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    give_herrhagen_a_phone(tui_world)
    tui_world.clock.now = SENT.replace(day=5, hour=7)  # 70.5 h: no marker, no phone yet
    app = make_app("anna.ssk")
    async with app.run_test(size=(160, 30)) as pilot:
        await ready(pilot)
        app.screen.query_one(MailboxTree).select_folder("sent", address=KARLSTAD)
        await wait_for(pilot, lambda: "Fråga om läkemedelslista" in screen_text(app))
        assert "☎" not in screen_text(app) and PHONE not in screen_text(app)
    tui_world.clock.now = SENT.replace(day=5, hour=9, minute=30)  # 73 h
    app = make_app("anna.ssk")
    async with app.run_test(size=(160, 30)) as pilot:
        await ready(pilot)
        app.screen.query_one(MailboxTree).select_folder("sent", address=KARLSTAD)
        await wait_for(pilot, lambda: f"☎ ring Vc Herrhagen {PHONE}:" in screen_text(app))
        await open_reader(pilot, app, tui_world.ids["overdue"])
        await wait_for(pilot, lambda: f"på annat sätt (ring {PHONE})" in notes(app))

"""Pilot tests of compose and reply: the routine's checks on screen, refusals keep the text."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Checkbox, Input, Select, Static, TextArea

from fblmail.service.views import MessageSummary
from fblmail.tui.app import FblApp
from fblmail.tui.compose.confirm_send import ConfirmSendScreen
from fblmail.tui.compose.screen import ComposeScreen
from fblmail.tui.widgets.recipient_picker import RecipientPicker
from kit.people import GRIPEN, HERRHAGEN, KARLSTAD, TOLVAN, World
from kit.screens import HostApp, settle
from kit.tui import ready, run_async, screen_text, type_text, wait_for


def compose_app(world: World, login: str = "anna.ssk", **kwargs: str) -> HostApp:
    return HostApp(lambda: ComposeScreen(world.as_(login), **kwargs))


def screen_of(app: HostApp) -> ComposeScreen:
    assert isinstance(app.pushed, ComposeScreen)
    return app.pushed


async def fill_new(
    app: HostApp,
    *,
    to: str = HERRHAGEN,
    category: str = "Frågeställning",
    patient: str = TOLVAN,
    subject: str = "Fråga om läkemedelslista",
    body: str = "Stämmer läkemedelslistan efter utskrivningen?",
    coordination: bool = True,
) -> None:
    """Fill the form through the widgets (typing is tested separately)."""
    screen = screen_of(app)
    screen.query_one(RecipientPicker).choose(to)
    screen.query_one("#category", Select).value = category
    screen.query_one("#patient", Input).value = patient
    screen.query_one("#subject", Input).value = subject
    screen.query_one("#body", TextArea).text = body
    screen.query_one("#no-coordination", Checkbox).value = coordination


@run_async
async def test_preset_list_comes_first_in_to(store_world: World) -> None:
    app = compose_app(store_world)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        picker = screen_of(app).query_one(RecipientPicker)
        preset, rest = store_world.as_("anna.ssk").directory.recipients_for(KARLSTAD)
        assert preset, "Karlstad has a preset list"
        assert picker.addresses == [u.fbl for u in preset] + [u.fbl for u in rest]
        assert app.focused is picker.input  # the first empty field
        text = screen_text(app)
        assert text.index("Förvalslista") < text.index(preset[0].fbl)
        # Type-ahead filters the global list too; Enter picks the highlighted match.
        await type_text(pilot, "gripen")
        await pilot.press("enter")
        assert picker.value == GRIPEN
        assert screen_of(app).values().from_address == KARLSTAD


@run_async
async def test_typing_a_whole_message_and_sending_it(store_world: World) -> None:
    app = compose_app(store_world)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_text(pilot, "herrhagen")
        await pilot.press("enter", "tab")  # choose, then on to Category
        await pilot.press("enter")  # open the list
        await type_text(pilot, "Frå")
        await pilot.press("enter", "tab")
        await type_text(pilot, "191212121212")  # twelve digits, no hyphen
        await pilot.press("tab")
        await type_text(pilot, "Waran?")
        await pilot.press("tab")
        await type_text(pilot, "Dos?")
        screen = screen_of(app)
        screen.query_one("#no-coordination", Checkbox).focus()
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        shown = screen_text(app)
        assert "19121212-1212" in shown  # the full form of what was typed
        assert HERRHAGEN in shown
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.results))
    sent = app.results[0]
    assert isinstance(sent, MessageSummary)
    assert (sent.recipient, sent.patient, sent.category) == (
        HERRHAGEN,
        "19121212-1212",
        "Frågeställning",
    )
    inbox = store_world.as_("cecilia.dr").folders.list_messages(HERRHAGEN, log=False)
    assert [(m.subject, m.patient) for m in inbox.items] == [("Waran?", "19121212-1212")]
    assert store_world.as_("anna.ssk").drafts.list() == []  # the draft went with the send


@run_async
async def test_escape_in_the_confirmation_sends_nothing(store_world: World) -> None:
    app = compose_app(store_world)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await fill_new(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        text = screen_text(app)
        for expected in ("Patient", "19121212-1212", "Till", HERRHAGEN, "Från", KARLSTAD):
            assert expected in text
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen_of(app)
        assert screen_of(app).values().subject == "Fråga om läkemedelslista"
    assert app.results == []
    assert store_world.as_("cecilia.dr").folders.list_messages(HERRHAGEN, log=False).items == ()


def refusal_text(app: HostApp) -> str:
    box = screen_of(app).query_one("#refusal", Static)
    assert box.display, "the refusal is shown"
    return str(box.render())


@run_async
async def test_invalid_patient_is_explained_as_typed_and_nothing_is_lost(
    store_world: World,
) -> None:
    app = compose_app(store_world)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await fill_new(app, patient="")
        screen = screen_of(app)
        screen.query_one("#patient", Input).focus()
        await type_text(pilot, "19121212-1213")
        status = str(screen.query_one("#patient-status", Static).render())
        assert "Kontrollsiffran stämmer inte" in status
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmSendScreen)
        assert "R2:" in refusal_text(app)
        assert app.focused is screen.query_one("#patient", Input)
        values = screen.values()
        assert (values.patient, values.subject, values.to_address) == (
            "19121212-1213",
            "Fråga om läkemedelslista",
            HERRHAGEN,
        )
        await pilot.press("backspace", "2")
        status = str(screen.query_one("#patient-status", Static).render())
        assert "19121212-1212" in status


@run_async
async def test_fyi_shows_the_r7_warning_and_needs_the_no_risk_confirmation(
    store_world: World,
) -> None:
    app = compose_app(store_world)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        assert not screen.query_one("#fyi-box").display
        await fill_new(app, category="För kännedom")
        await pilot.pause()
        assert screen.query_one("#fyi-box").display
        assert "ska undvikas" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "R7:" in refusal_text(app)
        assert screen.values().body.startswith("Stämmer")
        screen.query_one("#fyi-no-risk", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        await pilot.press("j")  # Swedish yes
        await wait_for(pilot, lambda: bool(app.results))
    assert app.results[0].category == "För kännedom"


@run_async
async def test_acute_words_are_shown_live_and_need_the_not_acute_confirmation(
    store_world: World,
) -> None:
    app = compose_app(store_world)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await fill_new(app, body="")
        screen = screen_of(app)
        assert not screen.query_one("#acute-box").display
        screen.query_one("#body", TextArea).focus()
        await type_text(pilot, "Behöver svar snarast, akut smärta")
        await pilot.pause()
        assert screen.query_one("#acute-box").display
        words = str(screen.query_one("#acute-words", Static).render())
        assert "snarast, akut" in words
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "R9:" in refusal_text(app)
        assert screen.values().body == "Behöver svar snarast, akut smärta"
        screen.query_one("#not-acute", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.results))
    assert isinstance(app.results[0], MessageSummary)


@run_async
async def test_a_refusal_from_the_service_is_shown_and_keeps_everything(store_world: World) -> None:
    # Only the store knows that the patient has an ongoing coordination case (R3).
    store_world.as_("sara.support").admin.import_coordination_register([TOLVAN])
    app = compose_app(store_world)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await fill_new(app)
        before = screen_of(app).values()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_of(app).refusal is not None)
        assert app.screen is screen_of(app)
        assert "Cosmic Link" in refusal_text(app)
        assert screen_of(app).values() == before
        await settle(pilot)
    assert app.results == []
    drafts = store_world.as_("anna.ssk").drafts.list()
    assert [d.body for d in drafts] == [before.body]  # also kept in the store


@run_async
async def test_journal_fields_are_for_health_centre_staff_only(store_world: World) -> None:
    app = compose_app(store_world, "anna.ssk")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not screen_of(app).query("#journal-box")
        assert "Journallänk" not in screen_text(app)
    app = compose_app(store_world, "cecilia.dr")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        assert screen.query("#journal-box")
        await fill_new(app, to=KARLSTAD)
        screen.query_one("#journal-ref", Input).value = "journal://note/123"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.refusal is not None and screen.refusal.field == "journal_title"
        screen.query_one("#journal-title", Input).value = "Läkemedelsgenomgång"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        assert "Läkemedelsgenomgång" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.results))
    assert app.results[0].has_journal_note


@run_async
async def test_reply_answers_the_thread(store_world: World) -> None:
    question = store_world.send("anna.ssk", subject="Dosering av Waran")
    app = compose_app(store_world, "cecilia.dr", reply_to=question)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        text = screen_text(app)
        for fixed in (HERRHAGEN, KARLSTAD, "Frågeställning", "19121212-1212"):
            assert fixed in text
        assert not screen.query("#no-coordination")  # R3 was confirmed when asked
        assert screen.query_one("#subject", Input).value == "Sv: Dosering av Waran"
        assert app.focused is screen.query_one("#body", TextArea)
        await type_text(pilot, "Ja, oförändrad dos.")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        assert "Skicka svaret?" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.results))
    reply = app.results[0]
    assert (reply.kind, reply.recipient, reply.subject) == (
        "reply",
        KARLSTAD,
        "Sv: Dosering av Waran",
    )
    asked = store_world.as_("anna.ssk").folders.show(question, mark_read=False)
    assert asked.summary.answered_at is not None


@run_async
async def test_english_labels(store_world: World) -> None:
    from fblmail.i18n import set_language

    set_language("en")
    try:
        app = compose_app(store_world)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert "Preset list" in screen_text(app)
            await fill_new(app, patient="19121212-1213")
            await pilot.press("ctrl+s")
            await settle(pilot)
            text = screen_text(app)
    finally:
        set_language("sv")
    for label in ("New message", "From", "To", "Category", "Subject", "Message"):
        assert label in text
    assert "The check digit is wrong" in text
    assert "Cannot be sent" in text


@run_async
async def test_reply_from_the_inbox_of_the_app(make_app: Callable[..., FblApp]) -> None:
    app = make_app("david.ssk")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        await wait_for(pilot, lambda: screen.setup is not None)
        await settle(pilot)
        assert screen.reply_to is not None
        await type_text(pilot, "Svar")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        await pilot.press("enter")
        await wait_for(
            pilot, lambda: not isinstance(app.screen, (ComposeScreen, ConfirmSendScreen))
        )
        replied = screen.reply_to
    thread = app.services.messenger().folders.thread(replied)
    assert [d.summary.kind for d in thread][-1] == "reply"
    assert thread[-1].body == "Svar"


@run_async
async def test_send_can_be_remapped_through_the_keymap(store_world: World) -> None:
    app = compose_app(store_world)
    app.set_keymap({"compose.send": "ctrl+t", "confirm_send.confirm": "j"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await fill_new(app)
        await pilot.press("ctrl+s")  # no longer bound
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmSendScreen)
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        assert "^t Skicka" in screen_text(app) or "j Skicka" in screen_text(app)
        await pilot.press("j")
        await wait_for(pilot, lambda: bool(app.results))
    assert isinstance(app.results[0], MessageSummary)

"""Nothing typed is lost: drafts saved while typing, kept on Escape and exit, restored whole."""

from __future__ import annotations

import asyncio
import signal

import pytest
from textual.widgets import Input, Select, Static, TextArea

from fblmail.service.mailboxes.drafts import DraftInput
from fblmail.service.messages.messaging import Outgoing
from fblmail.tui.compose import drafting
from fblmail.tui.compose.confirm_send import ConfirmSendScreen
from fblmail.tui.compose.drafting import DraftKeeper, save_all_now
from fblmail.tui.compose.open_draft import screen_for_draft
from fblmail.tui.compose.screen import ComposeScreen
from fblmail.tui.widgets.recipient_picker import RecipientPicker
from kit.people import HERRHAGEN, KARLSTAD, TOLVAN, World
from kit.screens import HostApp, settle
from kit.tui import run_async, screen_text, type_text, wait_for


def compose(world: World, login: str = "anna.ssk", **kwargs: str | None) -> HostApp:
    return HostApp(lambda: ComposeScreen(world.as_(login), **kwargs))


def screen_of(app: HostApp) -> ComposeScreen:
    assert isinstance(app.pushed, ComposeScreen)
    return app.pushed


@run_async
async def test_typing_is_in_the_store_after_a_pause_without_any_clean_exit(
    store_world: World,
) -> None:
    anna = store_world.as_("anna.ssk")
    app = compose(store_world)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen_of(app).query_one("#subject", Input).focus()
        await type_text(pilot, "Waran")
        # Still typing, still on the same field: only the pause saves it.
        await wait_for(pilot, lambda: [d.subject for d in anna.drafts.list()] == ["Waran"])
        # The store has it while the app still runs: a crash from here on loses nothing.
        draft_id = anna.drafts.list()[0].id
        assert draft_id == screen_of(app).keeper.draft_id
    reopened = compose(store_world, draft_id=draft_id)
    async with reopened.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert screen_of(reopened).query_one("#subject", Input).value == "Waran"


@run_async
async def test_every_field_of_a_draft_is_restored(store_world: World) -> None:
    cecilia = store_world.as_("cecilia.dr")
    saved = cecilia.drafts.save(
        DraftInput(
            from_address=HERRHAGEN,
            to_address=KARLSTAD,
            category="Provtagning",
            patient="19121212-1212",
            subject="Prover inför besök",
            body="Kan ni ta blodprover?\nTack.",
            journal_reference="journal://note/42",
            journal_title="Besöksanteckning",
        )
    )
    app = compose(store_world, "cecilia.dr", draft_id=saved.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        values = screen.values()
        assert (values.from_address, values.to_address) == (HERRHAGEN, KARLSTAD)
        assert screen.query_one("#category", Select).value == "Provtagning"
        assert values.patient == "19121212-1212"
        assert "19121212-1212" in str(screen.query_one("#patient-status", Static).render())
        assert values.subject == "Prover inför besök"
        assert screen.query_one("#body", TextArea).text == "Kan ni ta blodprover?\nTack."
        assert (values.journal_reference, values.journal_title) == (
            "journal://note/42",
            "Besöksanteckning",
        )
        # Restoring is not an edit: nothing to save until the user types.
        assert not screen.keeper.dirty
        screen.query_one("#no-coordination").value = True  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.results))
    assert app.results[0].has_journal_note
    assert cecilia.drafts.list() == []  # sending removed the draft


@run_async
async def test_escape_keeps_the_draft_and_says_so(store_world: World) -> None:
    app = compose(store_world)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        screen_of(app).query_one(RecipientPicker).choose(HERRHAGEN)
        screen_of(app).query_one("#body", TextArea).focus()
        await type_text(pilot, "Hej")
        await pilot.press("escape")
        await wait_for(pilot, lambda: bool(app.results))
        assert "Sparat som utkast" in screen_text(app)
    assert app.results == [None]
    [draft] = store_world.as_("anna.ssk").drafts.list()
    assert (draft.to_address, draft.body) == (HERRHAGEN, "Hej")


@run_async
async def test_escape_on_an_untouched_form_leaves_no_draft(store_world: World) -> None:
    app = compose(store_world)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: bool(app.results))
        assert "Sparat som utkast" not in screen_text(app)
    assert store_world.as_("anna.ssk").drafts.list() == []


@run_async
async def test_closing_the_app_inside_the_pause_still_saves(store_world: World) -> None:
    app = compose(store_world)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        # A pause that cannot pass during the test: on a loaded machine typing may take
        # longer than the real one, and the test is about closing, not about the clock.
        screen.autosaver.delay = screen.autosaver.max_wait = 3600.0
        screen.query_one("#subject", Input).focus()
        await type_text(pilot, "Sista")
        assert store_world.as_("anna.ssk").drafts.list() == []  # the pause has not passed
    # The app closed (Ctrl+Q, a window closed): on_unmount wrote what was typed.
    assert [d.subject for d in store_world.as_("anna.ssk").drafts.list()] == ["Sista"]


@run_async
async def test_a_hang_up_saves_every_open_draft_then_closes_the_app(store_world: World) -> None:
    app = compose(store_world)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen_of(app).query_one("#subject", Input).focus()
        await type_text(pilot, "SSH")
        # What the loop runs on SIGHUP (the real signal is sent in test_tmux_smoke.py).
        loop = asyncio.get_running_loop()
        handler = loop._signal_handlers[signal.SIGHUP]  # type: ignore[attr-defined]
        handler._run()
        await pilot.pause()
        assert [d.subject for d in store_world.as_("anna.ssk").drafts.list()] == ["SSH"]
    assert app.return_code == 128 + signal.SIGHUP


@run_async
async def test_a_reply_draft_goes_on_as_a_reply(store_world: World) -> None:
    question = store_world.send("anna.ssk", subject="Dosering")
    cecilia = store_world.as_("cecilia.dr")
    app = compose(store_world, "cecilia.dr", reply_to=question)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_text(pilot, "Oförändrad")
        await pilot.press("escape")
        await wait_for(pilot, lambda: bool(app.results))
    [draft] = cecilia.drafts.list()
    assert (draft.reply_to_id, draft.body, draft.subject) == (
        question,
        "Oförändrad",
        "Sv: Dosering",
    )
    app = HostApp(lambda: screen_for_draft(cecilia, draft))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        assert screen.query_one("#body", TextArea).text == "Oförändrad"
        text = screen_text(app)
        assert KARLSTAD in text  # the thread's other end, fixed
        assert " Svar " in text and "Nytt meddelande" not in text
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.results))
    assert app.results[0].kind == "reply"
    assert cecilia.drafts.list() == []
    assert store_world.as_("anna.ssk").folders.show(question, mark_read=False).summary.answered_at


def test_a_save_queued_before_sending_cannot_bring_the_draft_back(store_world: World) -> None:
    anna = store_world.as_("anna.ssk")
    keeper = DraftKeeper(anna)
    content = DraftInput(from_address=KARLSTAD, to_address=HERRHAGEN, subject="S", body="B")
    keeper.note(content)
    assert keeper.flush() is not None
    sent = keeper.finish(
        lambda: anna.messaging.send(
            Outgoing(
                from_fbl=KARLSTAD,
                to_fbl=HERRHAGEN,
                category="Recept",
                patient=TOLVAN,
                subject="S",
                body="B",
                no_coordination_case=True,
                draft_id=keeper.draft_id,
            )
        )
    )
    assert sent.subject == "S"
    keeper.note(DraftInput(subject="S", body="B and more"))  # a late keystroke
    assert keeper.flush() is None
    assert save_all_now() == 0
    assert anna.drafts.list() == []
    assert keeper not in drafting.live_keepers()


@run_async
async def test_a_crash_while_typing_still_saves(store_world: World) -> None:
    app = compose(store_world)

    def crash() -> None:
        raise RuntimeError("a bug somewhere else in the app")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screen_of(app).query_one("#subject", Input).focus()
            await type_text(pilot, "Krasch")
            app.call_later(crash)
            await pilot.pause()
            await pilot.pause()
    assert [d.subject for d in store_world.as_("anna.ssk").drafts.list()] == ["Krasch"]


@run_async
async def test_escape_while_a_draft_is_still_loading_keeps_it(store_world: World) -> None:
    anna = store_world.as_("anna.ssk")
    saved = anna.drafts.save(DraftInput(from_address=KARLSTAD, subject="Behåll mig"))
    app = compose(store_world, draft_id=saved.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape")  # perhaps before the form is there
        await wait_for(pilot, lambda: bool(app.results))
    assert [d.subject for d in anna.drafts.list()] == ["Behåll mig"]

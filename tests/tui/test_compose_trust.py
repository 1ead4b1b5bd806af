"""Compose a mutt user can trust (issue 12): the words of refusals, every problem at once,
no stale refusals, no wiped fields, no junk drafts, and a store that vanished or turned
read-only under the running app (nothing claims success that did not happen).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from fblmail.service.mailboxes.drafts import DraftInput
from fblmail.tui.compose import drafting
from fblmail.tui.compose.confirm_send import ConfirmSendScreen
from fblmail.tui.compose.draft_delete import DeleteDraftScreen
from fblmail.tui.compose.forward import ForwardScreen
from fblmail.tui.compose.screen import ComposeScreen
from fblmail.tui.widgets.mailbox_tree import DRAFTS, MailboxTree
from fblmail.tui.widgets.pager import DraftRow
from fblmail.tui.widgets.recipient_picker import RecipientPicker
from kit.people import HERRHAGEN, TOLVAN, World
from kit.screens import HostApp, settle
from kit.tui import (
    SIZE,
    AppFactory,
    TuiWorld,
    notices,
    ready,
    run_async,
    screen_text,
    the_list,
    type_text,
    wait_for,
)


def compose_app(world: World, login: str = "anna.ssk", **kwargs: str) -> HostApp:
    return HostApp(lambda: ComposeScreen(world.as_(login), **kwargs))


def screen_of(app: HostApp) -> ComposeScreen:
    assert isinstance(app.pushed, ComposeScreen)
    return app.pushed


def refusal_text(app: HostApp) -> str:
    box = screen_of(app).query_one("#refusal", Static)
    return str(box.render()) if box.display else ""


def store_files(world: World) -> list[Path]:
    database = world.store.engine.url.database
    assert database
    return [Path(database + suffix) for suffix in ("", "-wal", "-shm")]


async def fill(app: HostApp, *, body: str = "Det är akut, ring oss.") -> None:
    screen = screen_of(app)
    screen.query_one(RecipientPicker).choose(HERRHAGEN)
    screen.query_one("#category", Select).value = "Frågeställning"
    screen.query_one("#patient", Input).value = TOLVAN
    screen.query_one("#subject", Input).value = "Läkemedelslista"
    screen.query_one("#body", TextArea).text = body


@run_async
async def test_every_problem_at_once_in_the_apps_words_and_focus_on_the_r9_box(
    store_world: World,
) -> None:
    app = compose_app(store_world)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await fill(app)
        await pilot.press("ctrl+s")
        screen = screen_of(app)
        await wait_for(pilot, lambda: len(screen.refusals) == 2)
        assert [e.rule for e in screen.refusals] == ["R9", "R3"]
        shown = refusal_text(app)
        assert "--" not in shown  # no command-line flags in the app
        assert 'kryssa i "Det är inte akut (R9)"' in shown
        assert "pågående samordningsärende (R3)" in shown
        assert app.focused is screen.query_one("#not-acute", Checkbox)
        # A change makes the old refusal stale: it goes.
        screen.query_one("#subject").focus()
        await pilot.press("x")
        await wait_for(pilot, lambda: not screen.query_one("#refusal").display)
        assert screen.refusals == []


@run_async
async def test_shift_tab_and_a_stray_key_do_not_wipe_a_filled_field(store_world: World) -> None:
    app = compose_app(store_world)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await fill(app, body="Stämmer listan?")
        screen = screen_of(app)
        screen.query_one("#subject", Input).focus()
        await pilot.pause()
        await pilot.press("shift+tab", "q")
        await pilot.pause()
        assert app.focused is screen.query_one("#patient", Input)
        assert screen.query_one("#patient", Input).value.startswith(TOLVAN)


@run_async
async def test_an_unticked_box_is_empty_and_a_ticked_one_has_its_x(store_world: World) -> None:
    app = compose_app(store_world)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)

        def box_line() -> str:
            [line] = [ln for ln in screen_text(app).splitlines() if "samordningsärende (R3)" in ln]
            return line.split("Patienten")[0]

        assert "X" not in box_line()
        screen_of(app).query_one("#no-coordination", Checkbox).value = True
        await pilot.pause()
        assert "X" in box_line()


@run_async
async def test_the_confirmation_says_j_for_yes_in_swedish(store_world: World) -> None:
    app = compose_app(store_world)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await fill(app, body="Stämmer listan?")
        screen_of(app).query_one("#no-coordination", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        assert "Enter eller j skickar" in screen_text(app)
        await pilot.press("y")  # not Swedish for yes: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, ConfirmSendScreen)
        await pilot.press("j")
        await wait_for(pilot, lambda: bool(app.results))
    sent = [n for n in notices(app) if n.startswith("Skickat")]
    assert len(sent) == 1


@run_async
async def test_a_recipient_alone_makes_no_draft(store_world: World) -> None:
    anna = store_world.as_("anna.ssk")
    app = compose_app(store_world)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        screen.query_one(RecipientPicker).choose(HERRHAGEN)
        screen.query_one("#category", Select).value = "Recept"
        await pilot.pause(drafting.MAX_WAIT_SECONDS + 0.3)
        await settle(pilot)
        assert anna.drafts.list() == []
        screen.query_one("#subject", Input).focus()
        await type_text(pilot, "Recept")
        await wait_for(pilot, lambda: [d.subject for d in anna.drafts.list()] == ["Recept"])


@run_async
async def test_forward_refusal_says_it_once_in_the_apps_words(store_world: World) -> None:
    message = store_world.send("anna.ssk")
    app = HostApp(lambda: ForwardScreen(store_world.as_("cecilia.dr"), message))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.pushed
        assert isinstance(screen, ForwardScreen)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(screen.refusals) == 2)  # no person, not informed
        shown = str(screen.query_one("#refusal", Static).render())
        assert shown.count("vidarebefordra") == 1  # "Kan inte vidarebefordras:" only
        assert "--recipient-informed" not in shown
        assert "Mottagaren vet att meddelandet kommer" in shown


@run_async
async def test_a_deleted_store_is_named_and_a_reply_does_not_claim_it_was_sent(
    store_world: World,
) -> None:
    question = store_world.send("anna.ssk")
    cecilia = store_world.as_("cecilia.dr")
    app = HostApp(lambda: ComposeScreen(cecilia, reply_to=question))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        screen.query_one("#body", TextArea).text = "Receptet är förnyat."
        for path in store_files(store_world):
            path.unlink(missing_ok=True)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        await pilot.press("j")
        await wait_for(pilot, lambda: screen.refusal is not None)
        assert "finns inte längre" in refusal_text(app)
        assert not any(n.startswith("Skickat") for n in notices(app))
        assert app.results == []
        # Escape leaves, keeps the draft in memory and says so.
        await pilot.press("escape")
        await wait_for(pilot, lambda: bool(app.results))
        await wait_for(
            pilot, lambda: any("finns kvar i programmets minne" in n for n in notices(app))
        )
        assert [k.latest.body for k in drafting.held_drafts() if k.latest] == [
            "Receptet är förnyat."
        ]
    for keeper in drafting.held_drafts():
        keeper.close()
        drafting._held.discard(keeper)


@run_async
async def test_a_read_only_store_fails_the_save_visibly_and_the_draft_waits_in_memory(
    store_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drafting, "HELD_RETRY_SECONDS", 0.2)
    anna = store_world.as_("anna.ssk")
    database = store_files(store_world)[0]
    app = compose_app(store_world)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        screen.query_one("#subject", Input).focus()
        os.chmod(database, 0o444)
        try:
            await type_text(pilot, "Skrivskyddat")
            state = screen.query_one("#draft-state", Static)
            await wait_for(pilot, lambda: bool(state.display))
            assert "skrivskyddad" in str(state.render())
            assert screen.query_one("#subject", Input).value == "Skrivskyddat"
            await wait_for(
                pilot, lambda: any("Utkastet kunde inte sparas" in n for n in notices(app))
            )
            await pilot.press("escape")
            await wait_for(pilot, lambda: bool(app.results))
            await wait_for(
                pilot, lambda: any("finns kvar i programmets minne" in n for n in notices(app))
            )
            assert anna.drafts.list() == []
            # Quitting now would lose it: the first q only warns.
            assert not drafting.may_quit(app)
            await wait_for(pilot, lambda: any("Tryck q igen" in n for n in notices(app)))
            assert drafting.may_quit(app)
        finally:
            os.chmod(database, 0o644)
        # Writable again: the held draft reaches the store without anyone asking.
        await wait_for(pilot, lambda: [d.subject for d in anna.drafts.list()] == ["Skrivskyddat"])
        await wait_for(pilot, lambda: not drafting.held_drafts())


@run_async
async def test_nothing_in_compose_takes_ctrl_l(store_world: World) -> None:
    app = compose_app(store_world)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        for node in [screen, *screen.query("*")]:
            keys = [
                key.strip()
                for binding in node._bindings.key_to_bindings.values()
                for b in binding
                for key in b.key.split(",")
            ]
            assert "ctrl+l" not in keys, node


@run_async
async def test_d_deletes_a_draft_in_utkast_after_a_question(
    make_app: AppFactory, tui_world: TuiWorld
) -> None:
    david = tui_world.world.as_("david.ssk")
    david.drafts.save(DraftInput(subject="Skräputkast", body="Ska bort"))
    david.drafts.save(DraftInput(subject="Behålls", body="Ska vara kvar"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.screen.query_one(MailboxTree).select_folder(DRAFTS, address=HERRHAGEN)
        await wait_for(pilot, lambda: isinstance(the_list(app).current, DraftRow))
        row = the_list(app).current
        assert isinstance(row, DraftRow)
        doomed = row.draft.subject
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DeleteDraftScreen))
        assert "u ångrar" in screen_text(app)
        await pilot.press("n")  # kept
        await wait_for(pilot, lambda: not isinstance(app.screen, DeleteDraftScreen))
        assert len(david.drafts.list()) == 2
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DeleteDraftScreen))
        await pilot.press("j")
        await wait_for(pilot, lambda: len(david.drafts.list()) == 1)
        assert doomed not in [d.subject for d in david.drafts.list()]
        await wait_for(pilot, lambda: doomed not in screen_text(app))


@run_async
async def test_a_reply_from_the_inbox_says_sent_once(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        await wait_for(pilot, lambda: screen.setup is not None and screen.form.get("body"))
        screen.query_one("#body", TextArea).text = "Listan stämmer."
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        await pilot.press("j")
        await wait_for(
            pilot, lambda: not isinstance(app.screen, (ComposeScreen, ConfirmSendScreen))
        )

        def said() -> list[str]:
            return [n.message for n in app._notifications if "Skickat" in n.message]

        await wait_for(pilot, lambda: bool(said()))
        await pilot.pause(0.3)  # a second toast would be posted by now
        assert len(said()) == 1, said()


@run_async
async def test_pasted_line_breaks_are_newlines_in_the_body_and_spaces_in_a_line(
    store_world: World,
) -> None:
    app = compose_app(store_world)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        subject = screen.query_one("#subject", Input)
        subject.focus()
        app.post_message(events.Paste("Rad A\rRad B\r\nRad C"))  # as the terminal sends it
        await pilot.pause()
        body = screen.query_one("#body", TextArea)
        body.focus()
        app.post_message(events.Paste("rad A\rrad B\r\nrad C\x1b"))
        await pilot.pause()
        await pilot.pause()
        assert subject.value == "Rad A Rad B Rad C"
        assert body.text == "rad A\nrad B\nrad C\\x1b"  # ESC still shown as data

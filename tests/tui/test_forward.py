"""Forwarding to a named colleague (R13): the confirmation, the refusal, the kept note."""

from __future__ import annotations

from textual.widgets import Checkbox, Select, TextArea

from fblmail.service.views import MessageSummary
from fblmail.tui.compose.forward import ForwardScreen
from kit.people import World
from kit.screens import HostApp, settle
from kit.tui import run_async, screen_text, wait_for


def forward_app(world: World, login: str, message_id: str, **kw: str) -> HostApp:
    return HostApp(lambda: ForwardScreen(world.as_(login), message_id, **kw))


def screen_of(app: HostApp) -> ForwardScreen:
    assert isinstance(app.pushed, ForwardScreen)
    return app.pushed


def personal_box(world: World, login: str) -> str:
    boxes = world.as_(login).folders.mailboxes()
    return str(next(b.address for b in boxes if b.kind == "personal"))


@run_async
async def test_only_colleagues_of_the_same_organisation_are_offered(store_world: World) -> None:
    message = store_world.send("anna.ssk", subject="Remiss")
    app = forward_app(store_world, "cecilia.dr", message)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        select = screen_of(app).query_one("#forward-to", Select)
        logins = [value for _prompt, value in select._options if isinstance(value, str)]
        assert logins == ["david.ssk"]  # Vc Herrhagen only, not cecilia herself
        text = screen_text(app)
        assert "Remiss" in text and "19121212-1212" in text


@run_async
async def test_forward_with_the_confirmation_reaches_the_personal_mailbox(
    store_world: World,
) -> None:
    message = store_world.send("anna.ssk", subject="Remiss")
    app = forward_app(store_world, "cecilia.dr", message)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "down", "enter")  # the colleagues' list is focused first
        screen = screen_of(app)
        assert screen.query_one("#forward-to", Select).value == "david.ssk"
        screen.query_one("#informed", Checkbox).value = True
        screen.query_one("#note", TextArea).text = "Kan du titta på detta?"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: bool(app.results))
    forwarded = app.results[0]
    assert isinstance(forwarded, MessageSummary)
    assert forwarded.kind == "forward"
    david = store_world.as_("david.ssk")
    page = david.folders.list_messages(personal_box(store_world, "david.ssk"), log=False)
    [copy] = page.items
    detail = david.folders.show(copy.id, mark_read=False)
    assert detail.forwarded_from is not None
    assert detail.forwarded_from.note == "Kan du titta på detta?"
    assert store_world.as_("cecilia.dr").drafts.list() == []


@run_async
async def test_without_the_confirmation_the_refusal_says_use_another_channel(
    store_world: World,
) -> None:
    message = store_world.send("anna.ssk")
    app = forward_app(store_world, "cecilia.dr", message)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        screen.query_one("#forward-to", Select).value = "david.ssk"
        screen.query_one("#note", TextArea).text = "Viktig anteckning"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.refusal is not None)
        assert screen.refusal is not None and screen.refusal.rule == "R13"
        assert "annan kanal" in screen_text(app)
        assert screen.query_one("#note", TextArea).text == "Viktig anteckning"
        await settle(pilot)
    assert app.results == []
    david = store_world.as_("david.ssk")
    assert (
        david.folders.list_messages(personal_box(store_world, "david.ssk"), log=False).items == ()
    )
    [draft] = store_world.as_("cecilia.dr").drafts.list()
    assert (draft.forward_of_id, draft.forward_to_login, draft.body) == (
        message,
        "david.ssk",
        "Viktig anteckning",
    )


@run_async
async def test_municipality_staff_forward_to_a_colleague_too(store_world: World) -> None:
    question = store_world.send("anna.ssk")
    answer = store_world.as_("cecilia.dr").messaging.reply(question, "Svar", not_acute=True).id
    app = forward_app(store_world, "anna.ssk", answer)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        select = screen.query_one("#forward-to", Select)
        logins = [value for _prompt, value in select._options if isinstance(value, str)]
        assert logins == ["bengt.ssk", "fia.chef"]
        select.value = "bengt.ssk"
        screen.query_one("#informed", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: bool(app.results))
    assert app.results[0].recipient == personal_box(store_world, "bengt.ssk")


@run_async
async def test_a_forward_draft_is_restored(store_world: World) -> None:
    message = store_world.send("anna.ssk")
    app = forward_app(store_world, "cecilia.dr", message)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        screen.query_one("#forward-to", Select).value = "david.ssk"
        screen.query_one("#note", TextArea).focus()
        await pilot.press(*"Hej")
        await pilot.press("escape")
        await wait_for(pilot, lambda: bool(app.results))
    [draft] = store_world.as_("cecilia.dr").drafts.list()
    app = forward_app(store_world, "cecilia.dr", message, draft_id=draft.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        assert screen.query_one("#forward-to", Select).value == "david.ssk"
        assert screen.query_one("#note", TextArea).text == "Hej"

"""Hostile text through compose, reply, the confirmation, refusals, forward and help.

Each string must be shown (nothing eaten), nothing may crash, and no ESC, C1 CSI, BEL or
bidi override may reach the terminal: the rendered segments are checked, not the widgets.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.widgets import Checkbox, Input, Select, TextArea

from fblmail.domain.safe_text import one_line, visible
from fblmail.tui.compose.confirm_send import ConfirmSendScreen
from fblmail.tui.compose.forward import ForwardScreen
from fblmail.tui.compose.screen import ComposeScreen
from fblmail.tui.help.screen import HelpScreen
from fblmail.tui.widgets.recipient_picker import RecipientPicker
from kit.people import HERRHAGEN, World
from kit.screens import FORBIDDEN, HOSTILE, HostApp, settle
from kit.tui import run_async, screen_text, wait_for

SUBJECT = " ".join(HOSTILE)



def assert_clean(app: App[Any]) -> str:
    """Nothing forbidden in what the terminal would get; returns the text."""
    text = screen_text(app)
    for char in FORBIDDEN:
        assert char not in text, f"{char!r} reached the terminal"
    return text


def assert_shown(text: str, *parts: str) -> None:
    flat = " ".join(text.split())
    for part in parts:
        assert " ".join(one_line(part).split()) in flat, f"{part!r} was eaten"


@run_async
async def test_hostile_text_in_a_reply_and_its_confirmation(store_world: World) -> None:
    question = store_world.send(
        "anna.ssk", subject=SUBJECT[:200], body="\n".join(HOSTILE), not_acute=True
    )
    app = HostApp(lambda: ComposeScreen(store_world.as_("cecilia.dr"), reply_to=question))
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        text = assert_clean(app)
        # The original's body is quoted, every line of it visible.
        assert_shown(text, "[TODO] x", "[@click=app.quit]x[/]", visible("\x1b[31m"))
        assert_shown(text, "[link='file:///etc/passwd']y[/link]", visible("\u202e"))
        screen = app.pushed
        assert isinstance(screen, ComposeScreen)
        body = screen.query_one("#body", TextArea)
        body.text = "\n".join(HOSTILE)  # as if pasted
        assert "\x1b" not in body.text and "\\x1b" in body.text
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        text = assert_clean(app)
        assert_shown(text, "[TODO] x", "[/", visible("\x9b31m"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.results))
        assert_clean(app)
    assert app.results[0].kind == "reply"


@run_async
async def test_hostile_text_in_a_refusal_and_its_notification(store_world: World) -> None:
    app = HostApp(lambda: ComposeScreen(store_world.as_("anna.ssk")))
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(pilot)
        screen = app.pushed
        assert isinstance(screen, ComposeScreen)
        for hostile in HOSTILE:
            # An unknown recipient: the service's refusal quotes what was typed.
            screen.query_one(RecipientPicker).input.value = hostile
            screen.query_one("#category", Select).value = "Recept"
            screen.query_one("#patient", Input).value = "19121212-1212"
            screen.query_one("#subject", Input).value = hostile
            screen.query_one("#body", TextArea).text = hostile
            screen.query_one("#no-coordination", Checkbox).value = True
            screen.refusal = None
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
            assert_shown(assert_clean(app), visible(hostile).strip() or "Till")
            await pilot.press("enter")
            await wait_for(pilot, lambda: screen.refusal is not None)
            await pilot.pause()
            text = assert_clean(app)
            assert "Det finns ingen brevlåda" in text
            if hostile.strip():
                assert_shown(text, visible(hostile))
            app.clear_notifications()
        assert screen.values().subject == visible(HOSTILE[-1])  # everything typed stays


@run_async
async def test_hostile_text_in_a_forward_note_and_its_refusal(store_world: World) -> None:
    message = store_world.send("anna.ssk", subject=SUBJECT[:200], to_fbl=HERRHAGEN)
    app = HostApp(lambda: ForwardScreen(store_world.as_("cecilia.dr"), message))
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(pilot)
        text = assert_clean(app)
        assert_shown(text, "[TODO] x", "[@click=app.quit]x[/]")
        screen = app.pushed
        assert isinstance(screen, ForwardScreen)
        screen.query_one("#forward-to", Select).value = "david.ssk"
        screen.query_one("#note", TextArea).text = "\n".join(HOSTILE)
        await pilot.press("ctrl+s")  # without the R13 confirmation
        await wait_for(pilot, lambda: screen.refusal is not None)
        await pilot.pause()
        text = assert_clean(app)
        assert "annan kanal" in text
        assert_shown(text, "[link='file:///etc/passwd']y[/link]", visible("\x1b]52;c;SGVsbG8=\x07"))


class HostileKeys(App[None]):
    """An app whose key descriptions are hostile (the help must show them as data)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(f"f{n}", "bell", text, tooltip=text, id=f"hostile.{n}")
        for n, text in enumerate(HOSTILE, start=2)
    ]

    def on_mount(self) -> None:
        self.push_screen(HelpScreen())


# The help reads the bindings of fblmail's own classes only.
HostileKeys.__module__ = "fblmail.tests.hostile"


@run_async
async def test_hostile_key_descriptions_in_the_help() -> None:
    app = HostileKeys()
    async with app.run_test(size=(160, 80)) as pilot:
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        text = assert_clean(app)
    assert_shown(text, "[TODO] x", "[/", "[@click=app.quit]x[/]", visible("\u202e"))
    assert app.return_code is None or app.return_code == 0

"""Worker errors have one handler: every screen derives from `FblScreen`, and an unexpected
exception while sending (compose, forward), printing or deleting a draft is shown in plain
words and leaves the form usable: the busy state is reset, Escape works and what was typed
stays (issue 9).

The fault is injected into the service call the screen makes (the store itself is a real
SQLite file); the exception's own text carries a personnummer, which must not be shown.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Select, TextArea

import fblmail.tui
from fblmail.service.mailboxes.drafts import DraftInput
from fblmail.tui.base import FblScreen
from fblmail.tui.compose.confirm_send import ConfirmSendScreen
from fblmail.tui.compose.draft_delete import DeleteDraftScreen
from fblmail.tui.compose.forward import ForwardScreen
from fblmail.tui.compose.screen import ComposeScreen
from fblmail.tui.printing.dialog import PrintDialog
from fblmail.tui.widgets.recipient_picker import RecipientPicker
from kit.people import HERRHAGEN, TOLVAN, World
from kit.screens import HostApp, seeded_world, settle
from kit.tui import run_async, wait_for

SECRET = "19121212-1212"
"""In the exception's text: an error message must never show it."""


def broken(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise RuntimeError(f"a bug somewhere, about {SECRET}")


@pytest.fixture
def store_world(tmp_path: Path) -> Iterator[World]:
    world = seeded_world(tmp_path)
    yield world
    world.store.engine.dispose()


def errors_shown(app: HostApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


def said_unexpected(app: HostApp) -> bool:
    return any("RuntimeError" in text for text in errors_shown(app))


def test_every_screen_of_the_app_derives_from_the_base_screen() -> None:
    for module in pkgutil.walk_packages(fblmail.tui.__path__, "fblmail.tui."):
        importlib.import_module(module.name)
    found: list[type] = []
    pending: list[type] = list(Screen.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("fblmail.tui.") and cls not in found:
            found.append(cls)
    assert len(found) > 10  # the scan saw the screens and dialogs
    strays = [f"{c.__module__}.{c.__qualname__}" for c in found if not issubclass(c, FblScreen)]
    assert strays == []


@run_async
async def test_compose_an_unexpected_error_while_sending_leaves_the_form_usable(
    store_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = store_world.as_("anna.ssk")
    monkeypatch.setattr(anna.messaging, "send", broken)
    app = HostApp(lambda: ComposeScreen(anna))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.pushed
        assert isinstance(screen, ComposeScreen)
        screen.query_one(RecipientPicker).choose(HERRHAGEN)
        screen.query_one("#category", Select).value = "Frågeställning"
        screen.query_one("#patient", Input).value = TOLVAN
        screen.query_one("#subject", Input).value = "Fråga om läkemedelslista"
        screen.query_one("#body", TextArea).text = "Stämmer listan?"
        screen.query_one("#no-coordination", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: said_unexpected(app))
        await settle(pilot)
        assert not screen.sending
        assert app.screen is screen
        assert not any(SECRET in text for text in errors_shown(app))
        assert screen.query_one("#subject", Input).value == "Fråga om läkemedelslista"
        assert screen.query_one("#body", TextArea).text == "Stämmer listan?"
        await pilot.press("escape")  # not ignored: back, and what was typed is a draft
        await wait_for(pilot, lambda: bool(app.results))
    assert app.results == [None]
    [draft] = anna.drafts.list()
    assert (draft.subject, draft.body) == ("Fråga om läkemedelslista", "Stämmer listan?")


@run_async
async def test_forward_an_unexpected_error_leaves_the_form_usable(
    store_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = store_world.send("anna.ssk", subject="Remiss")
    cecilia = store_world.as_("cecilia.dr")
    monkeypatch.setattr(cecilia.messaging, "forward", broken)
    app = HostApp(lambda: ForwardScreen(cecilia, message))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.pushed
        assert isinstance(screen, ForwardScreen)
        screen.query_one("#forward-to", Select).value = "david.ssk"
        screen.query_one("#informed", Checkbox).value = True
        screen.query_one("#note", TextArea).text = "Kan du titta på detta?"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: said_unexpected(app))
        await settle(pilot)
        assert not screen.sending
        assert not any(SECRET in text for text in errors_shown(app))
        assert screen.query_one("#note", TextArea).text == "Kan du titta på detta?"
        await pilot.press("escape")
        await wait_for(pilot, lambda: bool(app.results))
    assert app.results == [None]
    [draft] = cecilia.drafts.list()
    assert draft.body == "Kan du titta på detta?"


@run_async
async def test_print_dialog_an_unexpected_error_leaves_the_dialog_usable(
    store_world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    message = store_world.send("anna.ssk")
    anna = store_world.as_("anna.ssk")
    monkeypatch.setattr(anna.printing, "print_message", broken)
    app = HostApp(lambda: PrintDialog(anna, message, folder=tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        dialog = app.pushed
        assert isinstance(dialog, PrintDialog)
        output = dialog.query_one("#print-output", Input)
        output.value = str(tmp_path / "mitt-underlag.pdf")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: said_unexpected(app))
        await pilot.pause()
        assert not dialog.busy
        assert app.screen is dialog
        assert output.value == str(tmp_path / "mitt-underlag.pdf")
        assert not any(SECRET in text for text in errors_shown(app))
        await pilot.press("escape")  # not ignored
        await wait_for(pilot, lambda: bool(app.results))
    assert app.results == [None]
    assert not (tmp_path / "mitt-underlag.pdf").exists()


@run_async
async def test_deleting_a_draft_an_unexpected_error_leaves_the_question_usable(
    store_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    anna = store_world.as_("anna.ssk")
    draft = anna.drafts.save(DraftInput(subject="Utkast om Waran", body="Dosen?"))
    monkeypatch.setattr(anna.drafts, "discard", broken)
    app = HostApp(lambda: DeleteDraftScreen(anna, draft))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        dialog = app.pushed
        assert isinstance(dialog, DeleteDraftScreen)
        await pilot.press("enter")
        await wait_for(pilot, lambda: said_unexpected(app))
        await pilot.pause()
        assert not dialog.busy
        assert not any(SECRET in text for text in errors_shown(app))
        await pilot.press("escape")  # not ignored: the draft is kept
        await wait_for(pilot, lambda: bool(app.results))
    assert app.results == [False]
    assert [d.subject for d in anna.drafts.list()] == ["Utkast om Waran"]

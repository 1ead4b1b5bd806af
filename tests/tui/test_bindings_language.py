"""Every key of every screen speaks the language chosen at start-up, and has an id.

Bindings are class attributes built at import, often before `--lang` is known; `key()`
remembers both languages and `localise_bindings()` (run when the app starts) puts them in
the current one. A screen that built `Binding(..., tr(...))` itself kept its Swedish words
in an English app (issue 12: compose, forward, confirm-send, the recipient picker ...).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

import fblmail.tui
from fblmail.i18n import set_language
from fblmail.tui import bindings
from fblmail.tui.screens.compose import ComposeScreen
from fblmail.tui.screens.confirm_send import ConfirmSendScreen
from fblmail.tui.screens.forward import ForwardScreen
from kit.tui import SIZE, AppFactory, ready, run_async, screen_text, type_text, wait_for

SOURCE = str(Path(fblmail.tui.__file__).parent)


def _declared() -> list[tuple[str, object]]:
    """(class name, entry) for every `BINDINGS` entry declared by an fblmail class."""
    for module in pkgutil.walk_packages(fblmail.tui.__path__, "fblmail.tui."):
        importlib.import_module(module.name)
    found: list[tuple[str, object]] = []
    pending = list(DOMNode.__subclasses__())
    seen: set[type] = set()
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        # By file, not module name: a test's own App subclasses are not fblmail's.
        source = getattr(sys.modules.get(cls.__module__), "__file__", None) or ""
        if cls in seen or not source.startswith(SOURCE):
            continue
        seen.add(cls)
        found += [(cls.__qualname__, b) for b in cls.__dict__.get("BINDINGS", [])]
    return found


def test_every_binding_has_an_id_and_both_languages() -> None:
    declared = _declared()
    assert len(declared) > 50  # the scan saw the screens
    for owner, binding in declared:
        assert isinstance(binding, Binding), (owner, binding)
        assert binding.id, (owner, binding.key, binding.action)
        assert binding.id in bindings._TEXTS, f"{owner}: {binding.id} is not made with key()"


def _binding(cls: type, binding_id: str) -> Binding:
    declared: list[Binding] = cls.__dict__["BINDINGS"]
    return next(b for b in declared if b.id == binding_id)


def test_a_yes_key_follows_the_language() -> None:
    try:
        set_language("en")
        bindings.localise_bindings()
        confirm = _binding(ConfirmSendScreen, "confirm_send.confirm")
        assert (confirm.key, confirm.description) == ("enter,y", "Send")
        set_language("sv")
        bindings.localise_bindings()
        confirm = _binding(ConfirmSendScreen, "confirm_send.confirm")
        assert (confirm.key, confirm.description) == ("enter,j", "Skicka")
    finally:
        set_language("sv")
        bindings.localise_bindings()


def _shown(app: object) -> set[str]:
    screen = app.screen  # type: ignore[attr-defined]
    return {b.binding.description for b in screen.active_bindings.values()}


@run_async
async def test_compose_forward_and_confirm_speak_english(make_app: AppFactory) -> None:
    make_app(lang="sv")  # every module is imported in Swedish first
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, ForwardScreen))
        await pilot.pause()
        assert {"Forward", "Back"} <= _shown(app), _shown(app)
        assert "Vidarebefordra" not in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ForwardScreen))
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ComposeScreen))
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        await wait_for(pilot, lambda: compose.setup is not None)
        await pilot.pause()
        assert {"Send", "Editor", "Back"} <= _shown(app), _shown(app)
        assert not {"Skicka", "Tillbaka", "Nästa fält"} & _shown(app)
        footer = screen_text(app).splitlines()[-1]
        assert "Send" in footer and "Skicka" not in footer, footer
        await type_text(pilot, "Answer")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmSendScreen))
        await pilot.pause()
        assert {"Send", "Back"} <= _shown(app), _shown(app)
        await pilot.press("y")  # yes, in English
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmSendScreen))
    assert app.messenger is not None
    assert app.messenger.folders.thread(compose.reply_to)[-1].body == "Answer"  # type: ignore[arg-type]

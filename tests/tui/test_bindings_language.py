"""Every key of every screen speaks the language chosen at start-up, and has an id.

Bindings are class attributes made at import, often before `--lang` is known; `key()`
records both languages and `build_bindings(lang)` (run when the app starts) builds them in
the chosen one. A screen that built `Binding(..., tr(...))` itself kept its Swedish words
in an English app (issue 12: compose, forward, confirm-send, the recipient picker ...).
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

import fblmail.tui
from fblmail.tui import bindings
from fblmail.tui.compose.confirm_send import ConfirmSendScreen
from fblmail.tui.compose.forward import ForwardScreen
from fblmail.tui.compose.screen import ComposeScreen
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
        assert bindings.words_of(binding.id), f"{owner}: {binding.id} is not made with key()"


def _binding(cls: type, binding_id: str) -> Binding:
    declared: list[Binding] = cls.__dict__["BINDINGS"]
    return next(b for b in declared if b.id == binding_id)


def test_a_yes_key_follows_the_language() -> None:
    try:
        bindings.build_bindings("en")
        confirm = _binding(ConfirmSendScreen, "confirm_send.confirm")
        assert (confirm.key, confirm.description) == ("enter,y", "Send")
        bindings.build_bindings("sv")
        confirm = _binding(ConfirmSendScreen, "confirm_send.confirm")
        assert (confirm.key, confirm.description) == ("enter,j", "Skicka")
    finally:
        bindings.build_bindings("sv")


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
    assert app.services.messenger().folders.thread(compose.reply_to)[-1].body == "Answer"  # type: ignore[arg-type]


def test_bindings_are_built_in_the_language_chosen_at_start_up() -> None:
    # A fresh interpreter: the app starts in English while the process-wide language is
    # still Swedish, and a screen's module is imported only afterwards (as when it is first
    # opened). Its keys follow the choice made at start-up, not the moment of import.
    script = textwrap.dedent(
        """
        import sys
        from fblmail.settings import Settings
        from fblmail.tui.app import FblApp
        from fblmail.tui.inbox.screen import InboxScreen
        app = FblApp(Settings(database_url="sqlite:////nonexistent/x.db", user="x", lang="en"))
        assert "fblmail.tui.duty.history" not in sys.modules
        from fblmail.tui.duty.history import HistoryScreen
        print(HistoryScreen.BINDINGS[0].description)
        print(next(b.description for b in InboxScreen.BINDINGS if b.id == "inbox.compose"))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["Back", "Compose"]

"""The app's code by feature, without circles (issue 9, item 4).

* No import circle among `fblmail.tui` modules. The graph is grimp's (import-linter's own
  engine), with every import counted: module level, inside functions (the lazy imports that
  keep start-up fast) and under `TYPE_CHECKING`. A circle is a strongly connected component
  of more than one module (Tarjan's algorithm).
* No module in `tui/` over 400 lines.
* The app class stays small: screens, keys and commands; the state and services are in
  `FblShell`.
* No module of the app but the app, the shell and the `Services` holder reaches the
  service layer through the app: screens, dialogs and helpers use what they were given.
* No screen derives from another screen of ours: each has `FblScreen` or `FblModalScreen`
  as its direct base and owns collaborators for its parts (the inbox's `Finder`, `Tagger`,
  `Preview`, `MessageActions`; the reader's `ThreadPager`), with the exceptions named below.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import grimp
from textual.screen import Screen

import fblmail.tui
from fblmail.tui.app import FblApp
from fblmail.tui.base import FblModalScreen, FblScreen
from kit.imports import import_circles

TUI = Path(fblmail.tui.__file__).parent

MAY_REACH_THE_SERVICE = {"app.py", "shell.py", "services.py"}
"""The app, its shell and the holder: the only modules that load or hold the service."""

SERVICE_ON_THE_APP = {"messenger", "inbox", "services", "settings", "clock", "service_ready"}
"""What an app (or a screen's `app`) would be asked for to reach the store."""

NEVER = {"require_messenger", "fbl_app", "load_service"}
"""The old ways in, gone from every module (a new use of them fails the test)."""


def _is_the_app(node: ast.expr) -> bool:
    """`app`, `self.app`, `self.screen.app`, `self.fbl_app`, `cast(..., self.app)` ..."""
    if isinstance(node, ast.Name):
        return node.id in ("app", "fbl_app")
    if isinstance(node, ast.Attribute):
        return node.attr in ("app", "fbl_app")
    if isinstance(node, ast.Call):  # `context.app()`, `cast(FblShell, self.app)`
        return _is_the_app(node.func) or any(_is_the_app(arg) for arg in node.args)
    return False


def _reaches(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):  # self.fbl_app.require_messenger, self.app.messenger
        return node.attr in NEVER or (node.attr in SERVICE_ON_THE_APP and _is_the_app(node.value))
    return (  # getattr(app, "messenger", None)
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("getattr", "hasattr")
        and len(node.args) >= 2
        and _is_the_app(node.args[0])
        and isinstance(node.args[1], ast.Constant)
        and node.args[1].value in SERVICE_ON_THE_APP | NEVER
    )


def service_reached_through_the_app(source: str) -> list[str]:
    """Each place in `source` that reaches the service through the app, as `line: text`."""
    return [
        f"{node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute | ast.Call) and _reaches(node)
    ]


def _our_screen_classes() -> list[type]:
    for module in pkgutil.walk_packages(fblmail.tui.__path__, "fblmail.tui."):
        importlib.import_module(module.name)
    found: list[type] = []
    pending: list[type] = list(Screen.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("fblmail.tui.") and cls not in found:
            found.append(cls)
    return found


SCREEN_CHAINS_LEFT = {
    # The compose and forward forms share the draft-keeping lifecycle (autosave, Escape
    # keeps the draft, the last save on the way out, the exit guard) through an abstract
    # base that is never pushed on its own; it hooks into mount, blur, unmount and the
    # busy state, so turning it into a collaborator is a change of its own.
    "fblmail.tui.compose.screen.ComposeScreen": "fblmail.tui.compose.draft_screen.DraftScreen",
    "fblmail.tui.compose.forward.ForwardScreen": "fblmail.tui.compose.draft_screen.DraftScreen",
}
"""Screens that still derive from another screen of ours: screen → its base."""


def test_no_import_circle_in_the_app() -> None:
    graph = grimp.build_graph("fblmail", cache_dir=None)  # TYPE_CHECKING imports included
    assert len([m for m in graph.modules if m.startswith("fblmail.tui.")]) > 50
    assert import_circles(graph, "fblmail.tui") == []


def test_no_module_of_the_app_over_400_lines() -> None:
    sizes = {
        str(path.relative_to(TUI)): len(path.read_text("utf-8").splitlines())
        for path in TUI.rglob("*.py")
    }
    assert len(sizes) > 50
    assert {name: n for name, n in sizes.items() if n > 400} == {}


def test_the_app_class_is_small() -> None:
    own = [name for name, value in vars(FblApp).items() if inspect.isfunction(value)]
    assert len(own) <= 15, own
    assert len(inspect.getsource(FblApp).splitlines()) <= 150


def test_only_the_app_reaches_the_service_through_the_app() -> None:
    reached = {
        str(path.relative_to(TUI)): found
        for path in sorted(TUI.rglob("*.py"))
        if str(path.relative_to(TUI)) not in MAY_REACH_THE_SERVICE
        and (found := service_reached_through_the_app(path.read_text("utf-8")))
    }
    assert reached == {}


def test_the_scan_sees_the_old_ways_in() -> None:
    for line in (
        "self.fbl_app.require_messenger().folders",
        "self.app.messenger",
        "app.inbox.search(text, 5)",
        "cast(FblShell, self.app).clock()",
        "getattr(app, 'messenger', None)",
        "self.screen.app.settings.mark_read",
        "self.context.app().services.messenger()",
    ):
        assert service_reached_through_the_app(line), line
    for line in ("self.services.messenger()", "messenger.clock()", "self.app.push_screen(s)"):
        assert not service_reached_through_the_app(line), line


def test_no_screen_derives_from_another_screen_of_ours() -> None:
    screens = _our_screen_classes()
    assert len(screens) > 10  # the scan saw the screens and dialogs
    ours = {FblScreen, FblModalScreen}
    chains = {
        f"{cls.__module__}.{cls.__qualname__}": f"{base.__module__}.{base.__qualname__}"
        for cls in screens
        if cls not in ours
        for base in cls.__bases__
        if issubclass(base, Screen) and base.__module__.startswith("fblmail.") and base not in ours
    }
    assert chains == SCREEN_CHAINS_LEFT

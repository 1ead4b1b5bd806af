"""The app's code by feature, without circles (issue 9, item 4).

* No import circle among `fblmail.tui` modules. The graph is grimp's (import-linter's own
  engine), with every import counted: module level, inside functions (the lazy imports that
  keep start-up fast) and under `TYPE_CHECKING`. A circle is a strongly connected component
  of more than one module (Tarjan's algorithm).
* No module in `tui/` over 400 lines.
* The app class stays small: screens, keys and commands; the state and services are in
  `FblShell`.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import grimp

import fblmail.tui
from fblmail.tui.app import FblApp
from kit.imports import import_circles

TUI = Path(fblmail.tui.__file__).parent




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

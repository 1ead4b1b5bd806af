"""The house plan of issue 9, checked on the whole source tree (the app's own parts are in
tests/tui/test_tui_layout.py; the layer contracts are import-linter's, in pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

import grimp

import fblmail
from kit.imports import import_circles

SRC = Path(fblmail.__file__).parent
FROZEN = "store/migrations/versions/"
"""Alembic revisions are records of what a store went through: never edited, never split."""


def test_no_import_circle_anywhere_in_the_package() -> None:
    graph = grimp.build_graph("fblmail", cache_dir=None)  # imports in functions included
    assert len(graph.modules) > 150
    assert import_circles(graph, "fblmail") == []


def test_no_source_module_over_400_lines() -> None:
    sizes = {
        str(path.relative_to(SRC)): len(path.read_text("utf-8").splitlines())
        for path in SRC.rglob("*.py")
        if FROZEN not in str(path.relative_to(SRC))
    }
    assert len(sizes) > 150
    assert {name: n for name, n in sizes.items() if n > 400} == {}

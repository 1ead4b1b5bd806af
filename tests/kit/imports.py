"""Import circles in the package's import graph (grimp's, as import-linter builds it)."""

from __future__ import annotations

import grimp


def import_circles(graph: grimp.ImportGraph, prefix: str) -> list[list[str]]:
    """Every group of `prefix` modules that import each other (Tarjan's algorithm)."""
    modules = sorted(m for m in graph.modules if m == prefix or m.startswith(prefix + "."))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan; the graph is small, recursion is fine
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if not imported.startswith(prefix):
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    return found

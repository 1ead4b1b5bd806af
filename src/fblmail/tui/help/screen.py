"""The help screen (`?` / F1): every key, read from the bindings themselves, and the routine.

The key table is built when the screen opens from the `BINDINGS` of fblmail's own screen,
widget and app classes, with the user's keymap applied, so it cannot drift from what the
keys really do. The screens the user came through come first; the other screens follow.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer, Static

from fblmail.i18n import tr
from fblmail.tui import safe
from fblmail.tui.base import FblScreen
from fblmail.tui.bindings import key
from fblmail.tui.help.text import GENERAL_KEYS, routine_rows

__all__ = ["HelpScreen", "KeyRow", "help_sections"]

KEY_WIDTH = 18


@dataclass(frozen=True)
class KeyRow:
    """One action and every key that triggers it."""

    keys: tuple[str, ...]
    description: str
    tooltip: str = ""


def _ours(cls: type) -> bool:
    return cls.__module__.startswith("fblmail.")


def _own_bindings(cls: type) -> BindingsMap:
    """The bindings declared by fblmail classes in `cls`'s hierarchy (not Textual's own)."""
    declared: list[Binding | tuple[str, ...]] = []
    for klass in reversed(cls.__mro__):
        if _ours(klass) and "BINDINGS" in klass.__dict__:
            declared.extend(klass.__dict__["BINDINGS"])
    return BindingsMap(declared)  # type: ignore[arg-type]


def _rows(app: App[Any], cls: type) -> list[KeyRow]:
    bindings = _own_bindings(cls)
    # The user's keymap (binding id -> keys); Textual keeps it on the app, applied per key
    # press, so the help applies it the same way to stay truthful after remapping.
    keymap = app._keymap
    if keymap:
        bindings.apply_keymap(keymap)
    grouped: dict[tuple[str, str], list[str]] = {}
    tooltips: dict[tuple[str, str], str] = {}
    for key_bindings in bindings.key_to_bindings.values():
        for binding in key_bindings:
            if not binding.description or binding.system:
                continue
            group = (binding.action, binding.description)
            display = app.get_key_display(binding)
            keys = grouped.setdefault(group, [])
            if display not in keys:
                keys.append(display)
            tooltips.setdefault(group, binding.tooltip)
    return [
        KeyRow(tuple(keys), description, tooltips[(action, description)])
        for (action, description), keys in grouped.items()
    ]


def _title(cls: type) -> str:
    """A screen's heading: `HELP_TITLE` as (Swedish, English) or text, else its title."""
    title = getattr(cls, "HELP_TITLE", "") or getattr(cls, "TITLE", "") or ""
    if isinstance(title, tuple):
        return tr(*title)
    return str(title) or cls.__name__.removesuffix("Screen")


def _import_screens() -> None:
    """Import every screen module, so the help lists the same screens whatever was opened
    before (a screen is otherwise only imported when first used)."""
    import fblmail.tui

    for module in pkgutil.walk_packages(fblmail.tui.__path__, "fblmail.tui."):
        if not module.ispkg:
            importlib.import_module(module.name)


def _screen_classes() -> list[type[Screen[object]]]:
    found: list[type[Screen[object]]] = []
    pending: list[type] = list(Screen.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if _ours(cls) and cls is not HelpScreen and cls not in found:
            found.append(cls)
    return sorted(found, key=lambda c: (c.__module__, c.__name__))


def _widget_classes(node: DOMNode) -> list[type]:
    classes: list[type] = []
    for child in node.walk_children(with_self=False):
        cls = type(child)
        if _ours(cls) and cls not in classes:
            classes.append(cls)
    return classes


def help_sections(app: App[Any]) -> list[tuple[str, list[KeyRow]]]:
    """(section title, rows): the screens in the stack first, then the others, then global."""
    _import_screens()

    sections: list[tuple[str, list[KeyRow]]] = []
    seen: set[type] = set()

    def add(title: str, classes: Iterable[type]) -> None:
        rows: list[KeyRow] = []
        for cls in classes:
            if cls in seen:
                continue
            seen.add(cls)
            rows.extend(r for r in _rows(app, cls) if r not in rows)
        if rows:
            sections.append((title, rows))

    stack = [s for s in reversed(app.screen_stack) if not isinstance(s, HelpScreen)]
    for screen in stack:
        cls = type(screen)
        add(_title(cls), [cls, *_widget_classes(screen)])
    for cls in _screen_classes():
        add(_title(cls), [cls, *getattr(cls, "HELP_WIDGETS", ())])
    general = [
        KeyRow((app.get_key_display(Binding(k, "")),), tr(sv, en)) for k, sv, en in GENERAL_KEYS
    ]
    app_rows = [r for cls in [type(app)] if cls not in seen for r in _rows(app, cls)]
    sections.append((tr("Överallt", "Everywhere"), app_rows + general))
    return sections


def _hanging(head: Content, text: Content, indent: int, width: int | None) -> list[Content]:
    """`head` then `text`, wrapped to `width` with continuation lines under the text."""
    if width is None or width <= indent + 10:
        return [head + text]
    wrapped = text.wrap(width - indent)
    return [head + wrapped[0], *(Content(" " * indent) + rest for rest in wrapped[1:])]


def _render(sections: list[tuple[str, list[KeyRow]]], width: int | None = None) -> Content:
    lines: list[Content] = []
    for title, rows in sections:
        lines.append(Content.styled(title, "bold $accent"))
        for row in rows:
            keys = ", ".join(row.keys)
            text = safe.line(row.description)
            if row.tooltip and row.tooltip != row.description:
                text = text + Content.styled(f" – {row.tooltip}", "dim")
            head = Content.styled(f"  {keys:<{KEY_WIDTH}}", "bold")
            lines.extend(_hanging(head, text, head.cell_length, width))
        lines.append(Content(""))
    lines.append(Content.styled(tr("Rutinen i korthet", "The routine in short"), "bold $accent"))
    for rule, words in routine_rows():
        lines.extend(_hanging(Content.styled(f"  {rule:<5}", "bold"), Content(words), 7, width))
    return Content("\n").join(lines)


class HelpScreen(FblScreen[None]):
    """Every key of the app and the routine's rules in one line each."""

    CSS_PATH = "help.tcss"
    HELP_TITLE = ("Hjälp", "Help")

    BINDINGS: ClassVar[list[BindingType]] = [
        key("escape,q,question_mark,f1", "close", "Stäng", "Close", "Stäng hjälpen",
            "Close the help", id="help.close"),
        key("j,down", "scroll_down", "Rulla ned", "Scroll down", "En rad ned", "One line down",
            id="help.down", show=False),
        key("k,up", "scroll_up", "Rulla upp", "Scroll up", "En rad upp", "One line up",
            id="help.up", show=False),
        key("space,pagedown", "page_down", "Sida ned", "Page down", id="help.page_down",
            show=False),
        key("b,pageup", "page_up", "Sida upp", "Page up", id="help.page_up", show=False),
        key("g,home", "top", "Början", "Top", id="help.top", show=False),
        key("G,end", "bottom", "Slutet", "End", id="help.bottom", show=False),
    ]

    def compose(self) -> ComposeResult:
        """The title, the keys and the routine (built from the live bindings)."""
        yield Static(
            Content.styled(
                tr(
                    "Hjälp – tangenter och rutinen i korthet",
                    "Help – keys and the routine in short",
                ),
                "bold",
            ),
            id="help-title",
        )
        with VerticalScroll(id="help-body"):
            yield Static(_render(help_sections(self.app)), id="help-text")
        yield Footer()

    def on_mount(self) -> None:
        """Scroll with the arrow keys at once."""
        self.query_one("#help-body").focus()
        self.call_after_refresh(self._rewrap)

    def on_resize(self) -> None:
        """Wrap long lines under their text (not under the keys) at the new width."""
        self.call_after_refresh(self._rewrap)

    def _rewrap(self) -> None:
        width = self._body().scrollable_content_region.width
        if width > 0 and width != getattr(self, "_wrapped_at", None):
            self._wrapped_at = width
            self.query_one("#help-text", Static).update(_render(help_sections(self.app), width))

    def action_close(self) -> None:
        """Back to where help was opened."""
        self.dismiss(None)

    def _body(self) -> VerticalScroll:
        return self.query_one("#help-body", VerticalScroll)

    def action_scroll_down(self) -> None:
        """One line down."""
        self._body().scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        """One line up."""
        self._body().scroll_up(animate=False)

    def action_page_down(self) -> None:
        """A screenful down."""
        self._body().scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        """A screenful up."""
        self._body().scroll_page_up(animate=False)

    def action_top(self) -> None:
        """The beginning."""
        self._body().scroll_home(animate=False)

    def action_bottom(self) -> None:
        """The end."""
        self._body().scroll_end(animate=False)

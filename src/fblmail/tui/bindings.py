"""Key bindings that speak the user's language, whenever their module was imported.

`BINDINGS` are class attributes, built when a module is imported, and a module may well be
imported before `--lang` is known (tests, the help screen importing every screen). So every
binding made with `key(...)` remembers both languages under its id, and `localise_bindings()`
(called by the app when it starts) rewrites the descriptions and tooltips of every fblmail
class's bindings in the current language and merges them again. A binding whose keys
differ by language (Enter or `j` for "ja", Enter or `y` for "yes") names both with `keys_en`.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from fblmail.i18n import tr

__all__ = ["key", "localise_bindings"]

_TEXTS: dict[str, tuple[str, str, str, str]] = {}
"""Binding id → (Swedish description, English description, Swedish tooltip, English tooltip)."""

_KEYS: dict[str, tuple[str, str]] = {}
"""Binding id → (Swedish keys, English keys), for the few bindings whose keys are words."""


def key(
    keys: str,
    action: str,
    sv: str,
    en: str,
    tip_sv: str = "",
    tip_en: str = "",
    *,
    id: str,
    show: bool = True,
    priority: bool = False,
    keys_en: str | None = None,
) -> Binding:
    """A `Binding` with an id (for the keymap) whose words follow the language.

    `keys_en`: other keys in English, for a key that stands for a word (j/y for yes).
    """
    _TEXTS[id] = (sv, en, tip_sv, tip_en)
    if keys_en is not None:
        _KEYS[id] = (keys, keys_en)
        keys = tr(keys, keys_en)
    return Binding(
        keys, action, tr(sv, en), show=show, tooltip=tr(tip_sv, tip_en), id=id, priority=priority
    )


def _ours(cls: type) -> bool:
    return cls.__module__.startswith("fblmail.")


def _classes() -> list[type[DOMNode]]:
    found: list[type[DOMNode]] = []
    pending: list[type[DOMNode]] = list(DOMNode.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if _ours(cls) and cls not in found:
            found.append(cls)
    return found


def localise_bindings() -> None:
    """Put every known binding of fblmail's classes into the current language."""
    classes = _classes()
    for cls in classes:
        declared = cls.__dict__.get("BINDINGS")
        if not isinstance(declared, list):
            continue
        for number, binding in enumerate(declared):
            if isinstance(binding, Binding) and binding.id in _TEXTS:
                sv, en, tip_sv, tip_en = _TEXTS[binding.id]
                keys_sv, keys_en = _KEYS.get(binding.id, (binding.key, binding.key))
                declared[number] = replace(
                    binding,
                    key=tr(keys_sv, keys_en),
                    description=tr(sv, en),
                    tooltip=tr(tip_sv, tip_en),
                )
    for cls in classes:
        cls._merged_bindings = cls._merge_bindings()

"""Key bindings built at start-up in the language the user chose.

`BINDINGS` are class attributes, made when a module is imported, and a module is often
imported before `--lang` is known (tests, the help screen importing every screen, the
start-up path itself). So a binding's words are not chosen at import: `key(...)` records
both languages under the binding's id and returns a placeholder `Binding`, and
`build_bindings(lang)` (called by the app when it starts, with the settings' language)
builds every fblmail class's bindings in that language and merges them again. A class
imported later (screens are imported when first opened) is built by `key()` in the
language chosen at start-up, so no binding depends on when its module was imported. A
binding whose keys differ by language (Enter or `j` for "ja", Enter or `y` for "yes")
names both with `keys_en`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.binding import Binding
from textual.dom import DOMNode

__all__ = ["build_bindings", "key"]


@dataclass(frozen=True)
class KeyWords:
    """A binding's keys and words in both languages."""

    keys_sv: str
    keys_en: str
    sv: str
    en: str
    tip_sv: str
    tip_en: str

    def built(self, binding: Binding, lang: str) -> Binding:
        """`binding` with its keys, description and tooltip in `lang`."""
        en = lang == "en"
        return replace(
            binding,
            key=self.keys_en if en else self.keys_sv,
            description=self.en if en else self.sv,
            tooltip=self.tip_en if en else self.tip_sv,
        )


_WORDS: dict[str, KeyWords] = {}
"""Binding id → its keys and words in both languages."""

_chosen: str = "sv"
"""The language of the last `build_bindings` (Swedish until the app has started)."""


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
    """A `Binding` with an id (for the keymap) whose words are chosen at start-up.

    `keys_en`: other keys in English, for a key that stands for a word (j/y for yes).
    """
    words = KeyWords(keys, keys_en or keys, sv, en, tip_sv, tip_en)
    _WORDS[id] = words
    return words.built(Binding(keys, action, sv, show=show, id=id, priority=priority), _chosen)


def words_of(binding_id: str) -> KeyWords | None:
    """Both languages of a binding made with `key()` (None for any other binding)."""
    return _WORDS.get(binding_id)


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


def build_bindings(lang: str) -> None:
    """Build every known binding of fblmail's classes in `lang` ("sv" or "en").

    Called once when the app starts, before any widget copies its class's bindings; classes
    imported afterwards are built in the same language by `key()`.
    """
    global _chosen
    _chosen = "en" if lang == "en" else "sv"
    classes = _classes()
    for cls in classes:
        declared = cls.__dict__.get("BINDINGS")
        if not isinstance(declared, list):
            continue
        for number, binding in enumerate(declared):
            words = _WORDS.get(binding.id or "") if isinstance(binding, Binding) else None
            if isinstance(binding, Binding) and words is not None:
                declared[number] = words.built(binding, _chosen)
    for cls in classes:
        cls._merged_bindings = cls._merge_bindings()

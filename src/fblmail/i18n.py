"""Swedish first, English available: `tr("Inkorg", "Inbox")` picks by the current language.

The language is set once at start-up (`--lang` / FBLMAIL_LANG / config). Texts live next to
the code that shows them, as (sv, en) pairs, so a screen and its words change together.
"""

from __future__ import annotations

_language = "sv"


def set_language(lang: str) -> None:
    """Choose "sv" or "en" for every later `tr` call."""
    global _language
    _language = "en" if lang == "en" else "sv"


def language() -> str:
    """The current language code."""
    return _language


def tr(sv: str, en: str) -> str:
    """The text in the current language."""
    return en if _language == "en" else sv

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


def plural(count: int, sv_one: str, sv_many: str, en_one: str, en_many: str) -> str:
    """`count` and the noun in the current language, singular for exactly one.

    `plural(1, "träff", "träffar", "hit", "hits")` → "1 träff"; 50 → "50 träffar".
    """
    one = count == 1
    return f"{count} {tr(sv_one if one else sv_many, en_one if one else en_many)}"


def quoted(text: str) -> str:
    """`text` in the current language's quotation marks: ”…” in Swedish, “…” in English.

    One form for every quoted subject, search or title in the app and the CLI (never guillemets).
    """
    return tr(f"”{text}”", f"“{text}”")

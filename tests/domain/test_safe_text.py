"""User text shown as data: control and format characters as visible escapes."""

from __future__ import annotations

import random
import unicodedata

import pytest

from fblmail.domain.safe_text import one_line, visible


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("", ""),
        ("Hej! Läkemedelslista bifogas.", "Hej! Läkemedelslista bifogas."),
        ("rad 1\nrad 2\tkolumn", "rad 1\nrad 2\tkolumn"),
        ("\x1b[31mröd\x1b[0m", "\\x1b[31mröd\\x1b[0m"),
        ("a\x00b", "a\\x00b"),
        ("a\rb", "a\\x0db"),
        ("a\r\nb", "a\\x0d\nb"),
        ("\x07\x08\x0b\x0c\x1f", "\\x07\\x08\\x0b\\x0c\\x1f"),
        ("del\x7f", "del\\x7f"),
        ("\x80\x85\x9b\x9f", "\\x80\\x85\\x9b\\x9f"),
        ("\u202eevil", "\\u202eevil"),
        ("\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),
        ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
        ("\u200b\u200c\u200d\u200e\u200f", "\\u200b\\u200c\\u200d\\u200e\\u200f"),
        ("\ufeffBOM", "\\ufeffBOM"),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
        ("soft\u00adhyphen", "soft\\u00adhyphen"),
        ("\u061c\u2060", "\\u061c\\u2060"),
        ("tag\U000e0001\U000e0041", "tag\\U000e0001\\U000e0041"),
        ("\U0001d173music", "\\U0001d173music"),
        ("lone \udc80 surrogate", "lone \\udc80 surrogate"),
        # Characters that look odd but cannot hurt are left alone.
        ("åäö ÅÄÖ é ü ß", "åäö ÅÄÖ é ü ß"),
        ("\u00a0nbsp\u2003em", "\u00a0nbsp\u2003em"),
        ("emoji 😀 👍🏽", "emoji 😀 👍🏽"),
        ("𝟏𝟐 𠀀", "𝟏𝟐 𠀀"),
        ("\ue000private", "\ue000private"),
        ("a\u0301", "a\u0301"),
        # A literal backslash stays as it is (see the module docstring).
        ("C:\\x1b\\temp", "C:\\x1b\\temp"),
    ],
)
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_visible_returns_the_same_object_for_clean_text() -> None:
    text = "Ingen kontrolltext här, bara åäö.\n"
    assert visible(text) is text


def test_visible_escapes_every_control_and_format_character() -> None:
    for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]:
        char = chr(code)
        if char in "\n\t":
            continue
        assert visible(char) == f"\\x{code:02x}"
    for code in range(0xA0, 0x10000):
        char = chr(code)
        category = unicodedata.category(char)
        if category in ("Cf", "Zl", "Zp", "Cs"):
            assert visible(char) == f"\\u{code:04x}", hex(code)
        elif category != "Cc":
            assert visible(char) == char, hex(code)


def test_visible_output_is_printable() -> None:
    text = "".join(chr(code) for code in range(0x20)) + "\x7f\x9b\u202e\u2066\ufeff\U000e0001"
    shown = visible(text)
    for char in shown:
        assert char in "\n\t" or unicodedata.category(char)[0] != "C", repr(char)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("", ""),
        ("Recept", "Recept"),
        ("rad 1\nrad 2", "rad 1 ⏎ rad 2"),
        ("rad 1\r\nrad 2", "rad 1 ⏎ rad 2"),
        ("rad 1\rrad 2", "rad 1\\x0drad 2"),
        ("a\tb", "a b"),
        ("a  \t  b", "a b"),
        ("a\n\nb", "a ⏎ ⏎ b"),
        ("  leading and trailing  ", "leading and trailing"),
        ("\n\nText\n", "⏎ ⏎ Text ⏎"),
        ("\x1b[2J", "\\x1b[2J"),
        ("\u202eevil\U000e0001", "\\u202eevil\\U000e0001"),
        ("\u00a0\u00a0nbsp", "\u00a0\u00a0nbsp"),
    ],
)
def test_one_line(text: str, shown: str) -> None:
    assert one_line(text) == shown


def test_one_line_has_no_line_breaks() -> None:
    shown = one_line("a\nb\rc\x0bd\x0ce\x1cf\x1dg\x1eh\x85i\u2028j\u2029k")
    assert shown.splitlines() == [shown]


@pytest.mark.parametrize(
    ("text", "limit", "shown"),
    [
        ("Recept", 10, "Recept"),
        ("Recept", 6, "Recept"),
        ("Receptet", 6, "Recep…"),
        ("Receptet", 1, "…"),
        ("Recept förnyelse", 8, "Recept…"),  # no space before the ellipsis
        ("ab\x1bcd", 4, "ab…"),  # "ab\x1b" would be cut inside the escape
        ("ab\x1bcd", 7, "ab\\x1b…"),
        ("ab\x1bcd", 8, "ab\\x1bcd"),
        ("ab\u202ecd", 6, "ab…"),
        ("ab\U000e0001cd", 10, "ab…"),
        ("a\nb", 3, "a…"),
        ("åäö" * 10, 5, "åäöå…"),
    ],
)
def test_one_line_limit(text: str, limit: int, shown: str) -> None:
    result = one_line(text, limit)
    assert result == shown
    assert len(result) <= limit


@pytest.mark.parametrize("limit", [0, -1])
def test_one_line_limit_must_be_positive(limit: int) -> None:
    with pytest.raises(ValueError, match="limit"):
        one_line("x", limit)


def test_one_line_long_text() -> None:
    body = ("Patienten har feber.\n" * 5000) + "\x1b"
    shown = one_line(body, 80)
    assert len(shown) <= 80
    assert shown.endswith("…")
    assert "\n" not in shown


def test_one_line_prefix_shortcut_matches_the_full_computation() -> None:
    # one_line cleans only a prefix of a long text; it must give the same answer as
    # cleaning everything. Pieces chosen to straddle the seam in every awkward way.
    from fblmail.domain.safe_text import _clean_one_line, _truncate

    pieces = ["a", "åä", " ", "   ", "\t", "\n", "\r", "\r\n", "\x1b", "\u202e", "\U000e0001"]
    rng = random.Random(20250615)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 120)))
        limit = rng.randrange(1, 30)
        assert one_line(text, limit) == _truncate(_clean_one_line(text), limit), (text, limit)

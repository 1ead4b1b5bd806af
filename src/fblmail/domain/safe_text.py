r"""Show user text as data: control and format characters become visible escapes.

Message text comes from other people. Shown raw, an ESC or C1 CSI could drive the terminal
(move the cursor, retitle the window, hide text), a carriage return could overwrite the start
of a line, and bidi overrides or zero-width characters could make a name or number look like
another ("Trojan Source"). So every such character is replaced by a printable escape:

* C0 controls except newline and tab, DEL and C1 controls: ``\x1b``, ``\x7f``, ``\x9b``;
* format characters (Unicode category Cf: bidi embeddings, overrides and isolates, zero-width
  space/joiners, marks, BOM, soft hyphen, tag characters), the line and paragraph separators
  U+2028/U+2029, and lone surrogates (which a terminal cannot encode): ``\u202e``,
  ``\U000e0001``.

This changes only what is shown; the stored text stays as it was.

A literal backslash in the text is left alone, so "C:\x1b" typed by a user looks exactly like
an escaped ESC. Doubling backslashes would make that unambiguous, but would also mangle every
path and smiley people write, in every message, to guard against a confusion that harms
nobody: the escape exists to defuse the terminal, not to be decoded, and the true text is
always in the store.

Note that a zero-width joiner inside an emoji sequence is shown as ``\u200d`` too; clinical
mail rarely has them, and a joiner cannot be told apart from a hidden one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["one_line", "visible"]

_NEWLINE_MARK = " ⏎ "
_ELLIPSIS = "…"

# Characters outside the BMP are looked up one by one (there are few Cf among them, and
# scanning all 1.1 million code points at start-up would cost tens of milliseconds).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SPACES = re.compile(" {2,}")
# An escape produced by _escape(); used to avoid cutting one in half when truncating.
_ESCAPE = re.compile(r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})")
# A cleaned prefix can differ from the cleaned whole only in its last ~10 characters (the
# escape of its last character, trailing spaces); _truncate reads up to limit + 10. With this
# much to spare, the characters it reads are the same either way.
_PREFIX_SLACK = 32


def _escape(code: int) -> str:
    if code <= 0xFF and unicodedata.category(chr(code)) == "Cc":
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _is_unsafe(code: int) -> bool:
    if code in (0x0A, 0x09):
        return False
    # Cc: C0, DEL, C1. Cf: format. Zl/Zp: U+2028/U+2029. Cs: lone surrogates.
    return unicodedata.category(chr(code)) in ("Cc", "Cf", "Zl", "Zp", "Cs")


class _Tables:
    """Tables built once, on first use, so that importing the module costs nothing."""

    def __init__(self) -> None:
        unsafe = [code for code in range(0x10000) if _is_unsafe(code)]
        self.visible: dict[int, str] = {code: _escape(code) for code in unsafe}
        self.one_line: dict[int, str] = {**self.visible, 0x0A: _NEWLINE_MARK, 0x09: " "}
        # One character class of all unsafe BMP code points plus the astral planes: a text
        # without a match (the usual case) is returned as is, at regex-scan speed.
        ranges = "".join(re.escape(chr(code)) for code in unsafe)
        self.needs_visible = re.compile(f"[{ranges}\U00010000-\U0010ffff]")
        self.needs_one_line = re.compile(f"[{ranges}\n\t\U00010000-\U0010ffff]| {{2}}")


@cache
def _tables() -> _Tables:
    return _Tables()


def _escape_astral(match: re.Match[str]) -> str:
    char = match.group()
    return _escape(ord(char)) if unicodedata.category(char) == "Cf" else char


def visible(text: str) -> str:
    r"""``text`` with control and format characters replaced by visible escapes.

    Newline and tab are kept. ESC becomes the four characters ``\x1b``, U+202E becomes
    ``\u202e``, U+E0001 becomes ``\U000e0001``.
    """
    tables = _tables()
    if not tables.needs_visible.search(text):
        return text
    escaped = text.translate(tables.visible)
    return _ASTRAL.sub(_escape_astral, escaped)


def one_line(text: str, limit: int | None = None) -> str:
    """``text`` as one line for a list or a header, escaped like :func:`visible`.

    Line breaks (``\\n`` and ``\\r\\n``) become " ⏎ ", tabs a space, runs of spaces one space,
    and leading and trailing spaces go. If the result is longer than ``limit`` characters it
    is cut to ``limit`` characters ending in "…", never in the middle of an escape.
    """
    if limit is not None and limit < 1:
        raise ValueError("limit must be at least 1")
    if limit is not None and len(text) > 4 * limit + _PREFIX_SLACK:
        # A preview of a long body: clean only a prefix. Joining it with the rest could only
        # change the last few characters (a CRLF or a run of spaces split at the seam, the
        # final strip), so if the prefix alone yields enough beyond the cut, that is the
        # answer; otherwise (e.g. a long run of spaces) fall through to the whole text.
        head = _clean_one_line(text[: 4 * limit + _PREFIX_SLACK])
        if len(head) > limit + _PREFIX_SLACK:
            return _truncate(head, limit)
    return _truncate(_clean_one_line(text), limit)


def _clean_one_line(text: str) -> str:
    tables = _tables()
    if tables.needs_one_line.search(text):
        # CRLF is one line break here (mail often has them); a lone CR is still escaped,
        # because it is what overwrites a line on a terminal.
        if "\r\n" in text:
            text = text.replace("\r\n", "\n")
        text = _ASTRAL.sub(_escape_astral, text.translate(tables.one_line))
        text = _SPACES.sub(" ", text)
    return text.strip(" ")


def _truncate(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    cut = limit - 1
    for match in _ESCAPE.finditer(text, max(0, cut - 10), cut + 10):
        if match.start() < cut < match.end():
            cut = match.start()
            break
    return text[:cut].rstrip(" ") + _ELLIPSIS

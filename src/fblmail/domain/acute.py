"""Words that suggest an acute matter, which must not go through the system (R9).

The check is advisory: the caller shows the words found and asks the sender to use the phone
instead if the matter is acute. A false alarm costs the sender one confirmation; a missed
acute matter may sit unread in a mailbox that is checked twice a day (R4). So the list errs on
the side of flagging:

* ``akut*`` matches every inflection and compound: akut, akuta, akutt, akutare, akuten,
  akutmottagning, akutsjukvård. A message that mentions the emergency department is worth a
  second look.
* ``subakut``, ``perakut`` and ``hyperakut`` are flagged too; "subacute" still describes a
  condition developing right now.
* A word is judged by each of its hyphen-joined parts, so "icke-akut" and "ej akut" are
  flagged although they deny acuteness; we do not try to understand negation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["ACUTE_WORDS", "acute_words"]

# Lower-case words; a trailing "*" means "followed by any letters" (inflections, compounds).
# Extend freely: each entry is compared with whole hyphen-separated word parts, never with
# the inside of a word, so e.g. "bakut" ("backwards") does not match "akut*".
ACUTE_WORDS: tuple[str, ...] = (
    "akut*",
    "subakut*",
    "perakut*",
    "hyperakut*",
    "brådsk*",  # brådska, brådskande, brådskar, brådskade
    "bråttom",
    "omedelbar*",  # omedelbar, omedelbart, omedelbara
    "omgående",
    "genast",
    "snarast",
    "livshot*",  # livshotande, livshotad, livshot
    "urgent*",  # urgent, urgently
    "asap",
    "emergenc*",  # emergency, emergencies
    "112",
)


def _compile(words: Iterable[str]) -> re.Pattern[str]:
    alternatives = []
    for word in words:
        stem = word.removesuffix("*")
        suffix = r"\w*" if word.endswith("*") else ""
        alternatives.append(re.escape(_normalise(stem)) + suffix)
    return re.compile("|".join(alternatives))


def _normalise(text: str) -> str:
    # Casefold, then NFC so that a decomposed "å" (a + combining ring) equals "å".
    return unicodedata.normalize("NFC", text.casefold())


_ACUTE = _compile(ACUTE_WORDS)

# A word: letters and digits, combining marks (decomposed å/ä/ö) and hyphens joining parts.
# Underscore is excluded so that "akut_remiss" splits like "akut remiss".
_PART = r"(?:[^\W_]|[\u0300-\u036f])+"
_WORD = re.compile(rf"{_PART}(?:[-\u2010\u2011]{_PART})*")
_HYPHENS = re.compile(r"[-\u2010\u2011]")


def acute_words(text: str) -> list[str]:
    """The words in ``text`` that suggest an acute matter (R9).

    Returned as written, in order of first appearance, once each: "Akut" and "akut" count as
    the same word and the first spelling is kept. A hyphenated word is returned whole
    ("icke-akut"), so the sender sees the context.
    """
    found: list[str] = []
    seen: set[str] = set()
    for match in _WORD.finditer(text):
        word = match.group()
        key = _normalise(word)
        if key in seen:
            continue
        if any(_ACUTE.fullmatch(part) for part in _HYPHENS.split(key)):
            seen.add(key)
            found.append(word)
    return found

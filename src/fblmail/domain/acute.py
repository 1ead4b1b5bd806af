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
* "112" is flagged only in an emergency-call context: a calling or alarming word within
  three words of it ("ring 112", "larma 112", "112 larmad", "call 112") or the form
  "112:an". A bare number is a dose or a count ("Alvedon 112 mg"), not an alarm.
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
)

# Words that make a nearby "112" the emergency number: calling or raising the alarm.
CALL_WORDS: tuple[str, ...] = (
    "ring*",  # ring, ringa, ringer, ringde, ringt
    "larm*",  # larma, larmade, larmad, larmat, larmcentral
    "tillkall*",
    "kontakta*",
    "sos*",
    "ambulans*",
    "call*",
    "dial*",
    "phon*",
)
_EMERGENCY_NUMBER = "112"
_CONTEXT = 3


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
_CALL = _compile(CALL_WORDS)

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
    matches = list(_WORD.finditer(text))
    parts = [_HYPHENS.split(_normalise(m.group())) for m in matches]
    for index, match in enumerate(matches):
        word = match.group()
        key = _normalise(word)
        if key in seen:
            continue
        acute = any(_ACUTE.fullmatch(part) for part in parts[index])
        if not acute and _EMERGENCY_NUMBER in parts[index]:
            acute = _called(text, matches, parts, index)
        if acute:
            seen.add(key)
            found.append(word)
    return found


def _called(
    text: str, matches: list[re.Match[str]], parts: list[list[str]], index: int
) -> bool:
    """Is the "112" at `index` the emergency number: "112:an", or a call word nearby?"""
    if text[matches[index].end() :].startswith((":an", ":a ", ":s")):
        return True
    low, high = max(0, index - _CONTEXT), min(len(matches), index + _CONTEXT + 1)
    return any(
        _CALL.fullmatch(part) for near in range(low, high) if near != index for part in parts[near]
    )

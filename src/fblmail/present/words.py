"""Names and counts both front ends spell: folders, short mailbox names, shifts, days, counts.

Plain strings in the current language (`fblmail.i18n`); the app and the command line add
their own colour. Short mailbox names pass through `one_line`, so what comes back is safe to
show as one line of data.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from fblmail.domain.safe_text import one_line
from fblmail.i18n import plural, tr

__all__ = [
    "DRAFT",
    "ERROR",
    "HIT",
    "INVALID_LINE",
    "MESSAGE",
    "MISSED_CHECK",
    "NEW_MESSAGE",
    "PRINTOUT",
    "QUESTION",
    "Noun",
    "count",
    "day_label",
    "folder_name",
    "more",
    "shift_label",
    "short_box",
    "subject_or_none",
]

_FOLDERS = {
    "inbox": ("Inkorg", "Inbox"),
    "sent": ("Skickat", "Sent"),
    "drafts": ("Utkast", "Drafts"),
    "trash": ("Papperskorg", "Trash"),
    "search": ("Sökträffar", "Search hits"),
}

# Long FBL names end in the same few words; a table cell or a list shows the unit
# ("Vc Herrhagen", "Arvika kommun"). The whole name stays in headers and JSON.
_SUFFIXES = (" Allmänmedicinska mottagningen", " Hälso- och sjukvård", " (FBL)")

_WEEKDAYS = (
    ("mån", "tis", "ons", "tor", "fre", "lör", "sön"),
    ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
)


def folder_name(folder: str) -> str:
    """A folder's name: "Inkorg"/"Inbox", "Skickat", "Utkast", "Papperskorg", "Sökträffar".

    An unknown folder keeps its own name.
    """
    sv, en = _FOLDERS.get(folder, (folder, folder))
    return tr(sv, en)


def short_box(address: str) -> str:
    """A mailbox as a list or a table cell shows it: the unit, or the person's name.

    "Vc Herrhagen Allmänmedicinska mottagningen (FBL)" → "Vc Herrhagen";
    "Cecilia Carlsson <cecilia>" → "Cecilia Carlsson". One line, control characters escaped.
    """
    name = address.split(" <", 1)[0] if address.endswith(">") else address
    for suffix in _SUFFIXES:
        name = name.replace(suffix, "")
    return one_line(name)


def subject_or_none(subject: str) -> str:
    """The subject, or "(inget ämne)" / "(no subject)" for a draft that has none yet."""
    return subject.strip() or tr("(inget ämne)", "(no subject)")


def shift_label(shift: str) -> str:
    """`förmiddag` / `eftermiddag` (morning / afternoon): the two checks of the day (R4)."""
    return tr("förmiddag", "morning") if shift == "morning" else tr("eftermiddag", "afternoon")


def day_label(day: date) -> str:
    """A day with its weekday, the same in any locale: "2026-11-30 mån" / "2026-11-30 Mon"."""
    sv, en = _WEEKDAYS
    return f"{day.isoformat()} {tr(sv[day.weekday()], en[day.weekday()])}"


class Noun(NamedTuple):
    """A counted noun: Swedish and English, one and many."""

    sv_one: str
    sv_many: str
    en_one: str
    en_many: str


MESSAGE = Noun("meddelande", "meddelanden", "message", "messages")
NEW_MESSAGE = Noun("nytt meddelande", "nya meddelanden", "new message", "new messages")
DRAFT = Noun("utkast", "utkast", "draft", "drafts")
HIT = Noun("träff", "träffar", "hit", "hits")
PRINTOUT = Noun("utskrift", "utskrifter", "printout", "printouts")
QUESTION = Noun("fråga", "frågor", "question", "questions")
INVALID_LINE = Noun("ogiltig rad", "ogiltiga rader", "invalid line", "invalid lines")
ERROR = Noun("fel", "fel", "error", "errors")
MISSED_CHECK = Noun("missad kontroll", "missade kontroller", "missed check", "missed checks")


def count(number: int, noun: Noun, *, at_least: bool = False) -> str:
    """A count and its noun: "1 meddelande", "2 meddelanden", "0 messages".

    `at_least` marks a lower bound, always plural: "500+ meddelanden".
    """
    if at_least:
        return f"{number}+ {tr(noun.sv_many, noun.en_many)}"
    return plural(number, *noun)


def more(hidden: int) -> str:
    """Under a cut list: "… och 3 till" / "… and 3 more"; empty when nothing was cut."""
    if hidden <= 0:
        return ""
    return tr(f"… och {hidden} till", f"… and {hidden} more")

"""The words of the morning and afternoon check (R4), for `fblmail check` and the duty screen.

Both front ends show the same report in the same order with the same words; they differ only
in layout (a Rich table, lines of an option list) and in colour, which they choose from a
`Tone`. The report is read through the small protocols below, so this module needs neither
the service nor its database imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from fblmail.clock import format_local, to_local
from fblmail.i18n import tr
from fblmail.present.words import MISSED_CHECK, count, folder_name, shift_label

__all__ = [
    "STYLES",
    "THREAD_SECTIONS",
    "CheckFacts",
    "Fact",
    "SlotFacts",
    "Tone",
    "action_names",
    "closing_facts",
    "folders_fact",
    "gap_names",
    "missed_checks",
    "phone_words",
    "section_title",
    "shift_labels",
    "slot_parts",
    "unread_fact",
]


class Tone(StrEnum):
    """How a piece of the report should look; each front end picks its colour for it."""

    PLAIN = "plain"
    GOOD = "good"
    WARN = "warn"
    ALERT = "alert"
    MUTED = "muted"


STYLES = {
    Tone.PLAIN: "",
    Tone.GOOD: "green",
    Tone.WARN: "yellow",
    Tone.ALERT: "bold red",
    Tone.MUTED: "dim",
}
"""The Rich style of each tone, for the two front ends that draw the check with Rich `Text`
(the terminal and the duty screen). Plain strings: nothing here imports Rich."""


@dataclass(frozen=True)
class Fact:
    """One "label: value" line of the check."""

    label: str
    value: str
    tone: Tone = Tone.PLAIN


class CheckFacts(Protocol):
    """What the words need of one FBL's check (`service.check.MailboxCheck` has it all)."""

    @property
    def unread(self) -> int: ...
    @property
    def new_since_last_check(self) -> int: ...
    @property
    def folders(self) -> Sequence[tuple[str, int]]: ...
    @property
    def due_soon(self) -> int: ...
    @property
    def fyi_unread(self) -> int: ...
    @property
    def routine_gaps(self) -> Sequence[str]: ...
    @property
    def previous_shift(self) -> str: ...
    @property
    def previous_day(self) -> date: ...
    @property
    def previous_signed_by(self) -> str | None: ...
    @property
    def previous_signed_at(self) -> datetime | None: ...
    @property
    def auto_purge_ran_recently(self) -> bool: ...
    @property
    def last_auto_purge_at(self) -> datetime | None: ...


class SlotFacts(Protocol):
    """One day × shift cell of the check history (`service.shifts.SlotView`)."""

    @property
    def state(self) -> str: ...
    @property
    def signed_by(self) -> str | None: ...
    @property
    def signed_at(self) -> datetime | None: ...
    @property
    def late(self) -> bool: ...
    @property
    def signatures(self) -> int: ...


THREAD_SECTIONS = ("waiting_for_us", "untaken", "overdue_for_us", "our_unanswered")
"""The check's lists of questions, in the order both front ends show them."""

_TITLES = {
    "waiting_for_us": ("Väntar på vårt svar", "Waiting for our answer"),
    "untaken": ("Över 24 h och ingen har tagit dem", "Past 24 h and nobody has taken them"),
    "overdue_for_us": ("Försenade, över 72 h: vi ska svara", "Overdue, past 72 h: we must answer"),
    "our_unanswered": (
        "Våra frågor obesvarade över 72 h: ring enheten (R10)",
        "Our questions unanswered past 72 h: phone the unit (R10)",
    ),
    "fyi_received": ("För kännedom mottagna", "FYI received"),
    "expiring_within_7_days": (
        "Raderas automatiskt inom 7 dagar (R17)",
        "Deleted automatically within 7 days (R17)",
    ),
}
_GAP_NAMES = {
    "monitors": ("vem som bevakar FBL:en", "who monitors the FBL"),
    "purger": ("vem som rensar", "who purges"),
    "holiday_cover": ("vem som ansvarar under semester", "who covers holidays"),
    "permissions_updater": ("vem som uppdaterar behörigheter", "who updates permissions"),
}
_ACTION_NAMES = {
    "unread": ("olästa meddelanden", "unread messages"),
    "waiting_for_us": ("frågor väntar på vårt svar", "questions wait for our answer"),
    "overdue_for_us": ("försenade svar från oss", "our answers are overdue"),
    "our_unanswered": ("våra frågor obesvarade: ring", "our questions unanswered: phone"),
    "routine_gaps": ("luckor i den lokala rutinen", "gaps in the local routine"),
    "auto_purge_not_run": ("automatisk radering har inte körts", "automatic deletion has not run"),
    "printouts_not_destroyed": (
        "utskrifter ej bekräftat förstörda",
        "printouts not confirmed destroyed",
    ),
    "shift_unsigned": ("passet är inte signerat: signera med --sign", "the shift is unsigned"),
}


def section_title(section: str, check: CheckFacts) -> str:
    """The heading of one of the check's lists, with the count it carries in brackets."""
    sv, en = _TITLES[section]
    if section == "waiting_for_us" and check.due_soon:
        return tr(f"{sv} ({check.due_soon} under 24 h)", f"{en} ({check.due_soon} under 24 h)")
    if section == "fyi_received":
        return tr(f"{sv} ({check.fyi_unread} olästa)", f"{en} ({check.fyi_unread} unread)")
    return tr(sv, en)


def gap_names(gaps: Iterable[str]) -> str:
    """What the local routine (R20) lacks, in words, comma-separated."""
    return ", ".join(tr(*_GAP_NAMES[g]) for g in gaps)


def action_names(actions: Iterable[str]) -> str:
    """Why an FBL needs action, in words, comma-separated."""
    return ", ".join(tr(*_ACTION_NAMES[a]) for a in actions)


def phone_words(unit: str, phone: str | None) -> str:
    """Contact the unit another way (R10): "ring Vc Herrhagen 054-123 45" / "phone …"."""
    number = f" {phone}" if phone else ""
    return tr(f"ring {unit}{number}", f"phone {unit}{number}")


def shift_labels(shifts: Iterable[str]) -> str:
    """The shifts a check covers, named once each: "eftermiddag, förmiddag"."""
    return ", ".join(sorted({shift_label(s) for s in shifts}))


def unread_fact(check: CheckFacts) -> Fact:
    """The unread line: "Olästa: 3   Nya sedan senaste signerade kontroll: 2"."""
    new = check.new_since_last_check
    return Fact(
        tr("Olästa", "Unread"),
        f"{check.unread}   "
        + tr(
            f"Nya sedan senaste signerade kontroll: {new}",
            f"New since the last signed check: {new}",
        ),
    )


def folders_fact(check: CheckFacts) -> Fact:
    """What each folder holds: "Mappar: Inkorg 12 · Skickat 30 · Papperskorg 2"."""
    return Fact(
        tr("Mappar", "Folders"), " · ".join(f"{folder_name(f)} {n}" for f, n in check.folders)
    )


def closing_facts(check: CheckFacts) -> list[Fact]:
    """The last lines: the local routine (R20), the previous shift, the automatic deletion."""
    facts: list[Fact] = []
    if check.routine_gaps:
        facts.append(
            Fact(
                tr("Lokal rutin (R20) saknar", "Local routine (R20) lacks"),
                gap_names(check.routine_gaps),
                Tone.WARN,
            )
        )
    else:
        facts.append(
            Fact(tr("Lokal rutin (R20)", "Local routine (R20)"), tr("komplett", "complete"))
        )
    previous = f"{shift_label(check.previous_shift)} {check.previous_day.isoformat()}"
    label = tr("Föregående pass", "Previous shift")
    if check.previous_signed_by and check.previous_signed_at:
        by, at = check.previous_signed_by, format_local(check.previous_signed_at)
        facts.append(
            Fact(
                label,
                tr(f"{previous}: signerat av {by} {at}", f"{previous}: signed by {by} {at}"),
                Tone.GOOD,
            )
        )
    else:
        facts.append(
            Fact(label, tr(f"{previous}: inte signerat", f"{previous}: not signed"), Tone.WARN)
        )
    label = tr("Automatisk radering", "Automatic deletion")
    if check.auto_purge_ran_recently and check.last_auto_purge_at:
        facts.append(Fact(label, tr("kördes ", "ran ") + format_local(check.last_auto_purge_at)))
    else:
        facts.append(
            Fact(
                label,
                tr(
                    "har inte körts de senaste 2 dygnen: kontakta support",
                    "has not run in the last 2 days: contact support",
                ),
                Tone.ALERT,
            )
        )
    return facts


def slot_parts(slot: SlotFacts, *, signatures: bool = False) -> list[tuple[str, Tone]]:
    """One history cell: "✓ anna 08:12" (+ " (sent)" when late), "✗ missad", "… kommande",
    "–". `signatures` adds "+1" for each further signature of the same slot."""
    if slot.state == "signed" and slot.signed_at:
        parts = [(f"✓ {slot.signed_by} {to_local(slot.signed_at):%H:%M}", Tone.GOOD)]
        if slot.late:
            parts.append((tr(" (sent)", " (late)"), Tone.WARN))
        if signatures and slot.signatures > 1:
            parts.append((f" +{slot.signatures - 1}", Tone.MUTED))
        return parts
    if slot.state == "missed":
        return [(tr("✗ missad", "✗ missed"), Tone.ALERT)]
    if slot.state == "pending":
        return [(tr("… kommande", "… pending"), Tone.MUTED)]
    return [("–", Tone.MUTED)]


def missed_checks(missed: int) -> str:
    """Missed checks counted: "2 missade kontroller" / "1 missed check"."""
    return count(missed, MISSED_CHECK)

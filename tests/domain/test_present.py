"""One vocabulary (issue 9, item 5): the app's marks, names and counts, in both languages.

`fblmail.present` is what the app and the command line both say; these tests pin its words so
that a change shows up here once rather than in two front ends' snapshots.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from fblmail import i18n
from fblmail.domain.deadlines import DeadlineState
from fblmail.present import (
    DRAFT,
    HIT,
    MESSAGE,
    NEW_MESSAGE,
    PRINTOUT,
    QUESTION,
    UNREAD,
    Noun,
    count,
    day_label,
    deadline_mark,
    folder_name,
    legend,
    more,
    shift_label,
    short_box,
    state_mark,
    subject_or_none,
    waiting_words,
)
from fblmail.present.check import (
    THREAD_SECTIONS,
    Tone,
    action_names,
    closing_facts,
    folders_fact,
    gap_names,
    missed_checks,
    phone_words,
    section_title,
    shift_labels,
    slot_parts,
    unread_fact,
)

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sv", "en"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each test in both languages; the language is put back afterwards."""
    before = i18n.language()
    i18n.set_language(request.param)
    yield str(request.param)
    i18n.set_language(before)


@pytest.fixture
def sv() -> Iterator[None]:
    before = i18n.language()
    i18n.set_language("sv")
    yield
    i18n.set_language(before)


def _pick(lang: str, sv_text: str, en_text: str) -> str:
    return en_text if lang == "en" else sv_text


# -- deadline marks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "sv_text", "en_text"),
    [
        (-3, "▲ 3 h sen", "▲ 3 h late"),
        (-(2 * 24 + 5), "▲ 2 d 5 h sen", "▲ 2 d 5 h late"),
        (22, "! 22 h kvar", "! 22 h left"),
        (0, "! 0 min kvar", "! 0 min left"),  # due exactly now: still under 24 h, not late
        (24, "○ 1 d kvar", "○ 1 d left"),
        (53, "○ 2 d 5 h kvar", "○ 2 d 5 h left"),
    ],
)
def test_deadline_marks_say_which_way_the_time_runs(
    lang: str, hours: int, sv_text: str, en_text: str
) -> None:
    assert deadline_mark(NOW + timedelta(hours=hours), NOW) == _pick(lang, sv_text, en_text)


@pytest.mark.parametrize(
    ("hours", "sv_text", "en_text"),
    [
        (-3, "▲ 3 h sen", "▲ 3 h late"),
        (-(2 * 24 + 5), "▲ 2 d sen", "▲ 2 d late"),
        (22, "! 22 h kvar", "! 22 h left"),
        (0.5, "! <1 h kvar", "! <1 h left"),
        (53, "○ 2 d kvar", "○ 2 d left"),  # whole units, never overstated
    ],
)
def test_compact_marks_fit_the_apps_column(
    lang: str, hours: float, sv_text: str, en_text: str
) -> None:
    mark = deadline_mark(NOW + timedelta(hours=hours), NOW, compact=True)
    assert mark == _pick(lang, sv_text, en_text)
    assert len(mark) <= 11  # the app's STATE_WIDTH


@pytest.mark.parametrize(
    ("state", "compact", "sv_text", "en_text"),
    [
        (DeadlineState.FYI, True, "◇ kännedom", "◇ FYI"),
        (DeadlineState.FYI, False, "◇ för kännedom", "◇ for information"),
        (DeadlineState.ANSWERED, False, "✓ besvarad", "✓ answered"),
        (DeadlineState.RESOLVED, True, "✓ löst", "✓ resolved"),
        ("overdue", False, "▲ 3 h sen", "▲ 3 h late"),
    ],
)
def test_every_state_has_a_mark_and_a_word(
    lang: str, state: DeadlineState | str, compact: bool, sv_text: str, en_text: str
) -> None:
    due = NOW - timedelta(hours=3)
    assert state_mark(state, due, NOW, compact=compact) == _pick(lang, sv_text, en_text)


def test_no_deadline_mark_is_the_unread_mark(lang: str) -> None:
    """● means unread and nothing else (issue 12): no state's mark uses it."""
    for state in DeadlineState:
        for hours in (-30, -3, 3, 30, 60):
            assert UNREAD not in state_mark(state, NOW + timedelta(hours=hours), NOW)


def test_the_legend_names_the_apps_marks(lang: str) -> None:
    text = legend()
    for mark in ("●", "▲", "!", "○", "◇", "✓"):
        assert mark in text
    assert "✗" not in text  # the command line's old overdue mark is gone


def test_who_is_to_answer(lang: str) -> None:
    assert waiting_words("us") == _pick(lang, " – väntar på vårt svar", " – waiting for our answer")
    assert waiting_words("them") == _pick(
        lang, " – väntar på deras svar", " – waiting for their answer"
    )
    assert waiting_words("") == ""


# -- counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "noun", "sv_text", "en_text"),
    [
        (1, MESSAGE, "1 meddelande", "1 message"),
        (2, MESSAGE, "2 meddelanden", "2 messages"),
        (0, MESSAGE, "0 meddelanden", "0 messages"),
        (1, NEW_MESSAGE, "1 nytt meddelande", "1 new message"),
        (3, NEW_MESSAGE, "3 nya meddelanden", "3 new messages"),
        (1, HIT, "1 träff", "1 hit"),
        (50, HIT, "50 träffar", "50 hits"),
        (1, DRAFT, "1 utkast", "1 draft"),
        (4, DRAFT, "4 utkast", "4 drafts"),
        (1, PRINTOUT, "1 utskrift", "1 printout"),
        (2, PRINTOUT, "2 utskrifter", "2 printouts"),
        (1, QUESTION, "1 fråga", "1 question"),
        (7, QUESTION, "7 frågor", "7 questions"),
    ],
)
def test_counts_take_singular_for_exactly_one(
    lang: str, number: int, noun: Noun, sv_text: str, en_text: str
) -> None:
    assert count(number, noun) == _pick(lang, sv_text, en_text)


def test_a_lower_bound_is_plural(lang: str) -> None:
    assert count(1, MESSAGE, at_least=True) == _pick(lang, "1+ meddelanden", "1+ messages")
    assert count(500, MESSAGE, at_least=True) == _pick(lang, "500+ meddelanden", "500+ messages")


def test_missed_checks_and_more(lang: str) -> None:
    assert missed_checks(1) == _pick(lang, "1 missad kontroll", "1 missed check")
    assert missed_checks(2) == _pick(lang, "2 missade kontroller", "2 missed checks")
    assert more(3) == _pick(lang, "… och 3 till", "… and 3 more")
    assert more(0) == "" and more(-1) == ""


# -- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "sv_text", "en_text"),
    [
        ("inbox", "Inkorg", "Inbox"),
        ("sent", "Skickat", "Sent"),
        ("drafts", "Utkast", "Drafts"),
        ("trash", "Papperskorg", "Trash"),
        ("search", "Sökträffar", "Search hits"),
        ("archive", "archive", "archive"),  # an unknown folder keeps its own name
    ],
)
def test_folder_names(lang: str, folder: str, sv_text: str, en_text: str) -> None:
    assert folder_name(folder) == _pick(lang, sv_text, en_text)


@pytest.mark.parametrize(
    ("address", "short"),
    [
        ("Vc Herrhagen Allmänmedicinska mottagningen (FBL)", "Vc Herrhagen"),
        ("Karlstad kommun Hälso- och sjukvård (FBL)", "Karlstad kommun"),
        ("Support (FBL)", "Support"),
        ("Cecilia Carlsson <cecilia.dr>", "Cecilia Carlsson"),
        ("Vc Evil\x1b[2J Allmänmedicinska mottagningen (FBL)", "Vc Evil\\x1b[2J"),
        ("", ""),
    ],
)
def test_short_mailbox_names_are_one_safe_line(address: str, short: str) -> None:
    assert short_box(address) == short


def test_a_draft_without_a_subject_says_so(lang: str) -> None:
    assert subject_or_none("  ") == _pick(lang, "(inget ämne)", "(no subject)")
    assert subject_or_none("Recept") == "Recept"


def test_shift_and_day_words(lang: str) -> None:
    assert shift_label("morning") == _pick(lang, "förmiddag", "morning")
    assert shift_label("afternoon") == _pick(lang, "eftermiddag", "afternoon")
    assert shift_labels(["morning", "afternoon", "morning"]) == _pick(
        lang, "eftermiddag, förmiddag", "afternoon, morning"
    )
    assert day_label(date(2026, 11, 30)) == _pick(lang, "2026-11-30 mån", "2026-11-30 Mon")
    assert day_label(date(2026, 12, 6)) == _pick(lang, "2026-12-06 sön", "2026-12-06 Sun")


# -- the check's words -----------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """Just the fields the check's words read (MailboxCheck has them all)."""

    unread: int = 3
    new_since_last_check: int = 2
    folders: tuple[tuple[str, int], ...] = (("inbox", 12), ("sent", 30), ("trash", 2))
    due_soon: int = 0
    fyi_unread: int = 1
    routine_gaps: tuple[str, ...] = ()
    previous_shift: str = "afternoon"
    previous_day: date = date(2026, 11, 29)
    previous_signed_by: str | None = None
    previous_signed_at: datetime | None = None
    auto_purge_ran_recently: bool = False
    last_auto_purge_at: datetime | None = None


def test_check_headings_carry_their_counts(sv: None) -> None:
    facts = Facts(due_soon=2)
    assert section_title("waiting_for_us", facts) == "Väntar på vårt svar (2 under 24 h)"
    assert section_title("waiting_for_us", Facts()) == "Väntar på vårt svar"
    assert section_title("fyi_received", facts) == "För kännedom mottagna (1 olästa)"
    assert THREAD_SECTIONS[0] == "waiting_for_us" and "our_unanswered" in THREAD_SECTIONS


def test_check_lines_in_words_and_tones(lang: str) -> None:
    facts = Facts(routine_gaps=("monitors", "purger"))
    unread = unread_fact(facts)
    assert unread.label == _pick(lang, "Olästa", "Unread")
    assert unread.value.startswith("3   ")
    assert folders_fact(facts).value == _pick(
        lang, "Inkorg 12 · Skickat 30 · Papperskorg 2", "Inbox 12 · Sent 30 · Trash 2"
    )
    routine, previous, purge = closing_facts(facts)
    assert routine.tone is Tone.WARN
    assert routine.value == _pick(
        lang, "vem som bevakar FBL:en, vem som rensar", "who monitors the FBL, who purges"
    )
    assert previous.value == _pick(
        lang, "eftermiddag 2026-11-29: inte signerat", "afternoon 2026-11-29: not signed"
    )
    assert purge.tone is Tone.ALERT
    done = closing_facts(
        Facts(
            previous_signed_by="anna.ssk",
            previous_signed_at=NOW,
            auto_purge_ran_recently=True,
            last_auto_purge_at=NOW,
        )
    )
    assert [f.tone for f in done] == [Tone.PLAIN, Tone.GOOD, Tone.PLAIN]
    assert done[0].value == _pick(lang, "komplett", "complete")
    assert gap_names(()) == ""
    assert action_names(("unread",)) == _pick(lang, "olästa meddelanden", "unread messages")
    assert phone_words("Vc Herrhagen", "054-123 45") == _pick(
        lang, "ring Vc Herrhagen 054-123 45", "phone Vc Herrhagen 054-123 45"
    )
    assert phone_words("Vc Herrhagen", None) == _pick(
        lang, "ring Vc Herrhagen", "phone Vc Herrhagen"
    )


@dataclass(frozen=True)
class Slot:
    state: str
    signed_by: str | None = None
    signed_at: datetime | None = None
    late: bool = False
    signatures: int = 0


def test_history_cells(lang: str) -> None:
    signed = Slot("signed", "anna.ssk", datetime(2026, 11, 30, 7, 12, tzinfo=UTC), True, 2)
    parts = slot_parts(signed, signatures=True)
    assert parts[0] == ("✓ anna.ssk 08:12", Tone.GOOD)  # Stockholm time
    assert parts[1] == (_pick(lang, " (sent)", " (late)"), Tone.WARN)
    assert parts[2] == (" +1", Tone.MUTED)
    assert len(slot_parts(signed)) == 2  # the app leaves the count out
    assert slot_parts(Slot("missed")) == [(_pick(lang, "✗ missad", "✗ missed"), Tone.ALERT)]
    assert slot_parts(Slot("pending"))[0][0] == _pick(lang, "… kommande", "… pending")
    assert slot_parts(Slot("none")) == [("–", Tone.MUTED)]


def test_present_imports_no_framework_and_no_database() -> None:
    """The import contracts say it too; this checks what really gets loaded."""
    heavy = ("textual", "rich", "typer", "sqlalchemy", "sqlmodel", "sqlite3", "psycopg")
    code = (
        "import sys, fblmail.present, fblmail.present.check;"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_front_ends_count_with_present_not_with_brackets() -> None:
    """No "utskrift(er)" / "printout(s)" left in the app or the command line: a count says
    "1 utskrift" or "2 utskrifter" (`present.count`). A plain scan of the source is enough,
    since the words live next to the code that shows them."""
    src = Path(__file__).resolve().parents[2] / "src" / "fblmail"
    bracketed = re.compile(r"\{[^}]*\}[^\"]*\b[a-zåäö]+\((?:s|er|ar|or|na)\)")
    found = [
        f"{path.relative_to(src)}:{number}: {line.strip()}"
        for folder in ("cli", "tui", "present")
        for path in sorted((src / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if bracketed.search(line)
    ]
    assert found == []

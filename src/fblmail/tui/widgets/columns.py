"""The message list's columns: widths for a given width, and each cell's text and look.

Shared by the list and its header so they always line up. Cells are plain strings (user
text already passed through `one_line`), painted as `Segment`s, never parsed as markup.

The first column marks a message tagged (`*`) and unread (`●`); ● means nothing else.
The deadline column shows state by symbol, words *and* colour (R10, R7): ▲ late
("▲ 3 h sen"), ! under 24 h left ("! 7 h kvar"), ○ waiting ("○ 2 d kvar"), ◇ FYI
("◇ kännedom"), ✓ answered or resolved. The marks and words come from `fblmail.present`,
which the command line uses too (there with the exact time left, "○ 2 d 5 h kvar").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.cells import cell_len, set_cell_size

from fblmail.clock import to_local
from fblmail.domain.deadlines import DeadlineState, deadline_state
from fblmail.domain.safe_text import one_line
from fblmail.i18n import language, tr
from fblmail.present import TAGGED as TAGGED  # the list's marks, re-exported for the painter
from fblmail.present import UNREAD as UNREAD
from fblmail.present import short_box, state_mark, subject_or_none
from fblmail.service.views import DraftView, MessageSummary

ELLIPSIS = "…"
MONTHS = {
    "sv": ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
_STATE_CLASS = {
    DeadlineState.FYI: "message-list--fyi",
    DeadlineState.ANSWERED: "message-list--answered",
    DeadlineState.RESOLVED: "message-list--answered",
    DeadlineState.OVERDUE: "message-list--overdue",
    DeadlineState.DUE_SOON: "message-list--due-soon",
}


@dataclass(frozen=True)
class Layout:
    """Column widths for one list width (0 = column hidden)."""

    state: int
    category: int
    patient: int
    subject: int
    party: int
    time: int


MARK = 3  # tag mark, unread mark and a space
STATE_WIDTH = 11
MIN_SUBJECT = 30
"""The subject keeps at least this many cells while other columns can give way (80×24)."""


def layout(width: int) -> Layout:
    """Fit the columns into `width` cells; the subject takes what is left.

    Every visible column is followed by one space (the last one keeps the text off the
    scrollbar), so the row is exactly `MARK + sum(width + 1)` cells. To keep the subject
    at `MIN_SUBJECT`, the category and the other party get shorter, then the other party
    (shown in the pane) goes, then the category; state, patient and time always stay.
    """
    state, patient, time = STATE_WIDTH, 13, 6
    for category, party in ((12, 16), (8, 12), (8, 0), (0, 0)):
        used = MARK + sum(w + 1 for w in (state, category, patient, party, time) if w) + 1
        subject = width - used
        if subject >= MIN_SUBJECT:
            break
    return Layout(state, category, patient, max(subject, 4), party, time)


def fit(text: str, width: int) -> str:
    """`text` padded or cut (with …) to exactly `width` cells."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + ELLIPSIS


def short_time(moment: datetime, now: datetime) -> str:
    """`09:30` today (Stockholm), otherwise `2 nov`."""
    local, today = to_local(moment), to_local(now)
    if local.date() == today.date():
        return local.strftime("%H:%M")
    months = MONTHS["en" if language() == "en" else "sv"]
    return f"{local.day} {months[local.month - 1]}"


def state_of(summary: MessageSummary, now: datetime) -> DeadlineState:
    """The deadline state at `now` (recomputed, so a list left open stays true)."""
    return deadline_state(summary.due_at, summary.answered_at, now, summary.resolved_at)


def state_cell(summary: MessageSummary, now: datetime) -> tuple[str, str]:
    """(text, component class) of the deadline column: the compact marks of `present`."""
    state = state_of(summary, now)
    return state_mark(state, summary.due_at, now, compact=True), _STATE_CLASS.get(state, "")


def party_of(summary: MessageSummary) -> str:
    """Who the other side is: the sender, or the recipient of what we sent."""
    return short_box(summary.recipient if summary.folder == "sent" else summary.sender)


def handled(summary: MessageSummary) -> str:
    """`⚑Cecilia C. ` before the subject of a question someone in the FBL has taken, and
    `☎ ring Vc Herrhagen 054-123 45: ` before our own question past 72 hours (R10, issue
    11), with the unit's phone when the directory has one, and `✎David D. skriver ett svar: `
    while a colleague has a fresh reply draft on the thread."""
    name = summary.taken_by_name
    late = ""
    if summary.waiting_for == "them" and summary.overdue:
        phone = f" {one_line(summary.recipient_phone)}" if summary.recipient_phone else ""
        late = tr("☎ ring ", "☎ phone ") + short_box(summary.recipient) + phone + ": "
    held = f"⚑{short_name(name)} " if name else ""
    writing = ""
    if summary.writers:
        who = short_name(summary.writers[0])
        if len(summary.writers) > 1:
            who += f" +{len(summary.writers) - 1}"
        writing = tr(f"✎{who} skriver ett svar: ", f"✎{who} is writing an answer: ")
    return late + held + writing


def short_name(name: str) -> str:
    """`Cecilia C.` for "Cecilia Carlsson" (one line, escaped)."""
    first, _, rest = one_line(name).partition(" ")
    return f"{first} {rest[:1]}." if rest else first


def message_cells(summary: MessageSummary, now: datetime) -> list[str]:
    """Category, patient, subject, from/to, time (escaped, uncut)."""
    return [
        one_line(summary.category),
        summary.patient,
        handled(summary) + one_line(summary.subject),
        party_of(summary),
        short_time(summary.sent_at, now),
    ]


def draft_cells(draft: DraftView, now: datetime) -> list[str]:
    """A draft's cells in the same columns."""
    subject = subject_or_none(draft.subject)
    if draft.forward_of_id:
        subject = tr("Vidarebefordran: ", "Forward: ") + subject
    return [
        one_line(draft.category),
        one_line(draft.patient),
        one_line(subject),
        short_box(draft.to_address or draft.forward_to_login),
        short_time(draft.updated_at, now),
    ]


def header_cells() -> list[str]:
    """Column titles."""
    return [
        tr("Svarstid", "Deadline"),
        tr("Kategori", "Category"),
        tr("Patient", "Patient"),
        tr("Ämne", "Subject"),
        tr("Från/till", "From/to"),
        tr("Tid", "Time"),
    ]


def widths(lay: Layout) -> list[int]:
    """The widths in cell order (state, category, patient, subject, party, time)."""
    return [lay.state, lay.category, lay.patient, lay.subject, lay.party, lay.time]

"""Deadline marks and words: how the app and the command line say where a message stands (R10).

One set of marks, the app's (issue 12): ▲ past the deadline, ! under 24 hours left, ○ waiting,
◇ for information (R7), ✓ answered or resolved. Each mark comes with a word that says which
way the time runs ("3 h sen", "22 h kvar"), so "7 h" is never read as "7 h ago" and colour is
never the only signal. ● is not a deadline mark: it means unread, and only that.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fblmail.domain.deadlines import DUE_SOON, DeadlineState, time_left
from fblmail.domain.deadlines import deadline_mark as domain_mark
from fblmail.i18n import language, tr

__all__ = [
    "ANSWERED",
    "DUE_SOON_MARK",
    "FYI_MARK",
    "OVERDUE",
    "TAGGED",
    "UNREAD",
    "WAITING",
    "deadline_mark",
    "fyi_words",
    "legend",
    "rough_amount",
    "state_mark",
    "waiting_words",
]

OVERDUE = "▲"
DUE_SOON_MARK = "!"
WAITING = "○"
FYI_MARK = "◇"
ANSWERED = "✓"
UNREAD = "●"
TAGGED = "*"


def rough_amount(delta: timedelta) -> str:
    """A time span in whole units, never overstated: "2 d", "7 h", "<1 h" (sign dropped).

    For a narrow column; `format_time_left` gives the exact form ("2 d 5 h").
    """
    seconds = abs(delta.total_seconds())
    if seconds >= 86_400:
        return f"{int(seconds // 86_400)} d"
    if seconds >= 3_600:
        return f"{int(seconds // 3_600)} h"
    return "<1 h"


def deadline_mark(due_at: datetime, now: datetime, *, compact: bool = False) -> str:
    """The deadline at `now`: "▲ 3 h sen", "! 22 h kvar", "○ 2 d 5 h kvar" (English "late"/"left").

    `compact` rounds down to one unit ("○ 2 d kvar") so that the mark fits the app's
    11-cell column. Due exactly now counts as under 24 hours, overdue the moment after, as
    `deadline_state` says.
    """
    delta = time_left(due_at, now)
    if not compact:  # the domain's own form, word for word
        return domain_mark(delta, timedelta(0) <= delta < DUE_SOON, _lang())
    amount = rough_amount(delta)
    if delta < timedelta(0):
        return tr(f"{OVERDUE} {amount} sen", f"{OVERDUE} {amount} late")
    mark = DUE_SOON_MARK if delta < DUE_SOON else WAITING
    return tr(f"{mark} {amount} kvar", f"{mark} {amount} left")


def state_mark(
    state: DeadlineState | str, due_at: datetime | None, now: datetime, *, compact: bool = False
) -> str:
    """Any deadline state as mark and word: the deadline mark while an answer is awaited,
    "◇ för kännedom" (compact "◇ kännedom"), "✓ besvarad", "✓ löst"."""
    state = DeadlineState(state)
    if state is DeadlineState.FYI:
        return tr(f"{FYI_MARK} kännedom", f"{FYI_MARK} FYI") if compact else fyi_words()
    if state is DeadlineState.ANSWERED:
        return tr(f"{ANSWERED} besvarad", f"{ANSWERED} answered")
    if state is DeadlineState.RESOLVED:
        return tr(f"{ANSWERED} löst", f"{ANSWERED} resolved")
    if due_at is None:  # a state that needs a deadline but has none: say the state itself
        return str(state)
    return deadline_mark(due_at, now, compact=compact)


def fyi_words() -> str:
    """For information, no answer expected (R7): "◇ för kännedom"."""
    return tr(f"{FYI_MARK} för kännedom", f"{FYI_MARK} for information")


def waiting_words(waiting_for: str) -> str:
    """Who is to answer, after a deadline mark: " – väntar på vårt svar" (empty if nobody)."""
    if waiting_for == "us":
        return tr(" – väntar på vårt svar", " – waiting for our answer")
    if waiting_for == "them":
        return tr(" – väntar på deras svar", " – waiting for their answer")
    return ""


def legend() -> str:
    """What the marks mean, one line (printed under a message table)."""
    return tr(
        f"{UNREAD} oläst  J journallänk  ↪ vidarebefordrat  {WAITING} tid kvar  "
        f"{DUE_SOON_MARK} under 24 h kvar  {OVERDUE} försenad  {ANSWERED} besvarad/löst  "
        f"{FYI_MARK} för kännedom",
        f"{UNREAD} unread  J journal link  ↪ forwarded  {WAITING} time left  "
        f"{DUE_SOON_MARK} under 24 h left  {OVERDUE} overdue  {ANSWERED} answered/resolved  "
        f"{FYI_MARK} for information",
    )


def _lang() -> str:
    return "en" if language() == "en" else "sv"

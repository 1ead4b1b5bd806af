"""One vocabulary for the app and the command line: marks, names, counts (issue 9, item 5).

Pure functions that turn read models and domain states into words in the current language
(`fblmail.i18n`): deadline marks and words (`marks`), folder, mailbox, shift and day names and
counts with the right singular or plural (`words`), and the words of the duty check
(`check`). No Textual, Rich, Typer or SQL here (an import-linter contract says so): the front
ends add layout and colour. A word both front ends show belongs here; one only the app or
only the command line shows may stay beside the code that shows it.
"""

from __future__ import annotations

from fblmail.present.marks import (
    ANSWERED,
    DUE_SOON_MARK,
    FYI_MARK,
    OVERDUE,
    TAGGED,
    UNREAD,
    WAITING,
    deadline_mark,
    fyi_words,
    legend,
    rough_amount,
    state_mark,
    waiting_words,
)
from fblmail.present.words import (
    DRAFT,
    ERROR,
    HIT,
    INVALID_LINE,
    MESSAGE,
    MISSED_CHECK,
    NEW_MESSAGE,
    PRINTOUT,
    QUESTION,
    Noun,
    count,
    day_label,
    folder_name,
    more,
    shift_label,
    short_box,
    subject_or_none,
)

__all__ = [
    "ANSWERED",
    "DRAFT",
    "DUE_SOON_MARK",
    "ERROR",
    "FYI_MARK",
    "HIT",
    "INVALID_LINE",
    "MESSAGE",
    "MISSED_CHECK",
    "NEW_MESSAGE",
    "OVERDUE",
    "PRINTOUT",
    "QUESTION",
    "TAGGED",
    "UNREAD",
    "WAITING",
    "Noun",
    "count",
    "day_label",
    "deadline_mark",
    "folder_name",
    "fyi_words",
    "legend",
    "more",
    "rough_amount",
    "shift_label",
    "short_box",
    "state_mark",
    "subject_or_none",
    "waiting_words",
]

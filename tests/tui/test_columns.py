"""The deadline column never cuts a number and says which way the time goes ("kvar",
"sen"); its marks are not the unread mark; the subject keeps 30 cells at 80 columns."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from fblmail.service.views import MessageSummary
from fblmail.tui.widgets.columns import (
    MARK,
    MIN_SUBJECT,
    STATE_WIDTH,
    UNREAD,
    layout,
    state_cell,
    widths,
)

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
WAITING = MessageSummary(
    "id", "thread", 1, "box", "inbox", "message", "Recept", "19121212-1212", "subject",
    "from", "to", NOW, None, None, None, False, False, "waiting", "us", False, False,
)  # fmt: skip


@pytest.mark.parametrize(
    ("hours", "text"),
    [(-(25 * 24 + 13), "▲ 25 d sen"), (-3, "▲ 3 h sen"), (20, "! 20 h kvar"), (44, "○ 1 d kvar"),
     (0.5, "! <1 h kvar"), (-(400 * 24), "▲ 400 d sen")],
)  # fmt: skip
def test_state_cell_fits_its_column(hours: float, text: str) -> None:
    cell, _style = state_cell(replace(WAITING, due_at=NOW + timedelta(hours=hours)), NOW)
    assert cell == text
    assert len(cell) <= STATE_WIDTH


def test_deadline_marks_are_not_the_unread_mark() -> None:
    for hours in (-3, 20, 44):
        cell, _style = state_cell(replace(WAITING, due_at=NOW + timedelta(hours=hours)), NOW)
        assert UNREAD not in cell


@pytest.mark.parametrize(("width", "least"), [(79, MIN_SUBJECT), (99, MIN_SUBJECT), (59, 20)])
def test_the_subject_keeps_its_room(width: int, least: int) -> None:
    lay = layout(width)
    assert lay.subject >= least
    assert MARK + sum(w + 1 for w in widths(lay) if w) + 1 <= width + 1
    if width >= 99:
        assert lay.party and lay.category  # every column at 100 columns without the tree

"""The deadline column never cuts a number: far-off times show whole days."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from fblmail.service.views import MessageSummary
from fblmail.tui.widgets.columns import STATE_WIDTH, state_cell

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
WAITING = MessageSummary(
    "id", "thread", 1, "box", "inbox", "message", "Recept", "19121212-1212", "subject",
    "from", "to", NOW, None, None, None, False, False, "waiting", "us", False, False,
)  # fmt: skip


@pytest.mark.parametrize(
    ("hours", "text"),
    [(-(25 * 24 + 13), "▲ −25 d"), (-3, "▲ −3 h"), (20, "● 20 h"), (44, "○ 1 d 20 h")],
)
def test_state_cell_fits_its_column(hours: int, text: str) -> None:
    cell, _style = state_cell(replace(WAITING, due_at=NOW + timedelta(hours=hours)), NOW)
    assert cell == text
    assert len(cell) <= STATE_WIDTH

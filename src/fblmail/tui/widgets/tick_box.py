"""A checkbox that looks unticked when it is: an empty box, not Textual's dim X."""

from __future__ import annotations

from textual.widgets import Checkbox

__all__ = ["TickBox"]

TICKED = "X"
EMPTY = " "


class TickBox(Checkbox):
    """A `Checkbox` drawn `[X]` when ticked and `[ ]` when not."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.BUTTON_INNER = TICKED if self.value else EMPTY

    def watch_value(self) -> None:
        """Redraw the box with the new state, then what Checkbox does."""
        self.BUTTON_INNER = TICKED if self.value else EMPTY
        super().watch_value()

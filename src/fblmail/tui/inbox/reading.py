"""The inbox's preview: the selected message, header and body, under the list, and the one
rule for when a message counts as read for the unit.

The rule (config `[reading]`, see the README):

* `mark_read = "open"` (the default): a message is marked read when it is opened with
  Enter (the reader) or marked with `U`; the preview never marks it.
* `mark_read = "preview"`: it is also marked read after it has been shown in the preview
  for `preview_seconds` (default 5) with the cursor still on it.

The preview says which rule applies. Showing a body in the preview is a read of patient
data, so it goes through `Folders.show(..., mark_read=False)`, which writes the access-log
row; marking read goes through `Folders.mark_read`, which logs that too.

The header follows the cursor once it rests (`FOLLOW_SECONDS`, so holding `j` does not
repaint the pane for every row flying by); the body follows a moment later. The timers
run on the pane itself, so they end with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.timer import Timer

from fblmail.i18n import tr
from fblmail.service.mailboxes.inbox import InboxRow
from fblmail.service.views import MessageDetail, MessageSummary
from fblmail.tui.inbox.context import InboxContext
from fblmail.tui.widgets.message_list import MessageList
from fblmail.tui.widgets.pager import DraftRow
from fblmail.tui.widgets.reading_pane import ReadingPane

FOLLOW_SECONDS = 0.1
"""The pane shows the selected message's header once the cursor has rested this long."""
BODY_SECONDS = 0.3
"""…and its body (a logged read, not a read mark) once it has rested this long."""


def rule_note(summary: MessageSummary, mark_read: str, seconds: float) -> Content:
    """The line over the body that says when this message counts as read."""
    if summary.read:
        text = tr("Förhandsvisning · läst", "Preview · read")
    elif mark_read == "preview":
        shown = f"{seconds:g}"
        text = tr(
            f"Förhandsvisning – markeras som läst efter {shown} s här (eller Enter)",
            f"Preview – marked as read after {shown} s here (or Enter)",
        )
    else:
        text = tr(
            "Förhandsvisning – markeras som läst när du öppnar den (Enter)",
            "Preview – marked as read when you open it (Enter)",
        )
    return Content.styled(text, "italic $text-muted")


class Preview:
    """The reading pane under the list, and the read rule."""

    @dataclass
    class DetailLoaded(Message):
        """A message's whole text for the preview (logged as read, not marked read)."""

        row: InboxRow
        detail: MessageDetail

    @dataclass
    class MarkedRead(Message):
        """The preview rule marked a message read."""

        row: InboxRow
        summary: MessageSummary

    def __init__(self, context: InboxContext, pane: ReadingPane) -> None:
        self.context = context
        self.pane = pane
        self._body_timer: Timer | None = None
        self._read_timer: Timer | None = None
        self._pane_item: int | None = None
        self._pending: MessageList.Highlighted | None = None
        self._follow: Timer | None = None

    def start(self) -> None:
        """The follow timer (call once the pane is mounted)."""
        self._follow = self.pane.set_interval(FOLLOW_SECONDS, self._show_pending, pause=True)

    def _stop_timers(self) -> None:
        for timer in (self._body_timer, self._read_timer):
            if timer is not None:
                timer.stop()
        self._body_timer = self._read_timer = None

    def highlighted(self, event: MessageList.Highlighted) -> None:
        """The pane follows the cursor once it rests; a (re)load updates it at once."""
        self._stop_timers()
        self._pending = event
        if event.by_user and self._follow is not None:
            self._follow.reset()
            self._follow.resume()
        else:
            self._show_pending()

    def _show_pending(self) -> None:
        """Header now; the body when the cursor has rested (at once after a load)."""
        if self._follow is not None:
            self._follow.pause()
        event, self._pending = self._pending, None
        if event is None:
            return
        pane, services = self.pane, self.context.services
        row = event.row
        if isinstance(row, InboxRow) and row.summary.item_id == self._pane_item:
            settings = services.settings  # a reload brought it back (maybe read now)
            pane.show_note(rule_note(row.summary, settings.mark_read, settings.preview_seconds))
            self._arm_read_mark(row.summary)
        elif row is None:
            self._pane_item = None
            pane.show_text("")
        elif isinstance(row, DraftRow):
            self._pane_item = None
            pane.show_draft(row.draft)
        else:
            self._pane_item = None
            pane.show_summary(row.summary, services.clock())
            if event.by_user:
                self._body_timer = pane.set_timer(BODY_SECONDS - FOLLOW_SECONDS, self._body_now)
            else:
                self._body_now()

    def _body_now(self) -> None:
        row = self.context.rows.current
        if isinstance(row, InboxRow):
            self._load_detail(row)

    def _load_detail(self, row: InboxRow) -> None:
        services, post = self.context.services, self.context.post

        def work() -> None:
            folders = services.messenger().folders
            detail = folders.show(row.summary.id, mailbox=row.summary.mailbox, mark_read=False)
            post(self.DetailLoaded(row, detail))

        self.context.run(work, group="inbox-detail", exclusive=True)

    def _still_current(self, row: InboxRow) -> InboxRow | None:
        current = self.context.rows.current
        if isinstance(current, InboxRow) and current.summary.item_id == row.summary.item_id:
            return current
        return None

    def detail_loaded(self, message: DetailLoaded) -> None:
        """Show the body if the message is still the selected one."""
        current = self._still_current(message.row)
        if current is None:
            return
        services = self.context.services
        settings = services.settings
        summary = current.summary  # the list's copy: a read mark may have come since
        note = rule_note(summary, settings.mark_read, settings.preview_seconds)
        self.pane.show_detail(message.detail, services.clock(), note)
        self._pane_item = summary.item_id
        self._arm_read_mark(summary)

    def _arm_read_mark(self, summary: MessageSummary) -> None:
        settings = self.context.services.settings
        if settings.mark_read != "preview" or summary.read or self._read_timer is not None:
            return
        self._read_timer = self.pane.set_timer(settings.preview_seconds, self._mark_now)

    def _mark_now(self) -> None:
        self._read_timer = None
        row = self.context.rows.current
        if isinstance(row, InboxRow) and row.summary.item_id == self._pane_item:
            self._mark_read(row)

    def _mark_read(self, row: InboxRow) -> None:
        services, post = self.context.services, self.context.post

        def work() -> None:
            folders = services.messenger().folders
            summary = folders.mark_read(row.summary.id, True, mailbox=row.summary.mailbox)
            post(self.MarkedRead(row, summary))

        self.context.run(work, group="inbox-change")

    def marked_read(self, message: MarkedRead) -> None:
        """Show it read (the counts follow with the change feed)."""
        current = self._still_current(message.row)
        key = current.key if current is not None else message.row.key
        self.context.rows.replace_row(InboxRow(message.summary, key))
        if current is not None:
            settings = self.context.services.settings
            note = rule_note(message.summary, settings.mark_read, settings.preview_seconds)
            self.pane.show_note(note)

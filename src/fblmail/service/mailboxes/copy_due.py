"""The answer deadline a new mailbox copy carries (R10), for the ORM and the DB-API alike.

Pure functions of the thread's state: the questioned side's inbox copy and the asking
side's Skickat copy carry the thread's deadline while the question is open, so both lists
can put the most urgent first by keyset (`ix_item_due`); `inbox_sync.clear_thread_due`
clears them when the question is answered or resolved.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

__all__ = ["OpenThread", "sent_due_at", "waiting_due_at"]


class OpenThread(Protocol):
    """What the deadlines read of a thread (a `Thread` row or `store.query.posting.NewThread`)."""

    @property
    def origin_mailbox_id(self) -> int: ...
    @property
    def counterpart_mailbox_id(self) -> int: ...
    @property
    def due_at(self) -> datetime | None: ...
    @property
    def answered_at(self) -> datetime | None: ...
    @property
    def resolved_at(self) -> datetime | None: ...


def waiting_due_at(thread: OpenThread, recipient_mailbox_id: int) -> datetime | None:
    """The deadline to copy onto a new inbox copy: the questioned side's, while open."""
    if recipient_mailbox_id != thread.counterpart_mailbox_id:
        return None
    if thread.answered_at is not None or thread.resolved_at is not None:
        return None
    return thread.due_at


def sent_due_at(
    thread: OpenThread, sender_mailbox_id: int, recipient_mailbox_id: int
) -> datetime | None:
    """The deadline on the asking side's *Skickat* copy while the question is open, so that
    Skickat lists our questions by deadline first and the late ones on top (R10, issue 11).
    Cleared with the rest by `clear_thread_due` when answered or resolved."""
    if (sender_mailbox_id, recipient_mailbox_id) != (
        thread.origin_mailbox_id,
        thread.counterpart_mailbox_id,
    ):
        return None  # not our question to them (a forward, or their side)
    if thread.answered_at is not None or thread.resolved_at is not None:
        return None
    return thread.due_at

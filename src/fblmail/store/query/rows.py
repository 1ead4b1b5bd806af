"""The one list row: the columns every list, search and show read selects, and their mapping.

`ROW_COLUMNS` (with `ROW_JOINS`) is the SQL; `row_fields` turns one such row into the
fields of `service.views.MessageSummary`. It is the only place that knows the columns'
positions: the inbox, the command line's `list`/`show`/`thread`/`search`, and the use cases
that still read through SQLAlchemy (`service/lookup.summary_select` selects the same
columns in the same order) all map their rows here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fblmail.domain.deadlines import DeadlineState, deadline_state
from fblmail.domain.personnummer import InvalidPatientId, PatientId
from fblmail.store.query.connection import read_time

ROW_COLUMNS = (
    "i.id, i.mailbox_id, i.folder, i.read_at, i.sort_at, i.due_at, "
    "m.id, m.thread_id, m.kind, m.category, m.patient, m.subject, m.sent_at, "
    "t.due_at, t.answered_at, t.resolved_at, t.origin_mailbox_id, t.counterpart_mailbox_id, "
    "sb.address, rb.address, hb.address, "
    "EXISTS (SELECT 1 FROM journal_note j WHERE j.message_seq = m.seq), "
    # who in this mailbox's FBL handles the question while it is open (issue 11,
    # service/messages/handling.py): nobody once it is answered, settled or closed
    "th.login, COALESCE(ha.full_name, th.login), th.taken_at, "
    # the recipient unit's phone, for "☎ ring {unit} {phone}" on a late question (R10)
    "ro.phone"
)
ROW_JOINS = (
    "JOIN message m ON m.seq = i.message_seq "
    "JOIN thread t ON t.id = m.thread_id "
    "JOIN mailbox sb ON sb.id = m.sender_mailbox_id "
    "JOIN mailbox rb ON rb.id = m.recipient_mailbox_id "
    "JOIN mailbox hb ON hb.id = i.mailbox_id "
    "LEFT JOIN organisation ro ON ro.id = rb.organisation_id "
    # at most one handler per thread and side (unique key), so the row count never grows
    "LEFT JOIN thread_handler th ON th.thread_id = m.thread_id AND th.mailbox_id = i.mailbox_id "
    "AND t.answered_at IS NULL AND t.resolved_at IS NULL AND t.closed_at IS NULL "
    "LEFT JOIN account ha ON ha.login = th.login"
)
"""From `mailbox_item i`: everything `ROW_COLUMNS` names."""
ROW_WIDTH = 26
"""How many columns a row has (a test holds `summary_select` to the same)."""
KEY_INDEX = {"i.id": 0, "i.sort_at": 4, "i.due_at": 5}
"""Where each keyset sort column sits in a row."""


def row_fields(row: tuple[Any, ...] | Any, now: datetime) -> dict[str, Any]:
    """The fields of a list row (`MessageSummary(**row_fields(row, now))`) from one row of
    `ROW_COLUMNS`; times come back aware UTC from either back end."""
    (item_id, box_id, folder, read_at, _sort, _due, msg_id, thread_id, kind, category,
     patient, subject, sent_at, t_due, t_answered, t_resolved, origin, counterpart,
     sender, recipient, holder, has_note, taken_by, taken_name, taken_at,
     phone) = tuple(row)  # fmt: skip
    due, answered, resolved = read_time(t_due), read_time(t_answered), read_time(t_resolved)
    state = deadline_state(due, answered, now, resolved)
    waiting = ""
    if state in (DeadlineState.WAITING, DeadlineState.DUE_SOON, DeadlineState.OVERDUE):
        waiting = "us" if box_id == counterpart else "them" if box_id == origin else ""
    try:
        shown_patient = PatientId(patient).display()
    except InvalidPatientId:  # stored by hand or by an older version: show it as it is
        shown_patient = patient
    sent = read_time(sent_at)
    assert sent is not None
    return {
        "id": msg_id,
        "thread_id": thread_id,
        "item_id": item_id,
        "mailbox": holder,
        "folder": folder,
        "kind": kind,
        "category": category,
        "patient": shown_patient,
        "subject": subject,
        "sender": sender,
        "recipient": recipient,
        "sent_at": sent,
        "due_at": due,
        "answered_at": answered,
        "resolved_at": resolved,
        "overdue": state is DeadlineState.OVERDUE,
        "read": read_at is not None,
        "deadline": str(state),
        "waiting_for": waiting,
        "has_journal_note": bool(has_note),
        "forwarded": kind == "forward",
        "taken_by": taken_by,
        "taken_by_name": taken_name,
        "taken_at": read_time(taken_at),
        "recipient_phone": phone,
    }

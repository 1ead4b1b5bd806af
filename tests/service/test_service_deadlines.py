"""R10: the 72-hour answer window, answering a thread, and what list/show expose."""

from __future__ import annotations

from datetime import timedelta

from fblmail.service.views import MessageSummary
from kit.people import HERRHAGEN, KARLSTAD, World

LIST_KEYS = {
    "id",
    "thread_id",
    "category",
    "patient",
    "subject",
    "from",
    "to",
    "sent_at",
    "due_at",
    "answered_at",
    "overdue",
    "read",
}


def _inbox_row(world: World, login: str, mailbox: str, message_id: str) -> MessageSummary:
    page = world.as_(login).folders.list_messages(mailbox, log=False)
    return next(m for m in page.items if m.id == message_id)


def test_due_is_sent_plus_72_hours(world: World) -> None:
    sent_at = world.clock()
    message_id = world.send()
    summary = world.as_("cecilia.dr").folders.show(message_id).summary
    assert summary.sent_at == sent_at
    assert summary.due_at == sent_at + timedelta(hours=72)
    assert summary.answered_at is None


def test_overdue_only_after_72_hours(world: World) -> None:
    message_id = world.send()
    world.clock.advance(hours=71)
    row = _inbox_row(world, "cecilia.dr", HERRHAGEN, message_id)
    assert (row.overdue, row.deadline, row.waiting_for) == (False, "due_soon", "us")
    world.clock.advance(hours=1)  # exactly 72 h: due now, not yet overdue
    assert _inbox_row(world, "cecilia.dr", HERRHAGEN, message_id).overdue is False
    world.clock.advance(microseconds=1)
    assert _inbox_row(world, "cecilia.dr", HERRHAGEN, message_id).overdue is True
    world.clock.advance(hours=1)  # 73 h
    row = _inbox_row(world, "cecilia.dr", HERRHAGEN, message_id)
    assert (row.overdue, row.deadline) == (True, "overdue")
    # The sender sees it overdue too: they must now make contact another way (R10).
    sent = world.as_("anna.ssk").folders.list_messages(KARLSTAD, folder="sent", log=False)
    assert (sent.items[0].overdue, sent.items[0].waiting_for) == (True, "them")
    assert world.as_("anna.ssk").folders.show(message_id).summary.overdue is True


def test_fresh_message_is_waiting(world: World) -> None:
    message_id = world.send()
    row = _inbox_row(world, "david.ssk", HERRHAGEN, message_id)
    assert (row.overdue, row.deadline) == (False, "waiting")


def test_reply_from_recipient_answers_and_stops_the_clock(world: World) -> None:
    message_id = world.send()
    world.clock.advance(hours=10)
    answered_at = world.clock()
    reply = world.as_("cecilia.dr").messaging.reply(message_id, "Ja, listan stämmer.")
    assert reply.answered_at == answered_at
    assert (reply.sender, reply.recipient, reply.kind) == (HERRHAGEN, KARLSTAD, "reply")
    assert reply.subject == "Sv: Fråga om läkemedelslista"
    world.clock.advance(hours=100)  # long past the original deadline
    for login, mailbox, folder in (
        ("cecilia.dr", HERRHAGEN, "inbox"),
        ("anna.ssk", KARLSTAD, "sent"),
        ("anna.ssk", KARLSTAD, "inbox"),
    ):
        page = world.as_(login).folders.list_messages(mailbox, folder=folder, log=False)
        for row in page.items:
            assert row.thread_id == reply.thread_id
            assert (row.answered_at, row.overdue, row.deadline) == (answered_at, False, "answered")
    shown = world.as_("anna.ssk").folders.show(reply.id)
    assert shown.summary.answered_at == answered_at
    assert shown.summary.overdue is False
    assert shown.body == "Ja, listan stämmer."


def test_late_answer_still_answers(world: World) -> None:
    message_id = world.send()
    world.clock.advance(hours=80)
    assert _inbox_row(world, "cecilia.dr", HERRHAGEN, message_id).overdue is True
    world.as_("david.ssk").messaging.reply(message_id, "Förlåt dröjsmålet, listan stämmer.")
    row = _inbox_row(world, "cecilia.dr", HERRHAGEN, message_id)
    assert (row.overdue, row.deadline) == (False, "answered")


def test_reply_from_original_sender_does_not_answer(world: World) -> None:
    message_id = world.send()
    follow_up = world.as_("bengt.ssk").messaging.reply(message_id, "Tillägg: gäller även Waran.")
    assert (follow_up.sender, follow_up.recipient) == (KARLSTAD, HERRHAGEN)
    assert follow_up.answered_at is None
    world.clock.advance(hours=73)
    row = _inbox_row(world, "cecilia.dr", HERRHAGEN, message_id)
    assert row.overdue is True
    # The counterpart's answer to the follow-up still answers the thread.
    world.as_("cecilia.dr").messaging.reply(follow_up.id, "Noterat, listan stämmer.")
    assert _inbox_row(world, "cecilia.dr", HERRHAGEN, message_id).overdue is False


def test_second_answer_keeps_first_answered_time(world: World) -> None:
    message_id = world.send()
    first = world.as_("cecilia.dr").messaging.reply(message_id, "Svar ett.")
    world.clock.advance(hours=1)
    second = world.as_("david.ssk").messaging.reply(message_id, "Svar två.")
    assert second.answered_at == first.answered_at == first.sent_at


def test_list_and_show_json_expose_deadline_fields(world: World) -> None:
    message_id = world.send()
    world.clock.advance(hours=73)
    row = _inbox_row(world, "cecilia.dr", HERRHAGEN, message_id).to_json()
    assert set(row) >= LIST_KEYS
    assert row["overdue"] is True
    assert row["answered_at"] is None
    assert row["from"] == KARLSTAD and row["to"] == HERRHAGEN
    assert row["patient"] == "19121212-1212"
    detail = world.as_("cecilia.dr").folders.show(message_id).to_json()
    assert LIST_KEYS | {"body", "journal_note", "forwarded_from"} <= set(detail)
    assert detail["due_at"] == row["due_at"]
    assert detail["journal_note"] is None and detail["forwarded_from"] is None
    assert detail["read"] is True  # show marks it read

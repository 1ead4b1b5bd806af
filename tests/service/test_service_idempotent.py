"""Idempotent send: a client-chosen id sent twice stores one message."""

from __future__ import annotations

import uuid
from functools import partial

from fblmail.errors import InvalidInput
from kit.people import GRIPEN, HERRHAGEN, World
from kit.service import logged, refused
from kit.stores import row_counts


def test_same_id_twice_stores_one_message(world: World) -> None:
    message_id = str(uuid.uuid4())
    first = world.send(message_id=message_id)
    counts = row_counts(world.store)
    with logged(world.store) as watch:
        second = world.send(message_id=message_id)
    assert first == second == message_id
    assert row_counts(world.store) == counts
    assert [(r.action, r.outcome, r.message_id) for r in watch.rows] == [("send", "ok", message_id)]
    inbox = world.as_("cecilia.dr").folders.list_messages(HERRHAGEN, log=False)
    assert [m.id for m in inbox.items] == [message_id]


def test_id_is_normalised(world: World) -> None:
    message_id = uuid.uuid4()
    assert world.send(message_id=str(message_id).upper()) == str(message_id)
    assert world.send(message_id=message_id.hex) == str(message_id)
    assert row_counts(world.store)["message"] == 1


def test_same_id_with_different_content_is_refused(world: World) -> None:
    message_id = str(uuid.uuid4())
    world.send(message_id=message_id)
    changes = (
        {"subject": "En annan fråga"},
        {"body": "En annan text."},
        {"to_fbl": GRIPEN},
        {"patient": "19121272-1219"},
        {"category": "Recept"},
        {"journal_note": "cosmic://journal/1", "journal_title": "Anteckning"},
    )
    for change in changes:
        _exc, row = refused(
            world,
            partial(world.send, message_id=message_id, **change),
            InvalidInput,
            field_name="id",
            says=(message_id,),
            action="send",
        )
        assert row.message_id == message_id, change


def test_same_id_from_another_user_is_refused(world: World) -> None:
    message_id = str(uuid.uuid4())
    world.send(message_id=message_id)
    refused(
        world,
        partial(world.send, "bengt.ssk", message_id=message_id),
        InvalidInput,
        field_name="id",
    )


def test_id_that_is_not_a_uuid_is_invalid_input(world: World) -> None:
    for bad in ("42", "not-a-uuid", "", "ffffffff-ffff-ffff-ffff-fffffffffffg"):
        _exc, row = refused(
            world,
            partial(world.send, message_id=bad),
            InvalidInput,
            field_name="id",
            says=("UUID",),
            action="send",
        )
        assert (row.actor, row.actor_unit) == ("anna.ssk", "Karlstad")


def test_reply_id_that_is_not_a_uuid_is_invalid_input(world: World) -> None:
    message_id = world.send()
    refused(
        world,
        partial(world.as_("cecilia.dr").messaging.reply, message_id, "Svar.", message_id="x"),
        InvalidInput,
        field_name="id",
        action="reply",
    )

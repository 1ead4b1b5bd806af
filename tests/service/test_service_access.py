"""Who may touch a message: members of the FBLs that hold it, with an active account."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

import pytest

from fblmail.errors import InvalidInput, NoAccess
from fblmail.service import Messenger
from kit.people import GRIPEN, HERRHAGEN, KARLSTAD, World
from kit.service import logged, refused
from kit.stores import set_active


def _actions(who: Messenger, message_id: str) -> dict[str, Callable[[], object]]:
    """Every use case that touches one message, keyed by its access-log action."""
    return {
        "read": partial(who.folders.show, message_id),
        "read-thread": partial(who.folders.thread, message_id),
        "move": partial(who.folders.move, message_id, "trash"),
        "delete": partial(who.folders.delete, message_id),
        "restore": partial(who.folders.restore, message_id),
        "mark": partial(who.folders.mark_read, message_id, False),
        "reply": partial(who.messaging.reply, message_id, "Svar."),
        "forward": partial(who.messaging.forward, message_id, who.login, recipient_informed=True),
    }


def test_outsider_cannot_touch_a_message(world: World) -> None:
    message_id = world.send()
    for action, call in _actions(world.as_("gustav.ssk"), message_id).items():
        exc, row = refused(world, call, NoAccess, field_name="id", action=action)
        assert "fblmail list" in exc.sv
        assert row.actor == "gustav.ssk"
        assert row.actor_unit == "Vc Gripen"
        assert row.message_id == message_id
        assert row.outcome == "denied"
        assert row.patient is None  # an outsider's log row does not name the patient


def test_unknown_and_prefix_ids(world: World) -> None:
    message_id = world.send()
    reader = world.as_("cecilia.dr").folders
    assert reader.show(message_id[:8]).summary.id == message_id
    assert reader.show(message_id.upper()).summary.id == message_id
    refused(world, partial(reader.show, str(uuid.uuid4())), NoAccess, field_name="id")
    refused(world, partial(reader.show, message_id[:5]), InvalidInput, field_name="id")


def test_list_of_a_mailbox_not_yours_is_no_access(world: World) -> None:
    world.send()
    refused(
        world,
        partial(world.as_("gustav.ssk").folders.list_messages, HERRHAGEN),
        NoAccess,
        action="list",
    )
    assert world.as_("gustav.ssk").folders.list_messages(GRIPEN).items == ()


def test_removed_member_loses_access_at_next_action(world: World) -> None:
    message_id = world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD)
    bengt = world.as_("bengt.ssk")
    assert bengt.folders.show(message_id).summary.id == message_id
    world.as_("sara.support").admin.remove_member("bengt.ssk", KARLSTAD)
    # The same Messenger object: access is checked per action, never cached.
    for action, call in _actions(bengt, message_id).items():
        refused(world, call, NoAccess, action=action)
    refused(world, partial(world.send, "bengt.ssk"), NoAccess, field_name="from")
    refused(world, partial(bengt.folders.list_messages, KARLSTAD), NoAccess)
    assert [b.address for b in bengt.folders.mailboxes() if b.kind == "fbl"] == []
    # Added back, access returns.
    world.as_("sara.support").admin.add_member("bengt.ssk", KARLSTAD)
    assert bengt.folders.show(message_id).summary.id == message_id


def test_removed_member_cannot_replay_an_earlier_send(world: World) -> None:
    message_id = str(uuid.uuid4())
    world.send("bengt.ssk", message_id=message_id)
    world.as_("sara.support").admin.remove_member("bengt.ssk", KARLSTAD)
    refused(world, partial(world.send, "bengt.ssk", message_id=message_id), NoAccess)


def test_deactivated_account_told_how_to_ask_for_one(world: World) -> None:
    message_id = world.send()
    set_active(world.store, "cecilia.dr", False)
    cecilia = world.as_("cecilia.dr")
    for action, call in _actions(cecilia, message_id).items():
        _exc, row = refused(
            world,
            call,
            NoAccess,
            field_name="user",
            says=("konto", "access request"),
            action=action,
        )
        assert row.actor == "cecilia.dr"
    refused(
        world,
        partial(world.send, "cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD),
        NoAccess,
        field_name="user",
    )
    for read_only in (cecilia.folders.mailboxes, cecilia.folders.actor):
        with pytest.raises(NoAccess) as caught:
            read_only()
        assert caught.value.field == "user"


def test_unknown_login_told_how_to_ask_for_an_account(world: World) -> None:
    _exc, row = refused(
        world,
        partial(world.as_("okand.person").folders.list_messages, KARLSTAD),
        NoAccess,
        field_name="user",
        says=("access request",),
    )
    assert (row.actor, row.actor_unit) == ("okand.person", "")


def test_reply_id_of_a_message_not_yours_reveals_nothing(world: World) -> None:
    # gustav.ssk may write in his own thread, but must not get someone else's message back
    # by passing its id as the "idempotent" id of his reply.
    secret = world.send()
    own = world.send("gustav.ssk", from_fbl=GRIPEN, to_fbl=KARLSTAD, patient="19121272-1219")
    with logged(world.store) as watch, pytest.raises(InvalidInput) as caught:
        world.as_("gustav.ssk").messaging.reply(own, "Svar.", message_id=secret)
    assert caught.value.field == "id"
    assert "Fråga om" not in caught.value.sv  # nothing of the other message is shown
    assert [(r.action, r.outcome) for r in watch.rows] == [("reply", "invalid")]


def test_repeated_reply_with_same_id_stores_one_and_is_logged(world: World) -> None:
    message_id = world.send()
    reply_id = str(uuid.uuid4())
    cecilia = world.as_("cecilia.dr").messaging
    first = cecilia.reply(message_id, "Svar.", message_id=reply_id)
    with logged(world.store) as watch:
        again = cecilia.reply(message_id, "Svar.", message_id=reply_id)
    assert again.id == first.id == reply_id
    assert [(r.action, r.outcome, r.message_id) for r in watch.rows] == [("reply", "ok", reply_id)]
    thread = world.as_("anna.ssk").folders.thread(message_id)
    assert [d.summary.id for d in thread] == [message_id, reply_id]

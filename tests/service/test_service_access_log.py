"""The access log: one row per action and per refused attempt, append-only, hash-chained."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from fblmail.errors import Refused
from fblmail.store.audit import verify_chain
from fblmail.store.engine import Store
from fblmail.store.tables import AccessLog
from kit.people import HERRHAGEN, KARLSTAD, World
from kit.service import logged, refused
from kit.stores import last_log_id, log_rows

TOLVAN_DIGITS = "191212121212"


def _check(
    row: AccessLog,
    world: World,
    *,
    actor: str,
    unit: str,
    action: str,
    mailbox: str | None,
    message_id: str | None,
    outcome: str = "ok",
    patient: str | None = TOLVAN_DIGITS,
) -> None:
    assert row.at == world.clock()
    assert (row.actor, row.actor_unit, row.action) == (actor, unit, action)
    assert (row.mailbox, row.message_id, row.patient, row.outcome) == (
        mailbox,
        message_id,
        patient,
        outcome,
    )


def test_every_action_writes_one_complete_row(world: World) -> None:
    with logged(world.store) as watch:
        message_id = world.send()
    _check(
        watch.only,
        world,
        actor="anna.ssk",
        unit="Karlstad",
        action="send",
        mailbox=KARLSTAD,
        message_id=message_id,
    )
    assert watch.only.thread_id is not None
    assert watch.only.rule is None

    world.clock.advance(minutes=5)
    with logged(world.store) as watch:
        world.as_("cecilia.dr").folders.show(message_id)
    _check(
        watch.only,
        world,
        actor="cecilia.dr",
        unit="Vc Herrhagen",
        action="read",
        mailbox=HERRHAGEN,
        message_id=message_id,
    )

    world.clock.advance(minutes=5)
    with logged(world.store) as watch:
        reply = world.as_("cecilia.dr").messaging.reply(message_id, "Listan stämmer.")
    _check(
        watch.only,
        world,
        actor="cecilia.dr",
        unit="Vc Herrhagen",
        action="reply",
        mailbox=HERRHAGEN,
        message_id=reply.id,
    )

    world.clock.advance(minutes=5)
    with logged(world.store) as watch:
        forward = world.as_("anna.ssk").messaging.forward(
            reply.id, "bengt.ssk", recipient_informed=True
        )
    _check(
        watch.only,
        world,
        actor="anna.ssk",
        unit="Karlstad",
        action="forward",
        mailbox=KARLSTAD,
        message_id=reply.id,
    )
    assert watch.only.detail is not None and forward.id in watch.only.detail

    world.clock.advance(minutes=5)
    with logged(world.store) as watch:
        world.as_("anna.ssk").folders.move(reply.id, "trash")
    _check(
        watch.only,
        world,
        actor="anna.ssk",
        unit="Karlstad",
        action="move",
        mailbox=KARLSTAD,
        message_id=reply.id,
    )

    world.clock.advance(minutes=5)
    with logged(world.store) as watch:
        world.as_("david.ssk").folders.delete(message_id)
    _check(
        watch.only,
        world,
        actor="david.ssk",
        unit="Vc Herrhagen",
        action="delete",
        mailbox=HERRHAGEN,
        message_id=message_id,
    )


def test_refused_send_writes_one_complete_row(world: World) -> None:
    world.clock.advance(minutes=3)
    _exc, row = refused(
        world, partial(world.send, body="Akut: ring mig!"), Refused, rule="R9", action="send"
    )
    _check(
        row,
        world,
        actor="anna.ssk",
        unit="Karlstad",
        action="send",
        mailbox=KARLSTAD,
        message_id=row.message_id,
        outcome="refused",
    )
    assert row.message_id is not None  # the id the refused message would have had
    assert row.rule == "R9"
    assert row.detail is not None and "akut" in row.detail.lower()


def test_list_and_thread_are_logged_once(world: World) -> None:
    message_id = world.send()
    folders = world.as_("cecilia.dr").folders
    with logged(world.store) as watch:
        folders.list_messages(HERRHAGEN)
    assert (watch.only.action, watch.only.mailbox, watch.only.patient) == ("list", HERRHAGEN, None)
    with logged(world.store) as watch:
        folders.thread(message_id)
    assert (watch.only.action, watch.only.message_id, watch.only.patient) == (
        "read-thread",
        message_id,
        TOLVAN_DIGITS,
    )
    with logged(world.store) as watch:
        folders.list_messages(HERRHAGEN, log=False)
        folders.mailboxes()
    assert watch.rows == []


# -- append-only and the hash chain ----------------------------------------------------------


def test_access_log_rows_cannot_be_updated_or_deleted(world: World) -> None:
    world.send()
    before = log_rows(world.store)
    for statement in (
        "UPDATE access_log SET actor = 'someone.else' WHERE id = 1",
        "UPDATE access_log SET detail = NULL",
        "DELETE FROM access_log WHERE id = 1",
        "DELETE FROM access_log",
        # PostgreSQL's TRUNCATE skips row triggers; SQLite has none (DELETE fires the trigger).
        *(() if world.store.sqlite else ("TRUNCATE access_log",)),
    ):
        with pytest.raises(DBAPIError, match="append-only"), world.store.write() as session:
            session.connection().execute(text(statement))
    after = log_rows(world.store)
    assert [(r.id, r.row_hash, r.actor) for r in after] == [
        (r.id, r.row_hash, r.actor) for r in before
    ]


def _chain(store: Store) -> list[AccessLog]:
    with store.read() as session:
        return list(session.exec(select(AccessLog).order_by(col(AccessLog.id))).all())


@contextmanager
def _triggers_off(store: Store) -> Iterator[Session]:
    """A write session in which the append-only triggers do not fire (tamper on purpose)."""
    with store.write() as session:
        if store.sqlite:
            session.connection().execute(text("DROP TRIGGER access_log_no_update"))
            session.connection().execute(text("DROP TRIGGER access_log_no_delete"))
            yield session
            return
        session.connection().execute(text("ALTER TABLE access_log DISABLE TRIGGER USER"))
        yield session
        session.connection().execute(text("ALTER TABLE access_log ENABLE TRIGGER USER"))


def test_intact_chain_verifies(world: World) -> None:
    message_id = world.send()
    world.as_("cecilia.dr").folders.show(message_id)
    world.as_("cecilia.dr").messaging.reply(message_id, "Svar.")
    rows = _chain(world.store)
    assert len(rows) == last_log_id(world.store) > 10  # directory, accounts, messages
    assert verify_chain(rows) is None


def test_tampered_row_is_detected(world: World) -> None:
    message_id = world.send()
    world.as_("cecilia.dr").folders.show(message_id)
    with world.store.read() as session:
        read_row = session.exec(select(AccessLog).where(AccessLog.action == "read")).one()
    with _triggers_off(world.store) as session:
        session.connection().execute(
            text("UPDATE access_log SET actor = 'david.ssk' WHERE id = :id"), {"id": read_row.id}
        )
    broken = verify_chain(_chain(world.store))
    assert broken is not None
    assert broken.row_id == read_row.id
    assert "hash" in broken.reason


def test_deleted_row_is_detected(world: World) -> None:
    message_id = world.send()
    world.as_("cecilia.dr").folders.show(message_id)
    last = last_log_id(world.store)
    with _triggers_off(world.store) as session:
        session.connection().execute(
            text("DELETE FROM access_log WHERE id = :id"), {"id": last - 1}
        )
    broken = verify_chain(_chain(world.store))
    assert broken is not None
    assert broken.row_id == last - 1

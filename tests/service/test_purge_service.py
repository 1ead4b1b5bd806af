"""Purging (R17) on both back ends: exactly the selected messages go, and nothing else."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import select

from fblmail.errors import InvalidInput, NoAccess
from fblmail.store.tables import MailboxItem, Message, PurgeRun, Thread
from kit.people import GRIPEN, HERRHAGEN, KARLSTAD, World
from kit.stores import last_log_id, log_rows, table_counts


def items(world: World) -> set[tuple[str, str, str]]:
    """(message subject, mailbox address, folder) of every mailbox item."""
    with world.store.read() as session:
        rows = session.exec(
            text(  # type: ignore[call-overload]
                "SELECT m.subject, b.address, i.folder FROM mailbox_item i "
                "JOIN message m ON m.seq = i.message_seq JOIN mailbox b ON b.id = i.mailbox_id"
            )
        ).all()
    return {(r[0], r[1], r[2]) for r in rows}


def subjects(world: World) -> set[str]:
    """Subjects of the messages still stored."""
    with world.store.read() as session:
        return set(session.exec(select(Message.subject)).all())


def three(world: World) -> tuple[str, str, str]:
    """Three questions Karlstad → Herrhagen, an hour apart; returns their ids."""
    found = []
    for name in ("A", "B", "C"):
        found.append(world.send("anna.ssk", subject=name))
        world.clock.advance(hours=1)
    return found[0], found[1], found[2]


def test_dry_run_changes_nothing(world: World) -> None:
    three(world)
    before = table_counts(world.store)
    plan = world.as_("cecilia.dr").purge.plan(HERRHAGEN, all_folders=True)
    assert table_counts(world.store) == before  # not even an access-log or purge_run row
    assert plan.total == 3
    assert [(f.folder, f.count) for f in plan.folders] == [("inbox", 3)]
    assert plan.oldest is not None and plan.newest is not None
    assert (plan.newest - plan.oldest).total_seconds() == 2 * 3600


def test_purging_one_mailbox_keeps_the_other_copy(world: World) -> None:
    _a, b, _c = three(world)
    world.as_("cecilia.dr").folders.delete(b)
    before = table_counts(world.store)

    result = world.as_("cecilia.dr").purge.purge(HERRHAGEN, folder="trash")
    assert (result.removed_items, result.deleted_messages, result.deleted_threads) == (1, 0, 0)
    assert ("B", HERRHAGEN, "trash") not in items(world)
    assert ("B", KARLSTAD, "sent") in items(world)  # Karlstad's copy is Karlstad's to purge
    after = table_counts(world.store)
    assert after["mailbox_item"] == before["mailbox_item"] - 1
    assert after["message"] == before["message"]

    result = world.as_("anna.ssk").purge.purge(KARLSTAD, folder="sent")
    assert (result.removed_items, result.deleted_messages, result.deleted_threads) == (3, 1, 1)
    assert subjects(world) == {"A", "C"}
    assert items(world) == {("A", HERRHAGEN, "inbox"), ("C", HERRHAGEN, "inbox")}


def test_all_folders_and_older_than(world: World) -> None:
    three(world)  # A at 0 h, B at 1 h, C at 2 h; now 3 h
    world.clock.advance(hours=21)  # now 24 h: A is 24 h old, B 23 h, C 22 h
    world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD, subject="D")
    with pytest.raises(InvalidInput):
        world.as_("cecilia.dr").purge.purge(HERRHAGEN)
    with pytest.raises(InvalidInput):
        world.as_("cecilia.dr").purge.purge(HERRHAGEN, folder="trash", all_folders=True)
    with pytest.raises(InvalidInput):
        world.as_("cecilia.dr").purge.purge(HERRHAGEN, folder="papperskorg")
    world.clock.advance(days=1)  # A 48 h, B 47 h, C 46 h, D 24 h: "older than" is strict
    assert world.as_("cecilia.dr").purge.plan(HERRHAGEN, older_than_days=2).total == 0
    world.clock.advance(minutes=1)
    plan = world.as_("cecilia.dr").purge.plan(HERRHAGEN, older_than_days=2)
    assert plan.total == 1
    result = world.as_("cecilia.dr").purge.purge(HERRHAGEN, older_than_days=1, folder="inbox")
    assert result.removed_items == 3
    assert {s for s, box, _f in items(world) if box == HERRHAGEN} == {"D"}
    result = world.as_("cecilia.dr").purge.purge(HERRHAGEN, all_folders=True)
    assert {box for _s, box, _f in items(world)} == {KARLSTAD}


def test_purge_is_logged_start_and_end_and_the_log_is_kept(world: World) -> None:
    message_id = world.send("anna.ssk")
    world.as_("cecilia.dr").folders.show(message_id)
    log_before = table_counts(world.store)["access_log"]
    mark = last_log_id(world.store)
    world.as_("cecilia.dr").purge.purge(HERRHAGEN, all_folders=True)
    result = world.as_("anna.ssk").purge.purge(KARLSTAD, all_folders=True)
    assert result.deleted_messages == 1
    rows = log_rows(world.store, mark)
    assert [(r.action, r.actor) for r in rows] == [
        ("purge-start", "cecilia.dr"),
        ("purge-end", "cecilia.dr"),
        ("purge-start", "anna.ssk"),
        ("purge-end", "anna.ssk"),
    ]
    assert "deleted 1 messages" in (rows[-1].detail or "")
    assert table_counts(world.store)["access_log"] == log_before + 4
    old = [r for r in log_rows(world.store) if r.message_id == message_id]
    assert {r.action for r in old} >= {"send", "read"}  # outlive the message
    with world.store.read() as session:
        runs = session.exec(select(PurgeRun).order_by(PurgeRun.id)).all()  # type: ignore[arg-type]
    assert [(r.kind, r.mailbox, r.deleted) for r in runs] == [
        ("manual", HERRHAGEN, 0),
        ("manual", KARLSTAD, 1),
    ]
    assert all(r.finished_at is not None for r in runs)


def test_journal_note_links_go_with_the_message(world: World) -> None:
    world.send(
        "cecilia.dr",
        from_fbl=HERRHAGEN,
        to_fbl=KARLSTAD,
        journal_note="cosmic://note/123",
        journal_title="Anteckning",
    )
    assert table_counts(world.store)["journal_note"] == 1
    world.as_("cecilia.dr").purge.purge(HERRHAGEN, all_folders=True)
    assert table_counts(world.store)["journal_note"] == 1
    world.as_("anna.ssk").purge.purge(KARLSTAD, all_folders=True)
    after = table_counts(world.store)
    assert (after["journal_note"], after["disclosure"], after["thread"]) == (0, 0, 0)


def test_short_batches_report_progress_and_take_nothing_new(world: World) -> None:
    for n in range(5):
        world.send("anna.ssk", subject=f"Fråga {n}")
    seen: list[tuple[int, int]] = []
    locks: list[float] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if len(seen) == 1:  # a message arriving in the middle of the purge stays
            world.send("anna.ssk", subject="Ny under rensningen")

    result = world.as_("cecilia.dr").purge.purge(
        HERRHAGEN, all_folders=True, batch_size=2, on_progress=progress, on_batch=locks.append
    )
    assert result.removed_items == 5
    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert len(locks) == result.transactions >= 5  # start, 3 batches, end (+ SQLite upkeep)
    assert result.longest_transaction_seconds == max(locks)
    assert {s for s, box, _f in items(world) if box == HERRHAGEN} == {"Ny under rensningen"}


def test_only_members_purge_a_mailbox(world: World) -> None:
    three(world)
    before = table_counts(world.store)
    with pytest.raises(NoAccess):
        world.as_("gustav.ssk").purge.purge(HERRHAGEN, all_folders=True)
    with pytest.raises(NoAccess):
        world.as_("gustav.ssk").purge.plan(HERRHAGEN, all_folders=True)
    after = table_counts(world.store)
    assert after["access_log"] == before["access_log"] + 2  # the refused attempts
    assert {k: v for k, v in after.items() if k != "access_log"} == {
        k: v for k, v in before.items() if k != "access_log"
    }
    assert [r.outcome for r in log_rows(world.store)[-2:]] == ["denied", "denied"]
    with pytest.raises(NoAccess):
        world.as_("gustav.ssk").purge.purge(GRIPEN.replace("Gripen", "Herrhagen"), folder="sent")


def test_a_personal_mailbox_is_its_owners_to_purge(world: World) -> None:
    message_id = world.send("anna.ssk")
    world.as_("cecilia.dr").messaging.forward(message_id, "david.ssk", recipient_informed=True)
    personal = "David Dahl <david.ssk>"
    with pytest.raises(NoAccess):
        world.as_("cecilia.dr").purge.purge(personal, all_folders=True)
    result = world.as_("david.ssk").purge.purge(personal, all_folders=True)
    assert (result.removed_items, result.deleted_messages) == (1, 1)  # the forwarded copy
    assert items(world) == {
        ("Fråga om läkemedelslista", HERRHAGEN, "inbox"),
        ("Fråga om läkemedelslista", KARLSTAD, "sent"),
    }


def test_expired_deletes_older_than_365_days_everywhere_idempotently(world: World) -> None:
    world.send("anna.ssk", subject="Gammal")
    world.clock.advance(days=200)
    world.send("erik.ssk", from_fbl="Arvika", to_fbl=HERRHAGEN, subject="Halvgammal")
    world.clock.advance(days=165)  # "Gammal" exactly 365 days old: kept
    plan = world.as_("sara.support").purge.plan_expired()
    assert plan.messages == 0
    first = world.as_("sara.support").purge.expired()
    assert first.deleted_messages == 0
    world.clock.advance(minutes=1)
    plan = world.as_("sara.support").purge.plan_expired()
    assert (plan.messages, plan.total) == (1, 2)
    before = table_counts(world.store)
    second = world.as_("sara.support").purge.expired()
    assert (second.removed_items, second.deleted_messages, second.deleted_threads) == (2, 1, 1)
    assert subjects(world) == {"Halvgammal"}
    third = world.as_("sara.support").purge.expired()
    assert (third.removed_items, third.deleted_messages) == (0, 0)
    after = table_counts(world.store)
    assert after["access_log"] == before["access_log"] + 4
    with world.store.read() as session:
        runs = session.exec(select(PurgeRun).order_by(PurgeRun.id)).all()  # type: ignore[arg-type]
    assert [(r.kind, r.deleted, r.finished_at is not None) for r in runs] == [
        ("expired", 0, True),
        ("expired", 1, True),
        ("expired", 0, True),
    ]
    with world.store.read() as session:
        assert session.exec(select(Thread.subject)).all() == ["Halvgammal"]
        assert len(session.exec(select(MailboxItem)).all()) == 2


def test_expired_is_a_support_job(world: World) -> None:
    with pytest.raises(NoAccess):
        world.as_("anna.ssk").purge.expired()
    with pytest.raises(NoAccess):
        world.as_("fia.chef").purge.plan_expired()
    assert table_counts(world.store)["purge_run"] == 0

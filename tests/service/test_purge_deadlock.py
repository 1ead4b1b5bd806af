"""A purge batch that PostgreSQL picks to break a deadlock is run again and counted once
(issue 10, R17).

A batch deletes mailbox items (their per-folder counters in `folder_tally` are updated by
triggers, in row order), then messages, then empty threads; a send or another writer takes
the same rows in its own order. PostgreSQL breaks such a cycle by rolling one transaction
back (SQLSTATE 40P01). The batch is then run again whole, and its counts join the run's
only after its commit, so the result and the access log say what was really deleted.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

import psycopg
import pytest
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from fblmail.service.duty import purge as purge_module
from fblmail.service.duty.purge import PurgeResult
from fblmail.service.duty.purge_batches import Batch, expired_batch
from fblmail.service.duty.purge_plan import Tally
from kit.people import HERRHAGEN, KARLSTAD, World

QUESTIONS = 3  # each: one message, one thread, a sent and an inbox item


def _old_mail(world: World) -> None:
    for n in range(QUESTIONS):
        world.send(subject=f"Fråga {n}")
    world.clock.advance(days=366)


def _counted_once(world: World, result: PurgeResult) -> None:
    assert (result.deleted_messages, result.removed_items, result.deleted_threads) == (
        QUESTIONS,
        2 * QUESTIONS,
        QUESTIONS,
    )
    with world.store.read() as session:
        conn = session.connection()
        left = conn.execute(text("SELECT count(*) FROM message")).scalar_one()
        tallies = conn.execute(text("SELECT coalesce(sum(items), 0) FROM folder_tally"))
        detail = conn.execute(
            text("SELECT detail FROM access_log WHERE action = 'purge-end' ORDER BY id DESC")
        ).scalars()
        end = next(iter(detail))
    assert left == 0 and tallies.scalar_one() == 0
    assert f"removed {2 * QUESTIONS} items, deleted {QUESTIONS} messages" in end
    assert f"and {QUESTIONS} threads" in end


def test_a_batch_rolled_back_after_counting_is_counted_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch counts, then its transaction fails as a deadlock victim would: the retry
    deletes the same rows again and the run counts them once (both back ends)."""
    _old_mail(world)
    real = expired_batch
    failures = [psycopg.errors.DeadlockDetected("deadlock detected")]

    def flaky(cutoff: datetime) -> Batch:
        batch = real(cutoff)

        def once(conn: Connection, size: int, tally: Tally) -> int:
            found = batch(conn, size, tally)
            if failures:
                raise failures.pop()  # after the deletes and the counting: all rolled back
            return found

        return once

    monkeypatch.setattr(purge_module, "expired_batch", flaky)
    result = world.as_("sara.support").purge.expired(batch_size=100)
    assert failures == []
    _counted_once(world, result)


def test_an_error_that_is_no_deadlock_is_not_retried(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _old_mail(world)
    calls: list[int] = []

    def broken(cutoff: datetime) -> Batch:
        def once(conn: Connection, size: int, tally: Tally) -> int:
            calls.append(size)
            raise psycopg.errors.UniqueViolation("duplicate")

        return once

    monkeypatch.setattr(purge_module, "expired_batch", broken)
    with pytest.raises(psycopg.errors.UniqueViolation):
        world.as_("sara.support").purge.expired(batch_size=100)
    assert len(calls) == 1


def _mailbox_id(conn: psycopg.Connection[tuple[Any, ...]], address: str) -> int:
    row = conn.execute("SELECT id FROM mailbox WHERE address = %s", (address,)).fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_a_batch_broken_by_a_real_deadlock_is_run_again(world: World, store_url: str) -> None:
    """Another transaction holds a thread the batch will delete last, the batch waits for
    it while holding the counters of the items it deleted first, and the other transaction
    then asks for one of those counters: a real deadlock, which the batch's backend
    detects first (the other's `deadlock_timeout` is 20 s) and loses."""
    _old_mail(world)
    dsn = make_url(store_url).set(drivername="postgresql").render_as_string(hide_password=False)
    outcome: list[BaseException | PurgeResult] = []
    with psycopg.connect(dsn) as other, psycopg.connect(dsn, autocommit=True) as watcher:
        other.execute("SET deadlock_timeout = '20s'")
        sent_box = _mailbox_id(other, KARLSTAD)
        assert _mailbox_id(other, HERRHAGEN) != sent_box
        row = other.execute("SELECT id FROM thread ORDER BY created_at LIMIT 1").fetchone()
        assert row is not None
        other.execute("UPDATE thread SET subject = subject WHERE id = %s", (row[0],))

        def purge() -> None:
            try:
                outcome.append(world.as_("sara.support").purge.expired(batch_size=100))
            except BaseException as exc:  # reported to the test below
                outcome.append(exc)

        purger = threading.Thread(target=purge)
        purger.start()
        for _ in range(400):  # until the batch waits for our thread row
            waiting = watcher.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            found = waiting.fetchone()
            if found is not None and int(found[0]) > 0:
                break
            purger.join(0.025)
        # Raises DeadlockDetected here if the server broke the cycle with this transaction
        # instead of the batch's: the test would then show nothing about the purge.
        other.execute(
            "UPDATE folder_tally SET items = items WHERE mailbox_id = %s AND folder = 'sent'",
            (sent_box,),
        )
        other.commit()
        purger.join(60)
    assert len(outcome) == 1
    result = outcome[0]
    assert isinstance(result, PurgeResult), f"the purge failed: {type(result).__name__}"
    _counted_once(world, result)

"""A send that PostgreSQL picks to break a deadlock is run again, not lost (issue 10).

The purge's batches and a send both update the per-folder counters (`folder_tally`,
kept by triggers) in whatever order their rows come, so on PostgreSQL they can deadlock;
the server then rolls one transaction back and says it may be retried (SQLSTATE 40P01).
Here a second connection holds the sender's counter and then asks for the recipient's
while the send holds that one and waits: a real deadlock, broken by the server.
"""

from __future__ import annotations

import threading

import psycopg
import pytest
from sqlalchemy.engine import make_url

from fblmail.store.faults import worth_retrying
from kit.people import HERRHAGEN, KARLSTAD, World


def _mailbox_id(conn: psycopg.Connection[tuple[object, ...]], address: str) -> int:
    row = conn.execute("SELECT id FROM mailbox WHERE address = %s", (address,)).fetchone()
    assert row is not None
    return int(str(row[0]))


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_a_send_broken_by_a_deadlock_is_run_again(world: World, store_url: str) -> None:
    world.send(subject="Första")  # both counters exist from now on
    url = make_url(store_url).set(drivername="postgresql")
    dsn = url.render_as_string(hide_password=False)
    outcome: list[BaseException | str] = []
    with psycopg.connect(dsn) as other, psycopg.connect(dsn, autocommit=True) as watcher:
        sent_box, inbox_box = _mailbox_id(other, KARLSTAD), _mailbox_id(other, HERRHAGEN)
        other.execute("SET deadlock_timeout = '20s'")  # the send's backend detects it first
        tally = "UPDATE folder_tally SET items = items WHERE mailbox_id = %s AND folder = %s"
        other.execute(tally, (sent_box, "sent"))  # the row the send takes second

        def send() -> None:
            try:
                outcome.append(world.send(subject="Andra"))
            except BaseException as exc:  # reported to the test below
                outcome.append(exc)

        sender = threading.Thread(target=send)
        sender.start()
        for _ in range(400):  # until the send waits for our row (it holds the inbox's)
            waiting = watcher.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            row = waiting.fetchone()
            if row is not None and int(str(row[0])) > 0:
                break
            sender.join(0.025)
        other.execute(tally, (inbox_box, "inbox"))  # the deadlock: the server breaks it
        other.commit()
        sender.join(30)
    assert len(outcome) == 1
    result = outcome[0]
    assert isinstance(result, str), f"the send failed: {type(result).__name__}"
    with psycopg.connect(dsn) as check:
        row = check.execute("SELECT count(*) FROM message WHERE subject = 'Andra'").fetchone()
    assert row is not None and int(str(row[0])) == 1


def test_only_deadlocks_and_serialization_failures_are_worth_retrying() -> None:
    deadlock = psycopg.errors.DeadlockDetected("deadlock detected")
    wrapped = RuntimeError("outer")
    wrapped.__cause__ = deadlock
    assert worth_retrying(deadlock) and worth_retrying(wrapped)
    assert not worth_retrying(psycopg.errors.UniqueViolation("duplicate"))
    assert not worth_retrying(ValueError("no"))

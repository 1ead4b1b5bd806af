"""Several processes sending at once (issue 2, "Safety under load and faults").

Each sender is its own interpreter with its own engine (`sender.py burst`), released at the
same moment by one line on stdin, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import uuid

from sqlalchemy import text

from fblmail.store.engine import make_engine
from kit.people import ARVIKA, GRIPEN, HERRHAGEN, KARLSTAD, World
from kit.robustness import SenderProcess, count, ids_with, missing_parts, store_problems

# login, from, to: four units sending in both directions
SENDERS = (
    ("anna.ssk", KARLSTAD, HERRHAGEN),
    ("bengt.ssk", KARLSTAD, GRIPEN),
    ("cecilia.dr", HERRHAGEN, KARLSTAD),
    ("erik.ssk", ARVIKA, HERRHAGEN),
)
SENDS_EACH = 100
RACE_ROUNDS = 8
END_TIMEOUT_S = 120.0


def _start(url: str, login: str, from_fbl: str, to_fbl: str, *extra: str) -> SenderProcess:
    return SenderProcess("burst", url, "--login", login, "--from", from_fbl, "--to", to_fbl, *extra)


def test_four_processes_send_a_hundred_each_at_once(world: World, store_url: str) -> None:
    procs = [
        _start(store_url, login, src, dst, "--count", str(SENDS_EACH), "--tag", login)
        for login, src, dst in SENDERS
    ]
    reports: list[list[str]] = []
    try:
        for proc in procs:
            proc.until("READY")
        for proc in procs:
            proc.tell("GO")
        for proc in procs:
            end, lines = proc.until("END", timeout=END_TIMEOUT_S)
            reports.append([*lines, end])
    finally:
        for proc in procs:
            proc.stop()

    lines = [line for report in reports for line in report]
    assert [line for line in lines if line.startswith("FAIL")] == []
    assert not any("locked" in line for line in lines)
    assert [report[-1] for report in reports] == [f"END {SENDS_EACH} 0"] * len(SENDERS)
    done = ids_with(lines, "DONE")
    assert len(set(done)) == SENDS_EACH * len(SENDERS)
    assert count(store_url, "message") == SENDS_EACH * len(SENDERS)
    assert count(store_url, "thread") == SENDS_EACH * len(SENDERS)
    assert missing_parts(store_url, done) == []
    assert store_problems(store_url) == []


def test_same_client_id_from_four_processes_at_once_is_one_message(
    world: World, store_url: str
) -> None:
    ids = [str(uuid.uuid4()) for _ in range(RACE_ROUNDS)]
    procs = [
        _start(
            store_url,
            "anna.ssk",
            KARLSTAD,
            HERRHAGEN,
            "--rounds",
            str(RACE_ROUNDS),
            "--ids",
            ",".join(ids),
            "--tag",
            "race",
        )
        for _ in range(4)
    ]
    lines: list[str] = []
    try:
        for proc in procs:
            proc.until("READY")
        for round_no in range(RACE_ROUNDS):
            for proc in procs:  # release all four for this id together
                proc.tell("GO")
            for proc in procs:
                _marker, before = proc.until(f"ROUND {round_no}")
                lines += before
        for proc in procs:
            end, _ = proc.until("END")
            lines.append(end)
    finally:
        for proc in procs:
            proc.stop()

    assert [line for line in lines if line.startswith("FAIL")] == []
    # Every process got the one stored message back, every round.
    assert sorted(ids_with(lines, "DONE")) == sorted(ids * 4)
    assert count(store_url, "message") == RACE_ROUNDS
    assert count(store_url, "thread") == RACE_ROUNDS
    assert count(store_url, "mailbox_item") == 2 * RACE_ROUNDS
    assert missing_parts(store_url, ids) == []
    engine = make_engine(store_url)
    with engine.connect() as conn:
        logged = conn.execute(
            text(
                "SELECT message_id, count(*), "
                "sum(CASE WHEN detail = 'repeat of a stored send' THEN 1 ELSE 0 END) "
                "FROM access_log WHERE action = 'send' AND outcome = 'ok' GROUP BY message_id"
            )
        ).all()
    engine.dispose()
    # One first send and three repeats per id, each in the access log.
    assert sorted((row[0], row[1], row[2]) for row in logged) == sorted(
        (message_id, 4, 3) for message_id in ids
    )
    assert store_problems(store_url) == []

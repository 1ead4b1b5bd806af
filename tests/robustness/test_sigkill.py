"""A sending process killed with SIGKILL at random moments (issue 2, "Safety under load").

`sender.py forker` forks one child per round; the child sends without pause, saying
`BEGIN <id>` before and `DONE <id>` after each send, and is killed 20–300 ms (seeded) after it
starts. Afterwards every send it reported done is in the store whole, every send it was in
the middle of is either whole or absent, and nothing is half-written anywhere; on SQLite the
file also passes `integrity_check` and `foreign_key_check`. On PostgreSQL the client is
killed while the server keeps running.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import time

from kit.people import HERRHAGEN, KARLSTAD, World
from kit.robustness import SenderProcess, count, ids_with, missing_parts, store_problems

ROUNDS = {"sqlite": 60, "postgres": 20}
SEED = 20261127


def test_sigkill_while_sending_leaves_only_whole_sends(
    world: World, store_url: str, backend: str
) -> None:
    rng = random.Random(SEED)
    rounds = ROUNDS[backend]
    forker = SenderProcess(
        "forker", store_url, "--login", "anna.ssk", "--from", KARLSTAD, "--to", HERRHAGEN,
        "--tag", "kill",
    )  # fmt: skip
    done: list[str] = []
    interrupted: list[str] = []
    pid = 0
    try:
        forker.until("READY")
        for _ in range(rounds):
            forker.tell("ROUND")
            started, _ = forker.until("CHILD ")
            pid = int(started.split()[1])
            time.sleep(rng.uniform(0.020, 0.300))
            os.kill(pid, signal.SIGKILL)
            reaped, lines = forker.until(f"REAPED {pid} ")
            pid = 0  # reaped: the number may now belong to someone else
            assert [line for line in lines if line.startswith("FAIL")] == []
            # The child was still running when killed: it never stopped on an error.
            assert os.waitstatus_to_exitcode(int(reaped.split()[2])) == -signal.SIGKILL
            finished = ids_with(lines, "DONE")
            done += finished
            interrupted += [i for i in ids_with(lines, "BEGIN") if i not in finished]
    finally:
        if pid:  # a round that failed before the reaping must not leave its child sending
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        forker.stop()

    assert done, "the child never finished a send: the test proved nothing"
    # Nearly every kill lands inside a send, since the child sends without pause.
    assert len(interrupted) >= rounds // 2
    assert missing_parts(store_url, done) == []
    stored = count(store_url, "message")
    assert len(done) <= stored <= len(done) + len(interrupted)
    assert store_problems(store_url) == []
    # The store still takes a send after all that.
    world.send(subject="Efter avbrotten", body="Fungerar det fortfarande?")
    assert count(store_url, "message") == stored + 1
    assert store_problems(store_url) == []

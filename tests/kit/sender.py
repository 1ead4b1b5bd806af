"""A sending process for the robustness tests; run as a script, never imported by pytest.

Two modes, both talking line by line on stdout (each line one `os.write`, so it reaches the
pipe whole and at once, even when the process is killed right after):

`burst`: make an engine, say `READY`, then for each of `--rounds` wait for one line on stdin
(the parent releases all processes at the same moment) and send `--count` messages through
the service layer, each with a client-chosen id (`--ids`, one per round, for the idempotency
race; otherwise a fresh UUID per send). Says `DONE <id>` after each send returns and
`FAIL <id> <error>` for any exception, then `END <ok> <failed>`.

`forker`: import everything once, say `READY`, then for each `ROUND` line on stdin fork a
child that makes its own engine, says `CHILD <pid>` and sends in a loop, saying
`BEGIN <id>` before and `DONE <id>` after each send, until the parent kills it with SIGKILL.
The forker reaps it and says `REAPED <pid>`. Forking from an already-imported process keeps
each round to milliseconds instead of the ~0.6 s an interpreter needs to import SQLAlchemy;
the forker opens no database connection, so nothing is shared across the fork.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid

from fblmail.service import Messenger, Outgoing
from fblmail.store.engine import Store, make_engine

PATIENT = "19121212-1212"
# A child stops on its own after this long, so a test that dies never leaves it sending.
CHILD_LIFETIME_S = 20.0


def say(line: str) -> None:
    """Write one whole line to stdout, unbuffered."""
    os.write(1, (line + "\n").encode("utf-8"))


def outgoing(args: argparse.Namespace, message_id: str, n: int) -> Outgoing:
    """A valid message; the same id always comes with the same text (idempotent repeat)."""
    return Outgoing(
        from_fbl=args.from_fbl,
        to_fbl=args.to_fbl,
        category="Frågeställning",
        patient=PATIENT,
        subject=f"Fråga om läkemedelslistan ({args.tag})",
        body=f"Stämmer läkemedelslistan efter utskrivningen? Fråga {args.tag}-{n}.",
        no_coordination_case=True,
        message_id=message_id,
    )


def burst(args: argparse.Namespace) -> None:
    """Wait for the go signal, then send; report every outcome."""
    store = Store(make_engine(args.db))
    messenger = Messenger(store, args.login)
    ids = args.ids.split(",") if args.ids else []
    ok = failed = 0
    say("READY")
    for round_no in range(args.rounds):
        if not sys.stdin.readline():
            break
        for n in range(args.count):
            message_id = ids[round_no] if ids else str(uuid.uuid4())
            try:
                sent = messenger.messaging.send(outgoing(args, message_id, n))
            except Exception as exc:  # report, never hide: the test asserts there are none
                failed += 1
                say(f"FAIL {message_id} {type(exc).__name__}: {exc}".replace("\n", " "))
            else:
                ok += 1
                say(f"DONE {sent.id}")
        say(f"ROUND {round_no}")
    say(f"END {ok} {failed}")
    store.engine.dispose()


def child(args: argparse.Namespace) -> None:
    """Send until killed (or until the safety lifetime runs out)."""
    store = Store(make_engine(args.db))
    messenger = Messenger(store, args.login)
    say(f"CHILD {os.getpid()}")
    deadline = time.monotonic() + CHILD_LIFETIME_S
    n = 0
    while time.monotonic() < deadline:
        message_id = str(uuid.uuid4())
        say(f"BEGIN {message_id}")
        messenger.messaging.send(outgoing(args, message_id, n))
        say(f"DONE {message_id}")
        n += 1


def forker(args: argparse.Namespace) -> None:
    """Fork one sending child per `ROUND` line and reap it after the parent kills it."""
    say("READY")
    while sys.stdin.readline().strip() == "ROUND":
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                child(args)
                code = 0
            except Exception as exc:  # the test asserts that no child ever fails
                say(f"FAIL - {type(exc).__name__}: {exc}".replace("\n", " "))
                # Wait for the kill rather than exit: the parent kills this pid, which must
                # not have been reaped and handed to another process by then.
                time.sleep(CHILD_LIFETIME_S)
            finally:
                os._exit(code)  # never run the forker's own cleanup in the child
        _pid, status = os.waitpid(pid, 0)
        say(f"REAPED {pid} {status}")


def main() -> None:
    """Parse the mode and run it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=("burst", "forker"))
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", required=True)
    parser.add_argument("--from", dest="from_fbl", required=True)
    parser.add_argument("--to", dest="to_fbl", required=True)
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--ids", default="")
    parser.add_argument("--tag", default="t")
    args = parser.parse_args()
    burst(args) if args.mode == "burst" else forker(args)


if __name__ == "__main__":
    main()

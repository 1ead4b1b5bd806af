"""Benchmark: a shared PostgreSQL store with row-level security and many app sessions.

Starts its own PostgreSQL from the `pgserver` wheel (max_connections raised to fit),
creates a shared store (`make_shared`, as `fblmail init` does), the directory, a sender
(`anna.ssk`, Karlstad) and `--sessions` people, half of them members of the recipient FBL
(Vc Herrhagen), the rest spread over other FBLs. Each person gets their own LOGIN role.

Then, with every session connected as its own role and LISTENing on its own channels (as
the app's change feed does), it measures:

- server memory: the proportional set size (PSS) of all PostgreSQL processes, before and
  with the sessions connected;
- send throughput through the service layer, as anna's own role (RLS on, the log through
  `fblmail_log_append`) and as the owner acting for anna (RLS bypassed, the log written
  directly), interleaved rounds;
- notification latency: from the start of a send to the moment each listening session of
  the recipient FBL has its notification, p50 and p99 over all (session, message) pairs,
  and p99 of the time until the *last* session of the FBL has it. After each message every
  recipient session re-reads its unread count under RLS, as the app reloads.

    .venv/bin/python bench/bench_shared.py --sessions 200 --sends 200 --messages 30
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import statistics
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from fblmail.domain.directory_file import parse_directory
from fblmail.resources import DIRECTORY_FILE
from fblmail.service import Messenger, Outgoing
from fblmail.store.engine import Store, make_engine
from fblmail.store.schema import upgrade_schema
from fblmail.store.shared import make_shared

KARLSTAD = "Karlstad kommun Hälso- och sjukvård (FBL)"
HERRHAGEN = "Vc Herrhagen Allmänmedicinska mottagningen (FBL)"
OTHERS = (
    "Arvika kommun Hälso- och sjukvård (FBL)",
    "Vc Gripen Allmänmedicinska mottagningen (FBL)",
    KARLSTAD,
)
PATIENT = "19121212-1212"  # Tolvan Tolvansson, the synthetic test patient


def _pss_kib(postmaster: int) -> int:
    """PSS of the postmaster and all its children, in KiB."""
    pids = [postmaster]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
            pids.append(int(entry.name))
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _start_server(datadir: Path, max_connections: int) -> tuple[Any, str]:
    import pgserver

    shutil.rmtree(datadir, ignore_errors=True)
    server = pgserver.get_server(datadir, cleanup_mode="delete")
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        conn.execute(f"ALTER SYSTEM SET max_connections = {max_connections}")
        for setting in ("fsync = off", "synchronous_commit = off", "full_page_writes = off"):
            conn.execute(f"ALTER SYSTEM SET {setting}")
    from pgserver import _commands  # pgserver's own runner (as its system user)

    pg_ctl = _commands.pg_ctl

    pg_ctl(["restart", "-m", "fast", "-w"], pgdata=datadir, user=server.system_user, timeout=60)
    return server, server.get_uri()


def _url(base: str, database: str, user: str | None = None) -> str:
    url = make_url(base).set(database=database)
    if user is not None:
        url = url.set(username=user, password=None)
    return url.render_as_string(hide_password=False)


def _outgoing(i: int, to: str = HERRHAGEN) -> Outgoing:
    return Outgoing(
        from_fbl=KARLSTAD,
        to_fbl=to,
        category="Frågeställning",
        patient=PATIENT,
        subject=f"Bänkfråga {i}",
        body="Stämmer läkemedelslistan efter utskrivningen?",
        no_coordination_case=True,
    )


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _throughput(
    anna: Messenger, as_owner: Messenger, sends: int, conns: list[tuple[Any, bool]]
) -> dict[str, float]:
    """Sends per second as anna's role (RLS on) and as the owner, interleaved rounds."""
    timings: dict[str, list[float]] = {"rls": [], "owner": []}
    rounds = 6
    per_round = max(1, sends // (rounds // 2))
    for r in range(rounds):
        mode = "rls" if r % 2 == 0 else "owner"
        messenger = anna if mode == "rls" else as_owner
        t0 = time.perf_counter()
        for i in range(per_round):
            messenger.messaging.send(_outgoing(10_000 * r + i, to=OTHERS[1]))
        timings[mode].append(time.perf_counter() - t0)
        for conn, _ in conns:
            list(conn.notifies(timeout=0))
    return {m: per_round * len(t) / sum(t) for m, t in timings.items()}


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--sends", type=int, default=200, help="sends per throughput mode")
    parser.add_argument("--messages", type=int, default=30, help="messages for the latency")
    parser.add_argument("--datadir", default=f"/tmp/fblmail-bench-shared-{os.getpid()}")
    args = parser.parse_args()

    server, base = _start_server(Path(args.datadir), args.sessions + 60)
    try:
        _run(server, base, args)
    finally:
        server.cleanup()


def _run(server: Any, base: str, args: argparse.Namespace) -> None:
    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        version = conn.execute("SHOW server_version").fetchone()
    owner_url = _url(base, name)
    engine = make_engine(owner_url)
    upgrade_schema(engine)
    make_shared(engine)
    owner = Store(engine)
    admin = Messenger(owner, "sara.support")
    admin.directory.import_directory(parse_directory(DIRECTORY_FILE.read_text("utf-8")))
    admin.admin.add_account(
        "sara.support", full_name="Sara Support", organisation="support", role="support"
    )
    admin.admin.add_account(
        "anna.ssk", full_name="Anna Andersson", organisation="karlstad", mailboxes=[KARLSTAD]
    )
    logins: list[tuple[str, bool]] = []
    started = time.perf_counter()
    for i in range(args.sessions):
        recipient = i % 2 == 0
        box = HERRHAGEN if recipient else OTHERS[i % len(OTHERS)]
        org = "vc-herrhagen" if recipient else None
        login = f"bench{i:03d}.ssk"
        admin.admin.add_account(
            login,
            full_name=f"Bänk Person {i}",
            organisation=org or {OTHERS[0]: "arvika", OTHERS[1]: "vc-gripen"}.get(box, "karlstad"),
            mailboxes=[box],
        )
        logins.append((login, recipient))
    accounts_s = time.perf_counter() - started
    postmaster = int((Path(server.pgdata) / "postmaster.pid").read_text().split()[0])
    idle_kib = _pss_kib(postmaster)

    anna_engine = make_engine(_url(base, name, "anna.ssk"))
    anna = Messenger(Store(anna_engine), "anna.ssk")
    alone = _throughput(anna, Messenger(owner, "anna.ssk"), args.sends, [])

    conns: list[tuple[psycopg.Connection[Any], bool]] = []
    for login, recipient in logins:
        conn = psycopg.connect(_url(base, name, login).replace("+psycopg", ""), autocommit=True)
        for (channel,) in conn.execute("SELECT fblmail_my_channels()").fetchall():
            conn.execute(f'LISTEN "{channel}"')
        conn.execute("SELECT count(*) FROM mailbox_item WHERE read_at IS NULL").fetchone()
        conns.append((conn, recipient))
    connected_kib = _pss_kib(postmaster)

    # -- latency: a sender thread, the listeners in one select loop -------------------------
    anna.messaging.send(_outgoing(-1))  # warm up the sender's pool
    time.sleep(0.5)
    for conn, _ in conns:
        list(conn.notifies(timeout=0))
    recipients = [c for c, r in conns if r]
    by_fd = {c.fileno(): c for c, _ in conns}
    sent_at: list[float] = []
    send_seconds: list[float] = []
    arrivals: dict[int, list[float]] = {id(c): [] for c in recipients}
    done = threading.Event()

    def sender() -> None:
        for i in range(args.messages):
            t0 = time.monotonic()
            sent_at.append(t0)
            anna.messaging.send(_outgoing(i))
            send_seconds.append(time.monotonic() - t0)
            time.sleep(0.25)
        done.set()

    thread = threading.Thread(target=sender)
    thread.start()
    deadline = time.monotonic() + args.messages * 5 + 30
    while time.monotonic() < deadline:
        if done.is_set() and all(len(v) >= args.messages for v in arrivals.values()):
            break
        ready, _, _ = select.select(list(by_fd), [], [], 0.05)
        now = time.monotonic()
        for fd in ready:
            conn = by_fd[fd]
            for _note in conn.notifies(timeout=0):
                if id(conn) in arrivals:
                    arrivals[id(conn)].append(now)
    thread.join()
    for conn in recipients:  # the app re-reads under RLS after a notification
        conn.execute("SELECT count(*) FROM mailbox_item WHERE read_at IS NULL").fetchone()
    pairs: list[float] = []
    last: list[float] = []
    after_return: list[float] = []
    missing = 0
    for k, t0 in enumerate(sent_at):
        times = [v[k] - t0 for v in arrivals.values() if len(v) > k]
        after_return.extend(t - send_seconds[k] for t in times)
        missing += len(recipients) - len(times)
        pairs.extend(times)
        if times:
            last.append(max(times))

    rate = _throughput(anna, Messenger(owner, "anna.ssk"), args.sends, conns)

    for conn, _ in conns:
        conn.close()
    anna_engine.dispose()
    engine.dispose()

    print(
        f"PostgreSQL {version[0] if version else '?'}; {args.sessions} sessions "
        f"({len(recipients)} in the recipient FBL); accounts + roles created in "
        f"{accounts_s:.1f} s"
    )
    print(
        f"server PSS: {idle_kib / 1024:.0f} MiB idle, {connected_kib / 1024:.0f} MiB with "
        f"the sessions ({(connected_kib - idle_kib) / max(1, len(conns)):.0f} KiB each)"
    )
    print(
        f"send throughput, no sessions connected: {alone['rls']:.1f}/s as anna's role "
        f"(RLS on), {alone['owner']:.1f}/s as the owner: overhead "
        f"{(alone['owner'] / alone['rls'] - 1) * 100:.0f} %"
    )
    print(
        f"send throughput with the sessions: {rate['rls']:.1f}/s as anna's role (RLS on), "
        f"{rate['owner']:.1f}/s as the owner (RLS bypassed): overhead "
        f"{(rate['owner'] / rate['rls'] - 1) * 100:.0f} %"
    )
    print(
        f"send duration p50 {statistics.median(send_seconds) * 1000:.0f} ms; notification "
        f"from send start: p50 {_percentile(pairs, 50) * 1000:.0f} ms, p99 "
        f"{_percentile(pairs, 99) * 1000:.0f} ms over {len(pairs)} deliveries; last session "
        f"of the FBL: p50 {_percentile(last, 50) * 1000:.0f} ms, p99 "
        f"{_percentile(last, 99) * 1000:.0f} ms; missing {missing}; after send() returned: "
        f"p50 {_percentile(after_return, 50) * 1000:.0f} ms, p99 "
        f"{_percentile(after_return, 99) * 1000:.0f} ms (negative: before it returned)"
    )


if __name__ == "__main__":
    main()

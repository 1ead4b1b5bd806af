"""Generate a large fblmail store for the benchmarks: N messages in one FBL's inbox.

    python bench/generate.py --db sqlite:////tmp/bench-1m.db --messages 1000000
    python bench/generate.py --db URL --messages 100000 --older-than-days 366   # purge bench

The schema, the directory and a small cast of accounts are set up through the program itself
(`upgrade_schema`, then the service layer). The messages are then bulk-inserted, never one
ORM object per row and never through the service layer (`generate_rows.py`): on SQLite one
executemany per table and batch on the SQLAlchemy connection, with times encoded exactly as
the program's column type encodes them (checked at start); on PostgreSQL COPY. One batch
(250 000 messages by default, see DEFAULT_BATCH) is one transaction, written on a second
thread while the next is built. The rows are exactly what the service layer writes for a
send and a reply (`tests/bench/test_generate.py` compares them column by column):

- each inbox message is a question from a counterpart FBL (a health centre when the target
  is a municipality, and the other way round): one `thread`, one `message`, the recipient's
  `inbox` item and the sender's `sent` item (read, as the sender wrote it);
- valid categories (R8; a few "För kännedom", which have no deadline), synthetic test
  personnummer from `make_test_patient_ids`, varied Swedish subjects and bodies, so that
  full-text search has realistic hits, and none of them reads as acute (R9);
- `due_at` is 72 hours after sending (none for FYI); most questions are answered by a real
  `reply` message from the target (in its `sent` folder, in the sender's `inbox`), sent at the
  thread's `answered_at`; the rest wait, and the old ones among them are overdue;
- some inbox items are read (always those answered), some journal-note links with their
  disclosure record when the sender is a health centre (R12);
- the questioned side's inbox copy and the asking side's sent copy carry the thread's
  deadline in `mailbox_item.due_at` while the thread waits for its answer, as
  `service/mailboxes/inbox_sync.py` keeps it;
- ids (`seq`, item ids) follow sending time, as they do when the program writes them
  (`--ids v7` makes thread and message ids time-ordered UUIDs too, for the purge's
  ordered-key experiment; the default v4 is what the program writes today); on
  PostgreSQL the sequences are moved past them afterwards, so the program's own inserts go on
  working. On SQLite `message_fts` gets, per batch, the rows its per-row trigger would have
  written, by one INSERT ... SELECT (the trigger costs ~29 µs more per message), with the
  trigger dropped and recreated inside the batch's transaction, so no other connection ever
  sees it missing.

Not written: the access log. A real send writes one access-log row per message; the bench
store has none for the generated messages (only for the set-up done through the service
layer), because the hash chain must be appended one row at a time and the benchmarks do not
read the log. Everything else a message has is there.

Every question is sent inside `age_days` (days before now); replies that would fall after
`now - age_days[0]` are not written (the question stays unanswered), so `--older-than-days D`
really gives a store where every message is older than D days. Running the generator twice
on one store adds a second set of messages.
"""

from __future__ import annotations

import argparse
import heapq
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from fblmail.clock import fixed_clock
from fblmail.domain.categories import Category
from fblmail.domain.directory_file import parse_directory
from fblmail.domain.ids import unix_ms, uuid7_text
from fblmail.domain.personnummer import make_test_patient_ids
from fblmail.resources import DIRECTORY_FILE
from fblmail.service import Messenger
from fblmail.store.engine import WRITE_OPTION, Store, make_engine
from fblmail.store.schema import upgrade_schema
from fblmail.store.tables import Account, Mailbox, Membership, Organisation

# Loaded by file path (importlib) from another benchmark or a test, the siblings below are
# only importable once this file's folder is on the path.
_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from generate_rows import (  # noqa: E402
    COLUMNS,
    Batch,
    Writer,
    check_encoding,
    move_sequences,
    next_ids,
    sqlite_time,
    uuid4_from,
)
from generate_texts import CATEGORY_WEIGHTS, question_text, reply_text  # noqa: E402

DEFAULT_MAILBOX = "Karlstad kommun Hälso- och sjukvård (FBL)"
READER_LOGIN = "bench.reader"
"""A member of the generated mailbox (besides the cast member of that unit, if any)."""

# The tests' cast, so that `--user anna.ssk` etc. work on a bench store too.
CAST = (
    ("sara.support", "Sara Support", "Systemförvaltare", "support", "support", ()),
    ("anna.ssk", "Anna Andersson", "Sjuksköterska", "karlstad", "staff", ("karlstad",)),
    ("bengt.ssk", "Bengt Berg", "Sjuksköterska", "karlstad", "staff", ("karlstad",)),
    ("fia.chef", "Fia Fransson", "Enhetschef", "karlstad", "manager", ("karlstad",)),
    ("cecilia.dr", "Cecilia Carlsson", "Läkare", "vc-herrhagen", "staff", ("vc-herrhagen",)),
    ("david.ssk", "David Dahl", "Distriktssköterska", "vc-herrhagen", "staff", ("vc-herrhagen",)),
    ("erik.ssk", "Erik Ek", "Sjuksköterska", "arvika", "staff", ("arvika",)),
    ("gustav.ssk", "Gustav Gran", "Sjuksköterska", "vc-gripen", "staff", ("vc-gripen",)),
)
COUNTERPARTS = 8
ANSWER_WINDOW = timedelta(hours=72)
JOURNAL_NOTE_SHARE = 0.03
ANSWERED_SHARE = 0.97  # of questions with a deadline; the rest wait (and become overdue)
LATE_SHARE = 0.1  # of the answers: given after the 72 hours
TEXT_POOL = 600  # texts drawn per category up front; messages pick from these
# Messages per transaction. Each commit rewrites every touched page of the random-key UUID
# indexes (and the WAL checkpoint writes it again), so small batches multiply the bytes
# written. Measured for 1M inbox messages on SQLite: 50k per batch wrote 19 GB in 145-160 s,
# 100k 13 GB in 130 s, 250k 9 GB in 110 s (peak RSS 1.4 GB with the 512 MB page cache).
DEFAULT_BATCH = 250_000

# -- set-up through the service layer -------------------------------------------------------


@dataclass(frozen=True)
class Party:
    """A mailbox taking part, with the accounts that write from it."""

    mailbox_id: int
    address: str
    logins: tuple[tuple[int, str], ...]
    health_centre: bool


def set_up(store: Store, mailbox: str, at: datetime) -> tuple[Party, list[Party]]:
    """Directory, cast, one writer per counterpart FBL and a reader of the target FBL."""
    admin = Messenger(store, "sara.support", fixed_clock(at))
    admin.directory.import_directory(parse_directory(DIRECTORY_FILE.read_text("utf-8")))
    units = {u.fbl: u for u in admin.directory.units()}
    by_code = {u.code: u for u in units.values()}
    if mailbox not in units:
        raise ValueError(f"{mailbox!r} is not an FBL of the directory")
    target = units[mailbox]
    if target.kind == "municipality":
        others = [units[f] for f in target.presets]
        others += [u for u in units.values() if u.kind == "health_centre" and u not in others]
    else:
        others = [u for u in units.values() if u.kind == "municipality" and target.fbl in u.presets]
        others += [u for u in units.values() if u.kind == "municipality" and u not in others]
    others = others[:COUNTERPARTS]
    accounts = {a.login: a for a in admin.admin.accounts()}
    wanted = [
        (login, name, title, org, role, tuple(by_code[c].fbl for c in boxes))
        for login, name, title, org, role, boxes in CAST
    ]
    wanted.append((READER_LOGIN, "Bo Bänk", "Sjuksköterska", target.code, "staff", (target.fbl,)))
    for unit in others:
        login = f"ssk.{unit.code}"
        wanted.append(
            (login, f"Sjuksköterska {unit.name}", "Sjuksköterska", unit.code, "staff", (unit.fbl,))
        )
    for login, name, title, org, role, boxes in wanted:
        if login not in accounts:
            admin.admin.add_account(
                login, full_name=name, title=title, organisation=org, role=role, mailboxes=boxes
            )
        for box in boxes:
            if login in accounts and box not in accounts[login].mailboxes:
                admin.admin.add_member(login, box)
    with store.read() as session:
        rows = session.execute(
            select(
                col(Mailbox.id),
                col(Mailbox.address),
                col(Organisation.kind),
                col(Account.id),
                col(Account.login),
            )
            .join(Organisation, col(Organisation.id) == col(Mailbox.organisation_id))
            .join(Membership, col(Membership.mailbox_id) == col(Mailbox.id))
            .join(Account, col(Account.id) == col(Membership.account_id))
            .where(col(Membership.active), col(Account.active), col(Mailbox.kind) == "fbl")
            .order_by(col(Account.id))
        ).all()

    def party(address: str) -> Party:
        mine = [r for r in rows if r[1] == address]
        logins = tuple((int(r[3]), str(r[4])) for r in mine)
        return Party(int(mine[0][0]), address, logins, mine[0][2] == "health_centre")

    return party(target.fbl), [party(u.fbl) for u in others]


@dataclass(frozen=True)
class Generated:
    """What `generate_store` wrote and how long it took."""

    rows: dict[str, int]
    setup_seconds: float
    insert_seconds: float
    first_seq: int = 1  # above 1: the store already held messages, these were added

    @property
    def total_rows(self) -> int:
        """All rows inserted in bulk."""
        return sum(self.rows.values())


def generate_store(
    url: str,
    messages: int,
    *,
    seed: int = 1,
    age_days: tuple[float, float] = (0, 60),
    mailbox: str = DEFAULT_MAILBOX,
    now: datetime | None = None,
    batch: int = DEFAULT_BATCH,
    progress: Callable[[int], None] | None = None,
    ids: str = "v4",
) -> Generated:
    """Like `generate`, returning what was written and the time it took.

    `ids`: "v4" random UUIDs for threads and messages, as the program makes them today;
    "v7" time-ordered UUIDs (`domain/ids.py`) whose time is the thread's creation and the
    message's `sent_at`, for the ordered-key experiment of the purge.
    """
    if ids not in ("v4", "v7"):
        raise ValueError(f"ids must be v4 or v7, not {ids!r}")
    young, old = sorted(age_days)
    # Naive UTC inside the loop: it is what SQLite stores, and the fastest to format.
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    start, latest = now - timedelta(days=old), now - timedelta(days=young)
    began = time.perf_counter()
    engine = make_engine(url)
    upgrade_schema(engine)
    target, others = set_up(
        Store(engine), mailbox, (start - timedelta(days=30)).replace(tzinfo=UTC)
    )
    sqlite = engine.dialect.name == "sqlite"
    conn = engine.connect().execution_options(**{WRITE_OPTION: True})
    if sqlite:  # a big page cache for this connection only: the UUID indexes are random-access
        check_encoding(engine)
        conn.exec_driver_sql("PRAGMA cache_size = -524288")
    seq, item_id, note_id = next_ids(conn)
    first_seq = seq
    setup_seconds = time.perf_counter() - began
    began = time.perf_counter()
    rng = random.Random(f"{seed}:{seq}")
    rnd, bits = rng.random, rng.getrandbits
    if ids == "v7":

        def new_id(at: datetime) -> str:
            # 128 bits drawn as for v4, so the rest of the store is the same row for row.
            return uuid7_text(unix_ms(at), bits(128) >> 54)
    else:

        def new_id(at: datetime) -> str:
            return uuid4_from(bits(128))

    ts: Callable[[datetime], Any] = sqlite_time if sqlite else (lambda at: at.replace(tzinfo=UTC))
    pools = {c: [question_text(c, rng) for _ in range(TEXT_POOL)] for c in Category}
    replies = [reply_text("", rng)[1] for _ in range(TEXT_POOL)]
    patients = [p.digits for p in make_test_patient_ids(min(max(messages // 8, 50), 20_000), seed)]
    # One slot per percent, so drawing a category is one index (the weights add up to 100).
    slots = [(c is Category.FYI, c.value, pools[c])
             for c, weight in CATEGORY_WEIGHTS.items() for _ in range(weight)]  # fmt: skip
    # Nearer units write more often: the first counterparts get the larger share.
    senders = [p for i, p in enumerate(others) for _ in range(len(others) - i)]
    pending: list[tuple[datetime, int, tuple[Any, ...], Party]] = []  # replies, by time
    span = (latest - start) / max(messages, 1)
    two_days, window, box = timedelta(days=2), ANSWER_WINDOW, target.mailbox_id
    writer = Writer(conn)
    out: Batch = {name: [] for name in COLUMNS}
    threads, msgs, items = out["thread"], out["message"], out["mailbox_item"]

    def note(seq: int, login: str, to_mailbox: str, at: datetime) -> None:
        nonlocal note_id
        reference = f"cosmic://journal/anteckning/{900_000 + note_id}"
        when = ts(at)
        out["journal_note"].append(
            (note_id, seq, reference, f"Journalanteckning {at:%Y-%m-%d}", login, when)
        )
        out["disclosure"].append((note_id, note_id, to_mailbox, "send", when, login))
        note_id += 1

    def reply(at: datetime, question: tuple[Any, ...], asker: Party) -> None:
        nonlocal seq, item_id
        subject = question[9] if question[9].lower().startswith("sv:") else f"Sv: {question[9]}"
        account_id, login = target.logins[int(rnd() * len(target.logins))]
        when = ts(at)
        msgs.append((
            seq, new_id(at), question[2], "reply", box, asker.mailbox_id, account_id,
            question[7], question[8], subject[:200], replies[int(rnd() * TEXT_POOL)], when,
            question[1], False,
        ))  # fmt: skip
        seen = at + timedelta(hours=0.1 + 20 * rnd())
        items.append((item_id, seq, asker.mailbox_id, "inbox", ts(seen) if seen < now else None,
                      when, None))  # fmt: skip
        items.append((item_id + 1, seq, box, "sent", when, when, None))
        if target.health_centre and rnd() < JOURNAL_NOTE_SHARE:
            note(seq, login, asker.address, at)
        seq, item_id = seq + 1, item_id + 2

    for n in range(messages):
        at = start + span * (n + rnd())
        while pending and pending[0][0] <= at:
            when, _, question, asker = heapq.heappop(pending)
            reply(when, question, asker)
        asker = senders[int(rnd() * len(senders))]
        account_id, login = asker.logins[int(rnd() * len(asker.logins))]
        fyi, category, pool = slots[int(rnd() * 100)]
        subject, body = pool[int(rnd() * TEXT_POOL)]
        answered: datetime | None = None
        if not fyi and rnd() < ANSWERED_SHARE:
            hours = 72 + 24 * rnd() if rnd() < LATE_SHARE else 0.2 + 69.8 * rnd()
            answered = at + timedelta(hours=hours)
            answered = answered if answered < latest else None
        thread_id, when = new_id(at), ts(at)
        patient = patients[int(rnd() * len(patients))]
        due = None if fyi else ts(at + window)
        threads.append((
            thread_id, patient, category, subject, asker.mailbox_id, box, when, due,
            None if answered is None else ts(answered),
        ))  # fmt: skip
        question = (
            seq, new_id(at), thread_id, "message", asker.mailbox_id, box,
            account_id, category, patient, subject, body, when, None, False,
        )  # fmt: skip
        msgs.append(question)
        read: datetime | None = None
        if answered is not None:  # read before answering; the answer cleared the item's due
            read = at + (answered - at) * rnd()
            heapq.heappush(pending, (answered, seq, question, asker))
            due = None
        elif rnd() < (0.9 if now - at > two_days else 0.5):
            read = min(at + timedelta(hours=0.05 + 8 * rnd()), now)
        items.append((item_id, seq, box, "inbox", None if read is None else ts(read), when, due))
        items.append((item_id + 1, seq, asker.mailbox_id, "sent", when, when, due))
        if asker.health_centre and rnd() < JOURNAL_NOTE_SHARE:
            note(seq, login, target.address, at)
        seq, item_id = seq + 1, item_id + 2
        if len(msgs) >= batch:
            writer.put(out)
            out = {name: [] for name in COLUMNS}
            threads, msgs, items = out["thread"], out["message"], out["mailbox_item"]
            if progress:
                progress(n + 1)
    for when, _, question, asker in sorted(pending):
        reply(when, question, asker)
    writer.put(out)
    writer.close()
    if not sqlite:
        move_sequences(conn)
    conn.close()
    engine.dispose()
    elapsed = time.perf_counter() - began
    return Generated(writer.written, setup_seconds, elapsed, first_seq)


def generate(
    url: str,
    messages: int,
    *,
    seed: int = 1,
    age_days: tuple[float, float] = (0, 60),
    mailbox: str = DEFAULT_MAILBOX,
    now: datetime | None = None,
    batch: int = DEFAULT_BATCH,
    ids: str = "v4",
) -> None:
    """Fill the store at `url` with `messages` messages in `mailbox`'s inbox (see the module).

    `age_days` is the range of sending times in days before `now`; `seed` makes the store
    reproducible (with a fixed `now`). The schema is created or upgraded first.
    """
    generate_store(
        url, messages, seed=seed, age_days=age_days, mailbox=mailbox, now=now, batch=batch,
        ids=ids,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description="Generate a large fblmail store.")
    parser.add_argument(
        "--db", required=True, help="database URL (sqlite:///... or postgresql://...)"
    )
    parser.add_argument("--messages", type=int, required=True, help="messages in the inbox")
    parser.add_argument("--mailbox", default=DEFAULT_MAILBOX, help="the FBL that receives them")
    parser.add_argument(
        "--older-than-days",
        type=float,
        default=None,
        help="every message older than this many days (for the purge bench)",
    )
    parser.add_argument("--span-days", type=float, default=60, help="days the messages cover")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH, help="messages per transaction")
    parser.add_argument(
        "--ids",
        choices=("v4", "v7"),
        default="v4",
        help="thread and message ids: random (v4, as sent today) or time-ordered by sent_at (v7)",
    )
    args = parser.parse_args(argv)  # fmt: skip
    young = args.older_than_days or 0.0
    began = time.perf_counter()

    def progress(done: int) -> None:
        rate = done / (time.perf_counter() - began)
        print(f"\r{done:>10,} inbox messages  {rate:>9,.0f}/s", end="", file=sys.stderr, flush=True)

    cpu = time.process_time()
    result = generate_store(
        args.db, args.messages, seed=args.seed, age_days=(young, young + args.span_days),
        mailbox=args.mailbox, batch=args.batch, progress=progress, ids=args.ids,
    )  # fmt: skip
    cpu = time.process_time() - cpu
    print(file=sys.stderr)
    seconds = result.insert_seconds
    if result.first_seq > 1:
        print(f"note: the store already held messages (up to seq {result.first_seq - 1:,}); "
              "these were added to them")  # fmt: skip
    print(f"set-up (schema, directory, cast): {result.setup_seconds:.2f} s")
    for name, count in result.rows.items():
        print(f"{name:>14}: {count:>10,}")
    print(f"bulk insert: {result.total_rows:,} rows in {seconds:.1f} s "
          f"({result.total_rows / seconds:,.0f} rows/s, "
          f"{result.rows['message'] / seconds:,.0f} messages/s); "
          f"CPU of the whole run {cpu:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()

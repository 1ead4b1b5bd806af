"""Where one purge batch spends its time on SQLite: CPU time per statement, per message.

    python bench/profile_purge_batch.py bench/out/purge-100000.db --batch 5000 --batches 4
    python bench/profile_purge_batch.py STORE --variant notally,nofts --batch 2000

Copies a generated store (`bench/generate.py ... --older-than-days 366`) to /tmp and runs
the one-year deletion's statements by hand, batch by batch, each in its own BEGIN IMMEDIATE
transaction with the connection settings fblmail uses (WAL, foreign keys, secure_delete,
synchronous=NORMAL as for a purge batch). It prints the process CPU time (not the wall
time: on a shared machine that mostly measures the others) of each statement per deleted
message, and the write-ahead log written per batch.

Variants (comma-separated) take one suspect away to price it:
`notally` (drop the folder_tally delete trigger), `tallyset` (drop it and update the tally
with one set-based statement per batch instead), `nofts` (drop the full-text delete
trigger), `ftsset` (drop it and delete from the index with one INSERT ... SELECT per batch),
`nofk` (foreign keys off; journal notes and disclosures deleted by hand), `nosecure`
(secure_delete off), `cache` (a 128 MB page cache), `noac` (no WAL autocheckpoint at commit).
Only `base` is what fblmail does; the others are measurements, not options.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FYI = "För kännedom"
TALLY = f"""UPDATE folder_tally AS t SET items = t.items - d.n, unread = t.unread - d.u,
    fyi = t.fyi - d.f, fyi_unread = t.fyi_unread - d.fu
  FROM (SELECT i.mailbox_id, i.folder, count(*) n, sum(i.read_at IS NULL) u,
               sum(m.category = '{FYI}') f, sum(m.category = '{FYI}' AND i.read_at IS NULL) fu
        FROM mailbox_item i JOIN message m ON m.seq = i.message_seq
        WHERE i.message_seq IN ({{q}}) GROUP BY 1, 2) d
  WHERE t.mailbox_id = d.mailbox_id AND t.folder = d.folder"""  # noqa: S608 (constants)


# Constants and "?" lists only below: no input reaches the SQL text.
OLDEST = "SELECT seq FROM message WHERE sent_at < '2100-01-01' ORDER BY sent_at LIMIT ?"
THREADS = "SELECT DISTINCT thread_id FROM message WHERE seq IN ({q})"
MESSAGES = (
    "DELETE FROM message WHERE seq IN ({q}) AND NOT EXISTS "
    "(SELECT 1 FROM mailbox_item i WHERE i.message_seq = message.seq)"
)
EMPTY_THREADS = (
    "DELETE FROM thread WHERE id IN ({q}) AND NOT EXISTS "
    "(SELECT 1 FROM message m WHERE m.thread_id = thread.id)"
)
STEPS = [  # before the messages go: (name, SQL, the variant that runs it or None: always)
    ("tally", TALLY, "tallyset"),
    ("items", "DELETE FROM mailbox_item WHERE message_seq IN ({q})", None),
    (
        "notes",
        "DELETE FROM disclosure WHERE journal_note_id IN "
        "(SELECT id FROM journal_note WHERE message_seq IN ({q}))",
        "nofk",
    ),
    ("notes", "DELETE FROM journal_note WHERE message_seq IN ({q})", "nofk"),
    (
        "fts",
        "INSERT INTO message_fts(message_fts, rowid, subject, body, patient) "
        "SELECT 'delete', seq, subject, body, patient FROM message WHERE seq IN ({q})",
        "ftsset",
    ),
]


def main() -> None:
    """Copy, run the batches, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", help="a generated store whose messages are all expired")
    parser.add_argument("--variant", default="base")
    parser.add_argument("--batch", type=int, default=5000, help="messages per batch")
    parser.add_argument("--batches", type=int, default=4)
    args = parser.parse_args()
    copy = Path("/tmp") / "fblmail-profile-purge.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(args.store, copy)
    variant = set(args.variant.split(","))
    db = sqlite3.connect(copy, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        db.execute(f"PRAGMA {pragma}")
    db.execute(f"PRAGMA secure_delete={'OFF' if 'nosecure' in variant else 'ON'}")
    if "nofk" in variant:
        db.execute("PRAGMA foreign_keys=OFF")
    if "cache" in variant:
        db.execute("PRAGMA cache_size=-131072")
    if "noac" in variant:
        db.execute("PRAGMA wal_autocheckpoint=0")
    if variant & {"notally", "tallyset"}:
        db.execute("DROP TRIGGER folder_tally_delete")
    if variant & {"nofts", "ftsset"}:
        db.execute("DROP TRIGGER message_fts_delete")
    spent: dict[str, float] = {}

    def timed(name: str, sql: str, params: Sequence[object] = ()) -> list[Any]:
        started = time.process_time()
        rows = db.execute(sql, params).fetchall()
        spent[name] = spent.get(name, 0.0) + time.process_time() - started
        return rows

    wal_pages = 0
    for _ in range(args.batches):
        before = os.path.getsize(f"{copy}-wal")  # pages spill to the log before the commit too
        timed("begin", "BEGIN IMMEDIATE")
        seqs: list[object] = [r[0] for r in timed("select", OLDEST, (args.batch,))]
        q = ",".join("?" * len(seqs))
        for name, sql, wanted in STEPS:
            if wanted is None or wanted in variant:
                timed(name, sql.format(q=q), seqs)
        threads: list[object] = [r[0] for r in timed("thread ids", THREADS.format(q=q), seqs)]
        timed("messages", MESSAGES.format(q=q), seqs)
        timed("threads", EMPTY_THREADS.format(q=",".join("?" * len(threads))), threads)
        timed("commit", "COMMIT")
        if "noac" in variant:
            wal_pages += (os.path.getsize(f"{copy}-wal") - before) // (4096 + 24)
    if "noac" in variant:
        timed("final checkpoint", "PRAGMA wal_checkpoint(PASSIVE)")
    n = args.batch * args.batches
    total = sum(spent.values())
    print(f"{args.variant}: {n / total:,.0f} messages per CPU second; CPU µs per message:")
    print("  " + ", ".join(f"{k} {v / n * 1e6:.1f}" for k, v in spent.items()))
    if wal_pages:
        print(f"  write-ahead log: {wal_pages / n:.2f} pages per message")
    db.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()

"""What the full-text delete costs with the system SQLite and with wheels that ship a newer
one (issue 10): CPU per deleted message, and whether the deleted words are still in the file.

    /tmp/ftsvenv/bin/python bench/fts_delete_drivers.py bench/out/purge-100000-v4.db
    python bench/fts_delete_drivers.py STORE --rows 50000 --batch 1000 --runs 3

Standalone: it does not use fblmail and does not touch the product's driver. Run it with an
interpreter that has `apsw` and/or `sqlean.py` (`pip install apsw sqlean.py` in a venv of
its own); a library that is missing is skipped. The texts (subject, body, patient) of the
first `--rows` messages come from a store made by `bench/generate.py`; a marker word is added
to the first half, which is then deleted, the oldest first, in transactions of `--batch`
rows (BEGIN IMMEDIATE ... COMMIT; WAL, synchronous=NORMAL, secure_delete=ON, as a purge
batch runs). The FTS5 index is built and merged into one segment first, as after a merge.

Ways of keeping the index (the first is what fblmail does):
- `external`: content='message' (an external-content table), the old values handed to
  FTS5's 'delete' by an AFTER DELETE trigger; the words stay in the index's segments until
  a merge, which the purge therefore runs afterwards (its CPU is reported as `merge`);
- `external+secure`: the same with FTS5's 'secure-delete' option (SQLite >= 3.42), which
  takes the words out as the row goes;
- `contentless`: content='' with contentless_delete=1 (SQLite >= 3.43), deleted by rowid
  (`DELETE FROM fts WHERE rowid = old.seq`) without the old text;
- `contentless+nomerge`: the same with 'deletemerge' 0, so no segment is rewritten as its
  rows are deleted (the default, 10, rewrites a segment once a tenth of it is deleted);
- `contentless+secure`: `contentless` with 'secure-delete'.
`none` deletes the same rows with no index at all; "FTS µs" is a way's delete CPU minus
that. "left" says whether the marker word is still in the file after the deletes and a
TRUNCATE checkpoint (before any merge); where it is, the merge that removes it is timed
(`merge`, per deleted message) and "gone" says whether the word was gone after it.
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

MARKER = "zzqpurgemarker"  # in the deleted rows only; no Swedish word shares its start
FIND = MARKER[2:].encode()  # FTS5 stores a term after the prefix it shares with the one before
MODES = (
    "none", "external", "external+secure", "contentless", "contentless+nomerge",
    "contentless+secure",
)  # fmt: skip
NEEDS = {"external+secure": (3, 42, 0), "contentless": (3, 43, 0),
         "contentless+nomerge": (3, 43, 0), "contentless+secure": (3, 43, 0)}  # fmt: skip
MERGED_AFTER = ("external", "contentless+nomerge")  # words left until a merge: timed

# Constants only in the SQL below: no input reaches it.
MESSAGE = "CREATE TABLE message (seq INTEGER PRIMARY KEY, subject TEXT, body TEXT, patient TEXT)"
FTS = {
    "external": "CREATE VIRTUAL TABLE message_fts USING fts5(subject, body, patient, "
    "content='message', content_rowid='seq', tokenize='unicode61')",
    "contentless": "CREATE VIRTUAL TABLE message_fts USING fts5(subject, body, patient, "
    "content='', contentless_delete=1, tokenize='unicode61')",
}
OPTIMIZE = "INSERT INTO message_fts(message_fts) VALUES('optimize')"
HITS = "SELECT count(*) FROM message_fts WHERE message_fts MATCH ?"
TRIGGER = {
    "external": "CREATE TRIGGER message_fts_delete AFTER DELETE ON message BEGIN "
    "INSERT INTO message_fts(message_fts, rowid, subject, body, patient) "
    "VALUES ('delete', old.seq, old.subject, old.body, old.patient); END",
    "contentless": "CREATE TRIGGER message_fts_delete AFTER DELETE ON message BEGIN "
    "DELETE FROM message_fts WHERE rowid = old.seq; END",
}


class Db:
    """One connection of one library, with the few calls the measurement needs."""

    def __init__(self, library: str, path: Path) -> None:
        self.library = library
        if library == "apsw":
            apsw: Any = importlib.import_module("apsw")
            self.conn: Any = apsw.Connection(str(path))
            self.version = str(apsw.sqlite_lib_version())
        else:
            module: Any = sqlite3 if library == "sqlite3" else importlib.import_module("sqlean")
            self.conn = module.connect(str(path), isolation_level=None)
            self.version = str(module.sqlite_version)

    def run(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        """Run one statement; its rows."""
        return list(self.conn.execute(sql, params))

    def many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """One statement for many rows."""
        self.conn.executemany(sql, rows)

    def at_least(self, needed: tuple[int, int, int]) -> bool:
        """Is this library's SQLite at least `needed`?"""
        return tuple(int(p) for p in self.version.split(".")[:3]) >= needed

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def load_texts(store: str, rows: int) -> list[tuple[Any, ...]]:
    """(seq, subject, body, patient) of the first `rows` messages of a generated store."""
    source = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        found = source.execute(
            "SELECT seq, subject, body, patient FROM message ORDER BY seq LIMIT ?", (rows,)
        ).fetchall()
    finally:
        source.close()
    half = len(found) // 2
    return [
        (seq, subject, f"{body} {MARKER}" if n < half else body, patient)
        for n, (seq, subject, body, patient) in enumerate(found)
    ]


def build(db: Db, mode: str, texts: list[tuple[Any, ...]]) -> None:
    """The table, the index (merged into one segment) and the delete trigger."""
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "secure_delete=ON"):
        db.run(f"PRAGMA {pragma}")
    db.run(MESSAGE)
    db.run("BEGIN")
    db.many("INSERT INTO message VALUES (?, ?, ?, ?)", texts)
    kind = mode.split("+")[0]
    if kind != "none":
        db.run(FTS[kind])
        db.run(
            "INSERT INTO message_fts(rowid, subject, body, patient) "
            "SELECT seq, subject, body, patient FROM message"
        )
        db.run(TRIGGER[kind])
    db.run("COMMIT")
    if kind != "none":
        db.run(OPTIMIZE)
        if mode.endswith("+secure"):
            db.run("INSERT INTO message_fts(message_fts, rank) VALUES('secure-delete', 1)")
        if mode.endswith("+nomerge"):
            db.run("INSERT INTO message_fts(message_fts, rank) VALUES('deletemerge', 0)")
    db.run("PRAGMA wal_checkpoint(TRUNCATE)")


def cpu(work: Callable[[], object]) -> float:
    """Process CPU seconds that `work` took (not wall time: the machine is shared)."""
    started = time.process_time()
    work()
    return time.process_time() - started


def measure(library: str, mode: str, texts: list[tuple[Any, ...]], batch: int) -> dict[str, Any]:
    """Build a fresh database, delete the first half in batches; the figures."""
    with tempfile.TemporaryDirectory(prefix="fblmail-fts-") as folder:
        path = Path(folder) / "fts.db"
        db = Db(library, path)
        try:
            needed = NEEDS.get(mode)
            if needed is not None and not db.at_least(needed):
                return {"library": library, "version": db.version, "mode": mode, "skipped": True}
            build(db, mode, texts)
            doomed = [row[0] for row in texts[: len(texts) // 2]]

            def delete_all() -> None:
                for start in range(0, len(doomed), batch):
                    seqs = doomed[start : start + batch]
                    db.run("BEGIN IMMEDIATE")
                    db.run(f"DELETE FROM message WHERE seq IN ({','.join('?' * len(seqs))})", seqs)  # noqa: S608
                    db.run("COMMIT")

            spent = cpu(delete_all)
            db.run("PRAGMA wal_checkpoint(TRUNCATE)")
            left = FIND in path.read_bytes()
            merge = 0.0
            if mode in MERGED_AFTER:  # what the purge does next: merge until the words are gone
                merge = cpu(lambda: db.run(OPTIMIZE))
                db.run("PRAGMA wal_checkpoint(TRUNCATE)")
            hits = 0
            if mode != "none":
                hits = int(db.run(HITS, (MARKER,))[0][0])
            gone_after_merge = FIND not in path.read_bytes()
        finally:
            db.close()
    return {
        "library": library,
        "version": db.version,
        "mode": mode,
        "skipped": False,
        "deleted": len(doomed),
        "cpu_us": spent / len(doomed) * 1e6,
        "merge_us": merge / len(doomed) * 1e6,
        "left": left,
        "gone_after_merge": gone_after_merge,
        "hits": hits,
    }


def available(names: Sequence[str]) -> list[str]:
    """The libraries that import here."""
    found = []
    for name in names:
        try:
            if name != "sqlite3":
                importlib.import_module(name)
        except ImportError:
            print(f"{name}: not installed, skipped")
            continue
        found.append(name)
    return found


def main() -> None:
    """Measure every library and way; print medians of `--runs`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", help="a store made by bench/generate.py (read only)")
    parser.add_argument("--rows", type=int, default=50_000, help="messages indexed (half deleted)")
    parser.add_argument("--batch", type=int, default=1000, help="rows deleted per transaction")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--libraries", default="sqlite3,sqlean,apsw")
    args = parser.parse_args()
    texts = load_texts(args.store, args.rows)
    libraries = available(args.libraries.split(","))
    results: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for run in range(args.runs):
        for library in libraries:  # alternated, so a change of load hits every one alike
            for mode in MODES:
                figures = measure(library, mode, texts, args.batch)
                results.setdefault((library, mode), []).append(figures)
        print(f"run {run + 1} of {args.runs} done", flush=True)
    print(f"\n{len(texts) // 2:,} of {len(texts):,} messages deleted, {args.batch} per "
          "transaction; medians of CPU µs per deleted message")  # fmt: skip
    print(f"{'library':<8} {'SQLite':<8} {'mode':<19} {'delete':>7} {'FTS':>6} {'merge':>6} "
          "left  gone  hits")  # fmt: skip
    for library in libraries:
        base = statistics.median(r["cpu_us"] for r in results[(library, "none")])
        for mode in MODES:
            runs = results[(library, mode)]
            if runs[0]["skipped"]:
                print(f"{library:<8} {runs[0]['version']:<8} {mode:<19} (needs a newer SQLite)")
                continue
            total = statistics.median(r["cpu_us"] for r in runs)
            merge = statistics.median(r["merge_us"] for r in runs)
            fts = "" if mode == "none" else f"{total - base:6.1f}"
            print(f"{library:<8} {runs[0]['version']:<8} {mode:<19} {total:7.1f} {fts:>6} "
                  f"{merge:6.1f} {'yes' if any(r['left'] for r in runs) else 'no':<5} "
                  f"{'yes' if all(r['gone_after_merge'] for r in runs) else 'no':<5} "
                  f"{max(r['hits'] for r in runs)}")  # fmt: skip


if __name__ == "__main__":
    main()

"""Helpers for the robustness tests: driving sender processes and checking a store is whole."""

from __future__ import annotations

import contextlib
import queue
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import text
from sqlmodel import col, select

from fblmail.store.audit import verify_chain
from fblmail.store.engine import Store, make_engine
from fblmail.store.tables import AccessLog

SENDER = Path(__file__).with_name("sender.py")
LINE_TIMEOUT_S = 60.0


class SenderProcess:
    """`sender.py` in a subprocess, its stdout lines read by a thread into a queue."""

    def __init__(self, mode: str, url: str, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(SENDER), mode, "--db", url, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def tell(self, line: str) -> None:
        """Write one line to the process's stdin."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def next_line(self, timeout: float = LINE_TIMEOUT_S) -> str:
        """The next stdout line; fails the test if the process ends or goes quiet."""
        line = self.lines.get(timeout=timeout)
        if line is None:
            raise AssertionError(f"{SENDER.name} ended (exit code {self.proc.wait()})")
        return line

    def until(self, prefix: str, timeout: float = LINE_TIMEOUT_S) -> tuple[str, list[str]]:
        """Read up to the first line starting with `prefix`; return it and the lines before."""
        before: list[str] = []
        while True:
            line = self.next_line(timeout)
            if line.startswith(prefix):
                return line, before
            before.append(line)

    def stop(self) -> None:
        """Close stdin and make sure the process is gone."""
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            with contextlib.suppress(BrokenPipeError):
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def ids_with(lines: Iterable[str], word: str) -> list[str]:
    """The ids of lines `WORD <id>`."""
    return [line.split()[1] for line in lines if line.startswith(word + " ")]


# Each query lists what would be half-written; all must come back empty.
HALF_WRITTEN = {
    "message without its thread": (
        "SELECT m.id FROM message m LEFT JOIN thread t ON t.id = m.thread_id WHERE t.id IS NULL"
    ),
    "thread without a message": (
        "SELECT t.id FROM thread t WHERE NOT EXISTS "
        "(SELECT 1 FROM message m WHERE m.thread_id = t.id)"
    ),
    "message without the recipient's inbox item": (
        "SELECT m.id FROM message m WHERE NOT EXISTS (SELECT 1 FROM mailbox_item i "
        "WHERE i.message_seq = m.seq AND i.mailbox_id = m.recipient_mailbox_id "
        "AND i.folder = 'inbox')"
    ),
    "message without the sender's sent item": (
        "SELECT m.id FROM message m WHERE m.kind <> 'forward' AND NOT EXISTS "
        "(SELECT 1 FROM mailbox_item i WHERE i.message_seq = m.seq "
        "AND i.mailbox_id = m.sender_mailbox_id AND i.folder = 'sent')"
    ),
    "mailbox item without its message": (
        "SELECT i.id FROM mailbox_item i LEFT JOIN message m ON m.seq = i.message_seq "
        "WHERE m.seq IS NULL"
    ),
    "message without its send in the access log": (
        "SELECT m.id FROM message m WHERE NOT EXISTS (SELECT 1 FROM access_log a "
        "WHERE a.message_id = m.id AND a.action = 'send' AND a.outcome = 'ok')"
    ),
    "logged send without its message": (
        "SELECT a.id FROM access_log a LEFT JOIN message m ON m.id = a.message_id "
        "WHERE a.action = 'send' AND a.outcome = 'ok' AND m.id IS NULL"
    ),
}


def store_problems(url: str) -> list[str]:
    """Everything wrong with the store: half-written sends, a broken chain, a damaged file."""
    engine = make_engine(url)
    problems: list[str] = []
    try:
        with engine.connect() as conn:
            for what, query in HALF_WRITTEN.items():
                rows = conn.execute(text(query)).all()
                if rows:
                    problems.append(f"{what}: {[r[0] for r in rows[:5]]} ({len(rows)} in all)")
            if engine.dialect.name == "sqlite":
                integrity = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                if integrity != ["ok"]:
                    problems.append(f"integrity_check: {integrity[:5]}")
                fk = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if fk:
                    problems.append(f"foreign_key_check: {fk[:5]}")
                try:  # the full-text index agrees with the message table, row for row
                    conn.exec_driver_sql(
                        "INSERT INTO message_fts(message_fts, rank) VALUES('integrity-check', 1)"
                    )
                except Exception as exc:
                    problems.append(f"message_fts integrity-check: {exc}")
                conn.rollback()
        with Store(engine).read() as session:
            log = session.exec(select(AccessLog).order_by(col(AccessLog.id))).all()
            broken = verify_chain(log)
            if broken is not None:
                problems.append(f"access-log chain: {broken}")
    finally:
        engine.dispose()
    return problems


def missing_parts(url: str, message_ids: Iterable[str]) -> list[str]:
    """For each id: what of a whole send is absent.

    Whole means: the message row, its thread, the recipient's inbox item, the sender's sent
    item, and at least one `send` row in the access log (a repeated idempotent send adds more).
    """
    wanted = sorted(set(message_ids))
    engine = make_engine(url)
    missing: list[str] = []
    query = text(
        "SELECT m.id, "
        "(SELECT count(*) FROM thread t WHERE t.id = m.thread_id), "
        "(SELECT count(*) FROM mailbox_item i WHERE i.message_seq = m.seq "
        " AND i.mailbox_id = m.recipient_mailbox_id AND i.folder = 'inbox'), "
        "(SELECT count(*) FROM mailbox_item i WHERE i.message_seq = m.seq "
        " AND i.mailbox_id = m.sender_mailbox_id AND i.folder = 'sent'), "
        "(SELECT count(*) FROM access_log a WHERE a.message_id = m.id "
        " AND a.action = 'send' AND a.outcome = 'ok') "
        "FROM message m WHERE m.id = :id"
    )
    try:
        with engine.connect() as conn:
            for message_id in wanted:
                row = conn.execute(query, {"id": message_id}).first()
                if row is None:
                    missing.append(f"{message_id}: no message row")
                elif tuple(row[1:4]) != (1, 1, 1) or row[4] < 1:
                    missing.append(f"{message_id}: thread/inbox/sent/log counts {tuple(row[1:])}")
    finally:
        engine.dispose()
    return missing


def count(url: str, table: str) -> int:
    """Rows in one table."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())  # noqa: S608
    finally:
        engine.dispose()


def corrupt_middle_page(path: Path) -> None:
    """Overwrite a whole page in the middle of the file that is surely in use: the root
    page of the message table (a page picked by position may be a free page, which no
    integrity check reads, and a page's live cells may sit in its last bytes)."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'message'"
        ).fetchone()[0]
    assert root > 1  # never the file's header page
    with path.open("r+b") as fh:
        fh.seek(size * (root - 1))
        fh.write(b"\xde\xad\xbe\xef" * (size // 4))

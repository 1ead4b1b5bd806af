"""Taking SQLite's write lock quickly: one way for the ORM engine and the DB-API path.

SQLite's own busy handler sleeps up to 100 ms between tries, so a writer can miss a lock
that another writer (a purge between its batches) leaves free for 50 ms, and waits for the
lock's next release. Asking every 1-5 ms hands the lock over within a few milliseconds of
its release. Plain Python over any sqlite3-like connection: no driver or ORM import.
"""

from __future__ import annotations

import time
from typing import Any

__all__ = ["BUSY_TIMEOUT_MS", "begin_immediate_polling"]

BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for the lock before the store answers "busy"."""
SQLITE_BUSY = 5
WRITE_POLL_FIRST_S, WRITE_POLL_MAX_S = 0.001, 0.005


def begin_immediate_polling(raw: Any, timeout_ms: int = BUSY_TIMEOUT_MS) -> bool:
    """`BEGIN IMMEDIATE` on `raw`, asking every few milliseconds for up to `timeout_ms`;
    False if the lock stayed taken (the caller then waits SQLite's own way once more, for
    the usual "busy" error). The connection's busy timeout is `timeout_ms` afterwards."""
    deadline = time.monotonic() + timeout_ms / 1000
    delay = WRITE_POLL_FIRST_S
    raw.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return True
            except Exception as exc:  # the driver's OperationalError: only "busy" is retried
                if getattr(exc, "sqlite_errorcode", None) != SQLITE_BUSY:
                    raise
            if time.monotonic() + delay > deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, WRITE_POLL_MAX_S)
    finally:
        raw.execute(f"PRAGMA busy_timeout={timeout_ms}")

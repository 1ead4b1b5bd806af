"""Appending to the hash-chained access log over the DB-API, and the chain's digest.

The same chain as `store/audit.py` writes through SQLAlchemy: each row's hash covers its
own fields and the previous row's hash (`row_digest`, shared by both and by the shared
store's definer function, which computes it in SQL). The chain's head is the one row of
`audit_head`; locking it (`FOR UPDATE` on PostgreSQL, the write lock itself on SQLite)
serialises appends so two transactions never fork the chain.

On a shared PostgreSQL store a person cannot INSERT into the log: the row goes through the
definer function `fblmail_log_append`, which takes actor, unit, id and time itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fblmail.store.query.connection import DbTarget, Writer

GENESIS_HASH = "0" * 64
HASHED_FIELDS = (
    "id",
    "at",
    "actor",
    "actor_unit",
    "action",
    "outcome",
    "mailbox",
    "message_id",
    "thread_id",
    "patient",
    "rule",
    "detail",
    "prev_hash",
)


def row_digest(row: Mapping[str, Any] | Any) -> str:
    """SHA-256 over a log row's fields (canonical JSON) including the previous hash.

    `row` is a mapping of the fields or any object with them as attributes (an `AccessLog`
    row); `at` is an aware datetime, written with microseconds and its UTC offset.
    """
    if isinstance(row, Mapping):
        payload = {name: row[name] for name in HASHED_FIELDS}
    else:
        payload = {name: getattr(row, name) for name in HASHED_FIELDS}
    payload["at"] = payload["at"].isoformat(timespec="microseconds")
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LogEntry:
    """What a use case wants written; time and hashes are filled in by `append`."""

    actor: str
    actor_unit: str
    action: str
    outcome: str = "ok"
    mailbox: str | None = None
    message_id: str | None = None
    thread_id: str | None = None
    patient: str | None = None
    rule: str | None = None
    detail: str | None = None


DEFINER_APPEND_SQL = (
    "SELECT id FROM fblmail_log_append(?, ?, ?, ?, ?, ?, ?, ?)"  # the definer's own hashing
)
INSERT_SQL = (
    "INSERT INTO access_log (id, at, actor, actor_unit, action, outcome, mailbox, message_id, "
    "thread_id, patient, rule, detail, prev_hash, row_hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

_DEFINER_BY_TARGET: dict[str, bool] = {}
"""Per database user and store: a role's privileges do not change while it runs."""


def through_definer(db: Writer) -> bool:
    """True where the session may not INSERT into the log (a person on a shared store)."""
    if db.target.sqlite:
        return False
    known = _DEFINER_BY_TARGET.get(db.target.location)
    if known is None:
        allowed = db.scalar("SELECT has_table_privilege('access_log', 'INSERT')")
        known = _DEFINER_BY_TARGET[db.target.location] = not bool(allowed)
    return known


def append(db: Writer, entry: LogEntry, at: datetime) -> None:
    """Append one row to the chain inside the caller's write transaction."""
    if through_definer(db):
        db.one(
            DEFINER_APPEND_SQL,
            (
                entry.action,
                entry.outcome,
                entry.mailbox,
                entry.message_id,
                entry.thread_id,
                entry.patient,
                entry.rule,
                entry.detail,
            ),
        )
        return
    lock = "" if db.target.sqlite else " FOR UPDATE"
    head = db.one(f"SELECT last_id, last_hash FROM audit_head WHERE id = 1{lock}")  # noqa: S608
    if head is None:
        raise RuntimeError("the access log has no head row (migration 0001 writes it)")
    fields: dict[str, Any] = {
        "id": int(head[0]) + 1,
        "at": at.astimezone(UTC),
        "actor": entry.actor,
        "actor_unit": entry.actor_unit,
        "action": entry.action,
        "outcome": entry.outcome,
        "mailbox": entry.mailbox,
        "message_id": entry.message_id,
        "thread_id": entry.thread_id,
        "patient": entry.patient,
        "rule": entry.rule,
        "detail": entry.detail,
        "prev_hash": str(head[1]),
    }
    row_hash = row_digest(fields)
    values = [fields[name] for name in HASHED_FIELDS]
    values[1] = db.time(fields["at"])
    db.execute(INSERT_SQL, [*values, row_hash])
    db.execute(
        "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", (fields["id"], row_hash)
    )


def log_identity_refusal(target: DbTarget, asked: str, outcome: str) -> None:
    """Log, through the shared store's log function, that someone was refused as `asked`."""
    import psycopg

    from fblmail.identity import REFUSAL_ACTION, REFUSAL_DETAIL

    with suppress(psycopg.Error), psycopg.connect(target.location, autocommit=True) as conn:
        conn.execute(
            "SELECT fblmail_log_append(%s, %s, NULL, NULL, NULL, NULL, NULL, %s)",
            (REFUSAL_ACTION, outcome, REFUSAL_DETAIL.format(asked=asked[:64])),
        )

"""Writing and verifying the hash-chained access log.

Each row's hash covers its own fields and the previous row's hash, so editing or deleting a
row (which the triggers already forbid) is detectable by `verify_chain`. The chain's head is
one row in `audit_head`; locking it (`FOR UPDATE` on PostgreSQL, the write lock itself on
SQLite) serialises appends so two transactions can never fork the chain. Row ids are
assigned from the head, not a sequence, so the hash can cover the id. The digest and the
entry type live in `store/query/log.py`, which appends the same chain over the DB-API.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session, select

from fblmail.store.query.log import GENESIS_HASH, HASHED_FIELDS, LogEntry, row_digest
from fblmail.store.tables import AccessLog, AuditHead

__all__ = [
    "GENESIS_HASH",
    "HASHED_FIELDS",
    "ChainBreak",
    "LogEntry",
    "append",
    "row_digest",
    "verify_chain",
]

_APPEND_SQL = (
    "SELECT id, at, actor, actor_unit, prev_hash, row_hash FROM fblmail_log_append("
    ":action, :outcome, :mailbox, :message_id, :thread_id, :patient, :rule, :detail)"
)


_DEFINER_BY_URL: dict[str, bool] = {}
"""Per database user and store: a role's privileges do not change while it runs."""


def _through_definer(session: Session) -> bool:
    """On PostgreSQL a person without INSERT on the log appends through the definer
    function of a shared store (store/shared_sql.py), which decides id, time, actor and
    hashes itself. The owner and single-role stores append here, as on SQLite."""
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":
        return False
    key = bind.engine.url.render_as_string(hide_password=True)
    known = _DEFINER_BY_URL.get(key)
    if known is None:
        allowed = session.execute(text("SELECT has_table_privilege('access_log', 'INSERT')"))
        known = _DEFINER_BY_URL[key] = not bool(allowed.scalar_one())
    return known


def append(session: Session, entry: LogEntry, at: datetime) -> AccessLog:
    """Append one row to the chain inside the caller's transaction.

    On a shared store a person's session cannot write the log: the row goes through
    `fblmail_log_append`, and its actor, unit and time are the database's, not `entry`'s.
    """
    if _through_definer(session):
        fields = {
            "action": entry.action,
            "outcome": entry.outcome,
            "mailbox": entry.mailbox,
            "message_id": entry.message_id,
            "thread_id": entry.thread_id,
            "patient": entry.patient,
            "rule": entry.rule,
            "detail": entry.detail,
        }
        got = session.execute(text(_APPEND_SQL), fields).one()
        return AccessLog(
            id=got[0],
            at=got[1],
            actor=got[2],
            actor_unit=got[3],
            prev_hash=got[4],
            row_hash=got[5],
            action=entry.action,
            outcome=entry.outcome,
            mailbox=entry.mailbox,
            message_id=entry.message_id,
            thread_id=entry.thread_id,
            patient=entry.patient,
            rule=entry.rule,
            detail=entry.detail,
        )
    head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
    row = AccessLog(
        id=head.last_id + 1,
        at=at,
        actor=entry.actor,
        actor_unit=entry.actor_unit,
        action=entry.action,
        outcome=entry.outcome,
        mailbox=entry.mailbox,
        message_id=entry.message_id,
        thread_id=entry.thread_id,
        patient=entry.patient,
        rule=entry.rule,
        detail=entry.detail,
        prev_hash=head.last_hash,
        row_hash="",
    )
    row.row_hash = row_digest(row)
    session.add(row)
    head.last_id = row.id or 0
    head.last_hash = row.row_hash
    session.add(head)
    session.flush()
    return row


@dataclass(frozen=True)
class ChainBreak:
    """The first row whose hash or link does not match."""

    row_id: int
    reason: str


def verify_chain(rows: Iterable[AccessLog]) -> ChainBreak | None:
    """Walk rows in id order; return the first break, or None if the chain is whole."""
    expected_prev = GENESIS_HASH
    expected_id = 1
    for row in rows:
        if row.id != expected_id:
            return ChainBreak(expected_id, f"row {expected_id} is missing")
        if row.prev_hash != expected_prev:
            return ChainBreak(row.id, "link to the previous row does not match")
        if row_digest(row) != row.row_hash:
            return ChainBreak(row.id, "row content does not match its hash")
        expected_prev = row.row_hash
        expected_id += 1
    return None

"""Walking the access log's hash chain in keyset batches, never the whole log at once."""

from __future__ import annotations

from collections.abc import Iterator

from sqlmodel import Session, col, select

from fblmail.errors import StoreProblem
from fblmail.service.audit.views import VerifyResult, to_row
from fblmail.store import audit
from fblmail.store.tables import AccessLog, AuditHead

VERIFY_BATCH = 2_000


def walk_chain(session: Session) -> VerifyResult:
    """Check every row up to the chain's head; name the first broken one.

    The head is read first, so rows appended while the walk runs are left for the next
    verification. Besides edited rows and broken links (`audit.verify_chain`) this notices
    rows cut off the end: the head then points past the last row.
    """
    head = session.get(AuditHead, 1)
    if head is None:
        raise StoreProblem(
            "Loggens huvudrad saknas; databasen är inte initierad (`fblmail init`).",
            "The log's head row is missing; the store is not initialised (`fblmail init`).",
        )
    last: AccessLog | None = None
    checked = 0

    def rows() -> Iterator[AccessLog]:
        nonlocal last, checked
        after = 0
        while True:
            batch = session.exec(
                select(AccessLog)
                .where(col(AccessLog.id) > after, col(AccessLog.id) <= head.last_id)
                .order_by(col(AccessLog.id))
                .limit(VERIFY_BATCH)
            ).all()
            session.expunge_all()  # keep memory flat: only the current batch lives
            if not batch:
                return
            for row in batch:
                checked += 1
                last = row
                yield row
            after = batch[-1].id or 0

    broken = audit.verify_chain(rows())
    last_id = (last.id or 0) if last is not None else 0
    if broken is None:
        if last_id != head.last_id:
            broken = audit.ChainBreak(last_id + 1, "row is missing")
        elif last is not None and last.row_hash != head.last_hash:
            broken = audit.ChainBreak(last_id, "newest row does not match the head")
    if broken is None:
        return VerifyResult(True, checked, None, None, None)
    row = session.get(AccessLog, broken.row_id)
    return VerifyResult(
        False, checked, broken.row_id, broken.reason, to_row(row, {}) if row else None
    )

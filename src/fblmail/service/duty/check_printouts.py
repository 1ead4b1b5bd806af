"""R16 for the check: closed cases whose printouts nobody has confirmed destroyed.

Light on purpose (no SQLAlchemy): read through the plain DB-API `Reader`, so that
`fblmail check` never imports the ORM; `service/messages/printing.py` re-exports these for the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from fblmail.domain.personnummer import InvalidPatientId, PatientId
from fblmail.store.query.check import Reader, must_time, stored_time


@dataclass(frozen=True)
class PrintoutView:
    """One printout not yet confirmed destroyed."""

    id: int
    login: str
    printed_at: datetime
    format: str


@dataclass(frozen=True)
class ThreadPrintouts:
    """A closed case with printouts nobody has confirmed destroyed (for `check`)."""

    thread_id: str
    subject: str
    patient: str | None
    mailbox: str
    closed_at: datetime
    printouts: tuple[PrintoutView, ...]


def _patient(digits: str | None) -> str | None:
    """`YYYYMMDD-NNNN` for stored digits; anything else (old or odd rows) as it is."""
    if not digits:
        return None
    try:
        return PatientId(digits).display()
    except InvalidPatientId:
        return digits


@dataclass(frozen=True)
class _Case:
    id: str
    subject: str
    patient: str | None
    origin: int
    counterpart: int
    closed_at: datetime


def _marks(values: Iterable[object]) -> str:
    return ", ".join("?" for _ in values)


def open_printouts(db: Reader, mailbox_ids: Iterable[int]) -> list[ThreadPrintouts]:
    """Closed cases of these FBLs with printouts not confirmed destroyed (R16).

    A printout belongs to an FBL when the case is one of that FBL's (sent or received) and
    the person who printed it works in the FBL's unit. Runs in the caller's transaction; no
    log row (the caller logs its own read).
    """
    ids = set(mailbox_ids)
    if not ids:
        return []
    # Driven by the printouts still to destroy (few at any time), each case then found by
    # its key and kept if it is one of these FBLs'. Filtering on the FBL in SQL lets the
    # planner start from the FBL's threads instead, which grow with the FBL.
    rows: list[tuple[PrintoutView, _Case]] = []
    for p_id, login, printed, fmt, t_id, subject, patient, origin, other, closed, created in db.all(
        "SELECT p.id, p.login, p.printed_at, p.format, t.id, t.subject, t.patient, "
        "t.origin_mailbox_id, t.counterpart_mailbox_id, t.closed_at, t.created_at "
        "FROM printout p JOIN thread t ON t.id = p.thread_id "
        "WHERE t.closed_at IS NOT NULL AND p.destroyed_at IS NULL ORDER BY t.closed_at, p.id"
    ):
        if origin in ids or other in ids:
            closed_at = stored_time(closed) or must_time(created)
            case = _Case(t_id, subject, _patient(patient), int(origin), int(other), closed_at)
            rows.append((PrintoutView(int(p_id), login, must_time(printed), fmt), case))
    if not rows:
        return []
    wanted = sorted({c.origin for _, c in rows} | {c.counterpart for _, c in rows})
    boxes = {
        int(r[0]): (str(r[1]), int(r[2]))
        for r in db.all(
            f"SELECT id, address, organisation_id FROM mailbox WHERE id IN ({_marks(wanted)})",  # noqa: S608
            wanted,
        )
    }
    logins = sorted({p.login for p, _ in rows})
    orgs = {
        str(r[0]): int(r[1])
        for r in db.all(
            f"SELECT login, organisation_id FROM account WHERE login IN ({_marks(logins)})",  # noqa: S608
            logins,
        )
    }
    grouped: dict[tuple[str, int], tuple[_Case, list[PrintoutView]]] = {}
    for printout, case in rows:
        for box_id in (case.origin, case.counterpart):
            box = boxes.get(box_id)
            if box_id not in ids or box is None:
                continue
            if printout.login in orgs and orgs[printout.login] != box[1]:
                continue
            grouped.setdefault((case.id, box_id), (case, []))[1].append(printout)
    return [
        ThreadPrintouts(
            thread_id=case.id,
            subject=case.subject,
            patient=case.patient,
            mailbox=boxes[box_id][0],
            closed_at=case.closed_at,
            printouts=tuple(found),
        )
        for (_, box_id), (case, found) in grouped.items()
    ]

"""Read models of the access-log use cases, and parsing their filters (dates, patient)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from fblmail.clock import local_zone
from fblmail.domain.personnummer import InvalidPatientId, PatientId, parse_patient_id
from fblmail.errors import InvalidInput
from fblmail.store.tables import AccessLog, AuditReview

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def parse_when(text: str, field: str, *, end: bool = False) -> datetime:
    """`YYYY-MM-DD` (local midnight; an end date includes the whole day) or an ISO datetime.

    A datetime without a zone is Stockholm local time. The result is aware UTC.
    """
    value = text.strip()
    try:
        if _DATE.fullmatch(value):
            day = date.fromisoformat(value) + timedelta(days=1 if end else 0)
            moment = datetime.combine(day, time(0), tzinfo=local_zone())
        else:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=local_zone())
    except ValueError as exc:
        raise InvalidInput(
            f"Ogiltig tidpunkt {value!r} (--{field}). Skriv ÅÅÅÅ-MM-DD eller "
            "ÅÅÅÅ-MM-DDTHH:MM (svensk tid).",
            f"Invalid time {value!r} (--{field}). Write YYYY-MM-DD or YYYY-MM-DDTHH:MM "
            "(Swedish local time).",
            field=field,
        ) from exc
    return moment.astimezone(UTC)


def parse_patient(text: str, today: date) -> str:
    """A personnummer in any accepted form (10 or 12 digits) as its 12 stored digits."""
    try:
        return parse_patient_id(text, today).digits
    except InvalidPatientId as exc:
        raise InvalidInput(
            f"Personnumret går inte att använda: {exc.reason_sv}",
            f"The personal identity number cannot be used: {exc.reason_en}",
            field="patient",
        ) from exc


def patient_display(digits: str | None) -> str | None:
    """`YYYYMMDD-NNNN` for stored digits; anything else (old or odd rows) as it is."""
    if not digits:
        return None
    try:
        return PatientId(digits).display()
    except InvalidPatientId:
        return digits


@dataclass(frozen=True)
class AuditRow:
    """One access-log row as readers see it."""

    id: int
    at: datetime
    actor: str
    actor_name: str
    actor_unit: str
    action: str
    outcome: str
    mailbox: str | None
    message_id: str | None
    thread_id: str | None
    patient: str | None
    rule: str | None
    detail: str | None

    def to_json(self) -> dict[str, Any]:
        """JSON for `audit --json` (keys are a contract)."""
        return {
            "id": self.id,
            "at": _iso(self.at),
            "actor": self.actor,
            "actor_name": self.actor_name,
            "actor_unit": self.actor_unit,
            "action": self.action,
            "outcome": self.outcome,
            "mailbox": self.mailbox,
            "message_id": self.message_id,
            "thread_id": self.thread_id,
            "patient": self.patient,
            "rule": self.rule,
            "detail": self.detail,
        }


def to_row(row: AccessLog, names: dict[str, str]) -> AuditRow:
    """Turn a stored row into a read model; `names` maps logins to full names."""
    return AuditRow(
        id=row.id or 0,
        at=row.at,
        actor=row.actor,
        actor_name=names.get(row.actor, ""),
        actor_unit=row.actor_unit,
        action=row.action,
        outcome=row.outcome,
        mailbox=row.mailbox,
        message_id=row.message_id,
        thread_id=row.thread_id,
        patient=patient_display(row.patient),
        rule=row.rule,
        detail=row.detail,
    )


@dataclass(frozen=True)
class AuditPage:
    """One keyset page of the log, newest first; `next_before` continues it."""

    rows: tuple[AuditRow, ...]
    next_before: int | None

    def to_json(self) -> dict[str, Any]:
        """`{"rows": [...], "next_before": id | null}`."""
        return {"rows": [r.to_json() for r in self.rows], "next_before": self.next_before}


@dataclass(frozen=True)
class ExtractRow:
    """One access in a patient's extract."""

    at: datetime
    unit: str
    full_name: str
    login: str
    action: str
    mailbox: str | None

    def to_json(self) -> dict[str, Any]:
        """JSON for `audit patient --json`."""
        return {
            "at": _iso(self.at),
            "unit": self.unit,
            "full_name": self.full_name,
            "login": self.login,
            "action": self.action,
            "mailbox": self.mailbox,
        }


@dataclass(frozen=True)
class PatientExtract:
    """The extract a patient may ask for: who accessed their data, when, from which unit."""

    patient: str | None
    produced_at: datetime
    produced_by: str
    rows: tuple[ExtractRow, ...]

    def to_json(self) -> dict[str, Any]:
        """JSON for `audit patient --json`."""
        return {
            "patient": self.patient,
            "produced_at": _iso(self.produced_at),
            "produced_by": self.produced_by,
            "accesses": [r.to_json() for r in self.rows],
        }


@dataclass(frozen=True)
class SampledRow:
    """A row of the sample, its flags, and whether it was drawn as flagged or random."""

    row: AuditRow
    flags: tuple[str, ...]
    reason: str

    def to_json(self) -> dict[str, Any]:
        """The row's JSON plus `flags` and `drawn_as`."""
        data = self.row.to_json()
        data["flags"] = list(self.flags)
        data["drawn_as"] = self.reason
        return data


@dataclass(frozen=True)
class AuditSample:
    """A reproducible sample of the log."""

    seed: int
    size: int
    period_from: datetime | None
    period_to: datetime | None
    examined: int
    flagged: int
    volume_limit: float
    last_row_id: int
    rows: tuple[SampledRow, ...]

    def to_json(self) -> dict[str, Any]:
        """JSON for `audit sample --json`."""
        return {
            "seed": self.seed,
            "n": self.size,
            "from": _iso(self.period_from),
            "to": _iso(self.period_to),
            "examined": self.examined,
            "flagged": self.flagged,
            "volume_limit": round(self.volume_limit, 2),
            "last_row_id": self.last_row_id,
            "rows": [r.to_json() for r in self.rows],
        }


@dataclass(frozen=True)
class ReviewView:
    """A recorded review of a sample."""

    id: int
    reviewed_at: datetime
    reviewer: str
    seed: int
    size: int
    period_from: datetime | None
    period_to: datetime | None
    row_ids: tuple[int, ...]
    outcome: str
    note: str

    @classmethod
    def of(cls, row: AuditReview) -> ReviewView:
        """From the stored row."""
        return cls(
            id=row.id or 0,
            reviewed_at=row.reviewed_at,
            reviewer=row.reviewer,
            seed=row.sample_seed,
            size=row.sample_size,
            period_from=row.period_from,
            period_to=row.period_to,
            row_ids=tuple(int(x) for x in row.row_ids.split(",") if x),
            outcome=row.outcome,
            note=row.note,
        )

    def to_json(self) -> dict[str, Any]:
        """JSON for `audit review ... --json`."""
        return {
            "id": self.id,
            "reviewed_at": _iso(self.reviewed_at),
            "reviewer": self.reviewer,
            "seed": self.seed,
            "n": self.size,
            "from": _iso(self.period_from),
            "to": _iso(self.period_to),
            "row_ids": list(self.row_ids),
            "outcome": self.outcome,
            "note": self.note,
        }


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of walking the hash chain."""

    intact: bool
    checked: int
    broken_row_id: int | None
    reason: str | None
    broken_row: AuditRow | None

    def to_json(self) -> dict[str, Any]:
        """JSON for `audit verify --json`."""
        return {
            "intact": self.intact,
            "checked": self.checked,
            "broken_row_id": self.broken_row_id,
            "reason": self.reason,
            "broken_row": self.broken_row.to_json() if self.broken_row else None,
        }

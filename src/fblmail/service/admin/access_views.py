"""Read models of the access requests (R18) and the checks of what a request says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from fblmail.domain.safe_text import one_line
from fblmail.errors import InvalidInput
from fblmail.service.lookup import find_mailbox
from fblmail.store.tables import Mailbox

KINDS = ("new", "end")
STATUSES = ("pending", "approved", "rejected")
REASON_MAX = 2_000


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class AccessRequestView:
    """A request as support sees it."""

    id: int
    kind: str
    login: str
    full_name: str
    title: str
    organisation: str
    mailboxes: tuple[str, ...]
    reason: str
    status: str
    filed_by: str
    filed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str | None

    def to_json(self) -> dict[str, Any]:
        """JSON for `access list --json`."""
        return {
            "id": self.id,
            "kind": self.kind,
            "login": self.login,
            "full_name": self.full_name,
            "title": self.title,
            "organisation": self.organisation,
            "mailboxes": list(self.mailboxes),
            "reason": self.reason,
            "status": self.status,
            "filed_by": self.filed_by,
            "filed_at": _iso(self.filed_at),
            "decided_by": self.decided_by,
            "decided_at": _iso(self.decided_at),
            "decision_reason": self.decision_reason,
        }


@dataclass(frozen=True)
class InactiveAccount:
    """An active account to review at a staff change: idle for long, or never used."""

    login: str
    full_name: str
    title: str
    organisation: str
    role: str
    mailboxes: tuple[str, ...]
    created_at: datetime
    last_active_at: datetime | None
    days_inactive: int | None  # None: never used

    def to_json(self) -> dict[str, Any]:
        """JSON for `admin accounts --json`."""
        return {
            "login": self.login,
            "full_name": self.full_name,
            "title": self.title,
            "organisation": self.organisation,
            "role": self.role,
            "mailboxes": list(self.mailboxes),
            "created_at": _iso(self.created_at),
            "last_active_at": _iso(self.last_active_at),
            "days_inactive": self.days_inactive,
        }


def choice(value: str, allowed: tuple[str, ...], field: str) -> str:
    wanted = value.strip().lower()
    if wanted not in allowed:
        raise InvalidInput(
            f"Ogiltigt värde {one_line(value, 40)!r} för {field}. Välj en av: "
            f"{', '.join(allowed)}.",
            f"Invalid value {one_line(value, 40)!r} for {field}. Choose one of: "
            f"{', '.join(allowed)}.",
            field=field,
        )
    return wanted


def reason_text(text: str, field: str = "reason") -> str:
    value = text.strip()
    if not value:
        raise InvalidInput(
            "Ange ett skäl (--reason), t.ex. ny tjänst, byte av enhet eller avslutad anställning.",
            "Give a reason (--reason), e.g. new post, change of unit or end of employment.",
            field=field,
        )
    if len(value) > REASON_MAX:
        raise InvalidInput(
            f"Skälet är för långt (högst {REASON_MAX} tecken).",
            f"The reason is too long (at most {REASON_MAX} characters).",
            field=field,
        )
    return value


def open_fbl(session: Session, name: str) -> Mailbox:
    box = find_mailbox(session, name)
    if box.kind != "fbl":
        raise InvalidInput(
            f"{box.address} är ingen funktionsbrevlåda. Ange en FBL (--mailbox).",
            f"{box.address} is not a functional mailbox. Name an FBL (--mailbox).",
            field="mailbox",
        )
    if box.closed_at is not None:
        raise InvalidInput(
            f"{box.address} är stängd permanent och går inte att få behörighet till.",
            f"{box.address} is closed permanently; no access can be granted to it.",
            field="mailbox",
        )
    return box

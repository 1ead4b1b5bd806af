"""What the user asked to send, as typed: the input of `Messaging.send`.

Kept apart from the use case so that `from fblmail.service import Outgoing` (the compose
form, the CLI, scripts) imports a dataclass and nothing else: no SQLModel, no SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Outgoing"]


@dataclass(frozen=True)
class Outgoing:
    """What the user asked to send (raw, as typed)."""

    from_fbl: str
    to_fbl: str
    category: str
    patient: str
    subject: str
    body: str
    journal_note: str | None = None
    journal_title: str | None = None
    fyi_no_risk: bool = False
    no_coordination_case: bool = False
    not_acute: bool = False
    message_id: str | None = None
    draft_id: str | None = None

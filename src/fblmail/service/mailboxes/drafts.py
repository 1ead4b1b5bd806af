"""Drafts: saved as the user types, so nothing they wrote is ever lost."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields

from sqlmodel import Session, col, select

from fblmail.errors import NoAccess
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.views import DraftView
from fblmail.store.tables import Draft

TEXT_LIMITS = {
    "from_address": 200,
    "to_address": 200,
    "category": 40,
    "patient": 40,
    "subject": 400,
    "journal_reference": 400,
    "journal_title": 400,
    "forward_to_login": 64,
}


@dataclass(frozen=True)
class DraftInput:
    """Whatever the user has typed so far; nothing is validated until sending."""

    from_address: str = ""
    to_address: str = ""
    category: str = ""
    patient: str = ""
    subject: str = ""
    body: str = ""
    journal_reference: str = ""
    journal_title: str = ""
    reply_to_id: str | None = None
    forward_of_id: str | None = None
    forward_to_login: str = ""


def _view(draft: Draft) -> DraftView:
    return DraftView(
        id=draft.id,
        from_address=draft.from_address,
        to_address=draft.to_address,
        category=draft.category,
        patient=draft.patient,
        subject=draft.subject,
        body=draft.body,
        journal_reference=draft.journal_reference,
        journal_title=draft.journal_title,
        reply_to_id=draft.reply_to_id,
        forward_of_id=draft.forward_of_id,
        forward_to_login=draft.forward_to_login,
        updated_at=draft.updated_at,
    )


class Drafts(ServiceBase):
    """Saving, listing and discarding the user's own drafts."""

    def save(self, content: DraftInput, draft_id: str | None = None) -> DraftView:
        """Create or update a draft. Over-long fields are cut, never refused: keep the text."""

        def work(session: Session, actor: Actor) -> DraftView:
            now = self.clock()
            draft = session.get(Draft, draft_id) if draft_id else None
            if draft is not None and draft.account_id != actor.account_id:
                raise _not_yours()
            if draft is None:
                draft = Draft(
                    id=draft_id or str(uuid.uuid4()),
                    account_id=actor.account_id or 0,
                    created_at=now,
                    updated_at=now,
                )
            for f in fields(DraftInput):
                value = getattr(content, f.name)
                if isinstance(value, str) and f.name in TEXT_LIMITS:
                    value = value[: TEXT_LIMITS[f.name]]
                setattr(draft, f.name, value)
            draft.updated_at = now
            session.add(draft)
            session.flush()
            return _view(draft)

        return self._unit("draft-save", work)

    def list(self) -> list[DraftView]:
        """The user's drafts, newest first."""
        with self.store.read() as session:
            actor = self.actor()
            rows = session.exec(
                select(Draft)
                .where(Draft.account_id == actor.account_id)
                .order_by(col(Draft.updated_at).desc())
            ).all()
            return [_view(d) for d in rows]

    def get(self, draft_id: str) -> DraftView:
        """One of the user's drafts."""
        with self.store.read() as session:
            actor = self.actor()
            draft = session.get(Draft, draft_id)
            if draft is None or draft.account_id != actor.account_id:
                raise _not_yours()
            return _view(draft)

    def discard(self, draft_id: str) -> None:
        """Delete one of the user's drafts for good."""

        def work(session: Session, actor: Actor) -> None:
            draft = session.get(Draft, draft_id)
            if draft is None or draft.account_id != actor.account_id:
                raise _not_yours()
            session.delete(draft)
            self._log(session, actor, "draft-discard", detail=draft_id)

        self._unit("draft-discard", work)


def _not_yours() -> NoAccess:
    return NoAccess(
        "Utkastet finns inte eller är inte ditt.",
        "The draft does not exist or is not yours.",
        field="draft",
    )

"""Who may administer: the support unit, or anyone while a store has no support account yet."""

from __future__ import annotations

from sqlmodel import Session, select

from fblmail.errors import NoAccess
from fblmail.service.context import Actor
from fblmail.store.tables import Account


def has_support_account(session: Session) -> bool:
    """True once the store has at least one active support account."""
    return (
        session.exec(select(Account.id).where(Account.role == "support", Account.active)).first()
        is not None
    )


def require_support(session: Session, actor: Actor) -> None:
    """Administration is for the support unit.

    A brand-new store has no accounts at all, so until the first support account exists
    any login may set it up (on SQLite the store trusts the local machine anyway; on a
    shared PostgreSQL the first `fblmail init` is run by the operator).
    """
    if actor.is_support or not has_support_account(session):
        return
    raise NoAccess(
        "Det här får bara supportenheten göra (Utveckling och användarstöd patientjournal). "
        "Kontakta support.",
        "Only the support unit may do this. Contact support.",
        field="user",
    )

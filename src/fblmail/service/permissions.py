"""Who may administer: the support unit, and before it exists only its own bootstrap.

A brand-new store has no accounts. Until the first active support account exists the only
administration allowed is what creates it (issue 8, item 7): importing the directory into
a store that has no units yet (`fblmail init` does it; the support unit is in the
directory) and adding an account with the role `support`. On PostgreSQL only the store's
owner may do even that, so on a shared store no person's login can make itself support.
"""

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


def _is_owner(session: Session) -> bool:
    from fblmail.store.shared import store_mode

    return store_mode(session).owner


def require_support(session: Session, actor: Actor, *, bootstrap: bool = False) -> None:
    """Administration is for the support unit.

    `bootstrap=True` marks the steps that create the first support account; they are
    allowed to the store's owner (anyone on SQLite) while no support account exists.
    """
    if actor.is_support:
        return
    if not has_support_account(session):
        if bootstrap and _is_owner(session):
            return
        raise NoAccess(
            "Databasen har inget supportkonto ännu. Det enda som går att göra är att skapa "
            "det första: `fblmail admin account add LOGIN --name NAMN --org support --role "
            "support` (på PostgreSQL som databasens ägare).",
            "The store has no support account yet. The only thing allowed is to create the "
            "first one: `fblmail admin account add LOGIN --name NAME --org support --role "
            "support` (on PostgreSQL as the store's owner).",
            field="user",
        )
    raise NoAccess(
        "Det här får bara supportenheten göra (Utveckling och användarstöd patientjournal). "
        "Kontakta support.",
        "Only the support unit may do this. Contact support.",
        field="user",
    )

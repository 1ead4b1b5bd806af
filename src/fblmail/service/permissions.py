"""Who may do what, in one place: staff, unit manager, support (issues 5 and 8).

- staff: a member of one or more FBLs; sees those FBLs and their personal mailbox.
- manager: a unit manager; also sees the unit's check history, its accounts and the part of
  the access log that concerns the unit (its mailboxes and its staff).
- support: the support unit; administers accounts, FBLs, the directory, the R3 register
  and reads the whole access log.

Every check raises `NoAccess` inside a unit of work, so `ServiceBase._unit` logs the
refused attempt. Membership of a mailbox is checked where mailboxes are looked up
(`service.lookup.require_member`).

Before the first support account exists, the only administration allowed is what creates
it (issue 8, item 7): importing the directory into a store that has no units yet (`fblmail
init` does it; the support unit is in the directory) and adding an account with the role
`support`. On PostgreSQL only the store's owner may do even that, so on a shared store no
person's login can make itself support. Reading the access log and closing an FBL (R15)
need a real support account, always.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from fblmail.errors import NoAccess
from fblmail.service.context import Actor
from fblmail.store.tables import Account, Mailbox

__all__ = [
    "LogScope",
    "has_support_account",
    "is_manager",
    "log_scope",
    "require_admin",
    "require_manager_or_support",
    "require_support",
    "require_support_strict",
]

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


def is_manager(actor: Actor) -> bool:
    """An active unit manager."""
    return actor.active and actor.role == "manager"


def _support_only() -> NoAccess:
    return NoAccess(
        "Det här får bara supportenheten göra (Utveckling och användarstöd patientjournal). "
        "Kontakta support.",
        "Only the support unit may do this. Contact support.",
        field="user",
    )


def require_admin(session: Session, actor: Actor) -> None:
    """Administration (accounts, requests, FBLs): support, or anyone on a store without one."""
    require_support(session, actor)


def require_support_strict(actor: Actor) -> None:
    """Support only, with no bootstrap exception (closing an FBL, the whole access log)."""
    if not actor.is_support:
        raise _support_only()


def require_manager_or_support(actor: Actor) -> None:
    """A unit manager (for their unit) or support (for everything)."""
    if actor.is_support or is_manager(actor):
        return
    raise NoAccess(
        "Det här får bara enhetschefer (för sin enhet) och supportenheten göra. Be din chef "
        "eller support om hjälp.",
        "Only unit managers (for their own unit) and the support unit may do this. Ask your "
        "manager or support.",
        field="user",
    )


@dataclass(frozen=True)
class LogScope:
    """Which access-log rows a reader may see: everything, or one unit's part of it.

    A unit's part is every row about one of its mailboxes (its FBL and its staff's personal
    mailboxes) and every row written by one of its accounts.
    """

    everything: bool
    mailboxes: frozenset[str] = frozenset()
    logins: frozenset[str] = frozenset()

    def covers(self, mailbox: str | None, actor: str) -> bool:
        """True if a row with this mailbox and acting login is within the scope."""
        return self.everything or actor in self.logins or (mailbox or "") in self.mailboxes


def log_scope(session: Session, actor: Actor) -> LogScope:
    """The part of the access log `actor` may read; refuses staff and unknown logins."""
    if actor.is_support:
        return LogScope(everything=True)
    require_manager_or_support(actor)
    mailboxes = session.exec(
        select(Mailbox.address).where(Mailbox.organisation_id == actor.organisation_id)
    ).all()
    logins = session.exec(
        select(Account.login).where(col(Account.organisation_id) == actor.organisation_id)
    ).all()
    return LogScope(everything=False, mailboxes=frozenset(mailboxes), logins=frozenset(logins))

"""Who may do what: staff, unit manager, support (issue 5), checked in the service layer.

- staff: a member of one or more FBLs; sees those FBLs and their personal mailbox.
- manager: a unit manager; also sees the unit's check history, its accounts and the part of
  the access log that concerns the unit (its mailboxes and its staff).
- support: the support unit; administers accounts, FBLs, the directory, the R3 register
  and reads the whole access log.

Every check raises `NoAccess` inside a unit of work, so `ServiceBase._unit` logs the
refused attempt. Administration keeps `permissions.require_support`'s bootstrap exception
(a store with no support account yet can be set up by anyone); reading the access log and
closing an FBL (R15) need a real support account, always.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from fblmail.errors import NoAccess
from fblmail.service.context import Actor
from fblmail.service.permissions import require_support
from fblmail.store.tables import Account, Mailbox

__all__ = [
    "LogScope",
    "is_manager",
    "log_scope",
    "require_admin",
    "require_manager_or_support",
    "require_support_strict",
]


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

"""`Sends`: the send use case (send.py) in the shared DB-API unit of work.

`fblmail send` opens it straight from the settings (no SQLAlchemy, SQLModel or Alembic is
imported, which is what makes the command fast); the app's `Messaging.send` opens it over
the same store as its engine, so both front ends run one send. Reply and forward still run
on the ORM (`posting.Posting`).
"""

from __future__ import annotations

from fblmail.errors import AuditTarget, StoreProblem
from fblmail.service.actor import Actor, active_actor
from fblmail.service.messages.outgoing import Outgoing
from fblmail.service.messages.send import id_taken, send_message
from fblmail.service.unit import LightService
from fblmail.service.views import MessageSummary
from fblmail.store.query.connection import Writer
from fblmail.store.query.posting import new_id

__all__ = ["Sends"]

SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY = 2067, 1555
UNIQUE_VIOLATION = "23505"


class Sends(LightService):
    """Sending for one acting user over one store (DB-API only)."""

    def send(self, out: Outgoing) -> MessageSummary:
        """Send a new message from one FBL to another (R1–R12). Idempotent on `message_id`."""
        unit = self.units()
        target = AuditTarget(mailbox=out.from_fbl[:200])
        # Our own id is chosen once, so a retry reuses it; a client's id is checked inside
        # the unit of work (in `send_message`), so a malformed one is logged as a refused send.
        message_id = out.message_id if out.message_id is not None else new_id()

        def work(db: Writer, actor: Actor) -> MessageSummary:
            return send_message(unit, db, actor, out, message_id)

        try:
            return unit.run("send", active_actor, work, target=target)
        except StoreProblem as exc:
            if not _taken_meanwhile(exc):
                raise
        # Another process stored the same client-chosen id between our check and insert:
        # run again, to return what it stored (or refuse a different message).
        try:
            return unit.run("send", active_actor, work, target=target)
        except StoreProblem as exc:
            if not _taken_meanwhile(exc):
                raise

        # Still taken, yet not found: a message the user may not read (row-level security
        # on a shared store) holds the id. Refused as any other taken id, and logged so.
        def refuse(_db: Writer, _actor: Actor) -> MessageSummary:
            raise id_taken(message_id)

        return unit.run("send", active_actor, refuse, target=target)


def _taken_meanwhile(exc: BaseException) -> bool:
    """True if some link of `exc`'s chain is a unique-key violation."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        code = getattr(current, "sqlite_errorcode", None)
        if code in (SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY):
            return True
        if getattr(current, "sqlstate", None) == UNIQUE_VIOLATION:
            return True
        current = current.__cause__ or current.__context__
    return False

"""Sending, replying and forwarding: the use cases `Messenger.messaging` offers.

`send` is the one send of both front ends: send.py's rules (R1–R12) over the DB-API, run
by `Sends` (send_unit.py) in the shared DB-API unit of work. Reply and forward open an ORM
unit of work and hand it, as a `Posting`, to reply.py (R10's answer) and forward.py (R13,
R14); what they share once the rules are checked (storing the message, journal links, the
draft, the summary) is in posting.py. Add a new way of creating a message as a module beside them
and a method here.
"""

from __future__ import annotations

from sqlmodel import Session

from fblmail.errors import AuditTarget
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.messages.forward import forward_to_person
from fblmail.service.messages.outgoing import Outgoing
from fblmail.service.messages.posting import Posting
from fblmail.service.messages.reply import reply_in_thread
from fblmail.service.messages.send import closed_refusal
from fblmail.service.views import MessageSummary

# `Outgoing` and `closed_refusal` are re-exported: callers have imported them from here.
__all__ = ["Messaging", "Outgoing", "closed_refusal"]


class Messaging(ServiceBase):
    """Use cases that create messages."""

    def send(self, out: Outgoing) -> MessageSummary:
        """Send a new message from one FBL to another (R1–R12). Idempotent on `message_id`.

        The one send (send.py over the DB-API, in the shared unit of work of `Sends`), on
        DB-API connections of the store's own engine (its pool, its connection set-up)."""
        from fblmail.service.messages.send_unit import Sends
        from fblmail.store.query.connection import Connector, parse_target

        engine = self.store.engine
        url = engine.url.render_as_string(hide_password=False)
        connector = Connector(
            parse_target(url), opener=lambda _write: engine.raw_connection(), file=self.store.file
        )
        sends = Sends(connector, self.login, self.clock)
        try:
            return sends.send(out)
        finally:
            sends.close()  # the connections go back to the engine's pool

    def reply(
        self,
        ref: str,
        body: str,
        *,
        subject: str | None = None,
        not_acute: bool = False,
        journal_note: str | None = None,
        journal_title: str | None = None,
        message_id: str | None = None,
        draft_id: str | None = None,
    ) -> MessageSummary:
        """Answer a thread from the FBL that holds it; an answer stops the R10 clock."""

        def work(session: Session, actor: Actor) -> MessageSummary:
            return reply_in_thread(
                self._posting(session, actor),
                ref,
                body,
                subject=subject,
                not_acute=not_acute,
                journal_note=journal_note,
                journal_title=journal_title,
                message_id=message_id,
                draft_id=draft_id,
            )

        return self._unit("reply", work, target=AuditTarget(message_id=ref[:36]))

    def forward(
        self,
        ref: str,
        to_login: str,
        *,
        recipient_informed: bool,
        note: str | None = None,
        draft_id: str | None = None,
    ) -> MessageSummary:
        """R13/R14: forward to a named, informed person's personal mailbox in our organisation."""

        def work(session: Session, actor: Actor) -> MessageSummary:
            return forward_to_person(
                self._posting(session, actor),
                ref,
                to_login,
                recipient_informed=recipient_informed,
                note=note,
                draft_id=draft_id,
            )

        return self._unit("forward", work, target=AuditTarget(message_id=ref[:36]))

    def _posting(self, session: Session, actor: Actor) -> Posting:
        return Posting(session, actor, self.clock, self._log)

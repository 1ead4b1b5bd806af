"""Who handles which question (issue 11): "Jag tar den", handing it back, taking it over.

A shared FBL is watched by several people at once (R4, R20), so a member may *take* a
question: the FBL's list then shows the handler's name to every member, and nobody else
answers it unasked. One handler per thread and side (the asking FBL may take its late
question to make the phone call R10 asks for; the answering FBL takes it to answer).

Taking is refused for what needs no handling (FYI, answered, settled, closed); taking one
somebody else holds raises `TakenByOther` unless `take_over=True` (the app asks first, the
command line wants `--force`). Only the handler hands a question back; a colleague takes it
over instead. Every take, take-over and release writes an access-log row in the same
transaction (the thread is about a patient).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from fblmail.clock import format_local
from fblmail.errors import AuditTarget, InvalidInput, Refused
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.lookup import accessible_item, find_message
from fblmail.service.views import MessageSummary
from fblmail.store.query.listing import WRITING_FRESH
from fblmail.store.shared import shared_thread_writers
from fblmail.store.tables import Account, Draft, Mailbox, Message, Thread, ThreadHandler

__all__ = ["HandlerView", "Handling", "TakenByOther", "handlers_for", "with_handlers"]


@dataclass(frozen=True)
class HandlerView:
    """Who handles one thread for one FBL (login None: nobody)."""

    thread_id: str
    message_id: str
    mailbox: str
    login: str | None
    name: str | None
    taken_at: datetime | None
    previous: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Keys: thread_id, id, mailbox, taken_by, taken_by_name, taken_at, previous."""
        return {
            "thread_id": self.thread_id,
            "id": self.message_id,
            "mailbox": self.mailbox,
            "taken_by": self.login,
            "taken_by_name": self.name,
            "taken_at": self.taken_at.isoformat() if self.taken_at else None,
            "previous": self.previous,
        }


class TakenByOther(Refused):
    """Somebody else already handles the question; the caller may ask and take it over."""

    def __init__(self, login: str, name: str, taken_at: datetime, target: AuditTarget) -> None:
        when = format_local(taken_at)
        super().__init__(
            f"{name} ({login}) tog frågan {when}. Fråga hen först; ta över med --force.",
            f"{name} ({login}) took the question {when}. Ask them first; take it over with "
            "--force.",
            field="id",
            target=target,
        )
        self.login = login
        self.name = name
        self.taken_at = taken_at


# A handler is shown only while the question is open: once answered, settled (R10) or
# closed, nobody handles it any more (the row stays, harmless, until handed back or purged).
_OPEN = (
    col(Thread.answered_at).is_(None),
    col(Thread.resolved_at).is_(None),
    col(Thread.closed_at).is_(None),
)


def _is_open(thread: Thread) -> bool:
    return thread.answered_at is None and thread.resolved_at is None and thread.closed_at is None


def _names(session: Session, logins: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(logins))
    if not wanted:
        return {}
    rows = session.exec(
        select(Account.login, Account.full_name).where(col(Account.login).in_(wanted))
    ).all()
    return dict(rows)


def handlers_for(
    session: Session, pairs: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], tuple[str, str, datetime]]:
    """(thread id, mailbox id) → (login, full name, taken at) for the taken ones."""
    wanted = set(pairs)
    if not wanted:
        return {}
    threads = sorted({t for t, _ in wanted})
    rows = session.exec(
        select(ThreadHandler)
        .join(Thread, col(Thread.id) == col(ThreadHandler.thread_id))
        .where(col(ThreadHandler.thread_id).in_(threads), *_OPEN)
    ).all()
    names = _names(session, (r.login for r in rows))
    return {
        (r.thread_id, r.mailbox_id): (r.login, names.get(r.login, r.login), r.taken_at)
        for r in rows
        if (r.thread_id, r.mailbox_id) in wanted
    }


def with_handlers(
    session: Session, items: tuple[MessageSummary, ...]
) -> tuple[MessageSummary, ...]:
    """List rows with `taken_by`/`taken_at` filled in for their mailbox's side."""
    if not items:
        return items
    boxes: dict[str, int] = dict(
        session.exec(  # type: ignore[arg-type]
            select(Mailbox.address, Mailbox.id).where(
                col(Mailbox.address).in_(sorted({i.mailbox for i in items}))
            )
        ).all()
    )
    found = handlers_for(session, ((i.thread_id, boxes.get(i.mailbox, 0)) for i in items))
    out = []
    for item in items:
        hit = found.get((item.thread_id, boxes.get(item.mailbox, 0)))
        if hit:
            item = replace(item, taken_by=hit[0], taken_by_name=hit[1], taken_at=hit[2])
        out.append(item)
    return tuple(out)


def _side(session: Session, actor: Actor, thread: Thread, target: AuditTarget) -> Mailbox:
    """The user's FBL in this thread: the answering side first, else the asking side."""
    for box_id in (thread.counterpart_mailbox_id, thread.origin_mailbox_id):
        if box_id in actor.fbl_ids:
            box = session.get(Mailbox, box_id)
            assert box is not None
            return box
    raise Refused(
        "Bara medlemmar i frågans funktionsbrevlåda kan ta den (R1).",
        "Only members of the question's functional mailbox can take it (R1).",
        field="id",
        rule="R1",
        target=target,
    )


class Handling(ServiceBase):
    """Take a question, hand it back, see who handles it or is writing an answer."""

    def take(self, ref: str, *, take_over: bool = False) -> HandlerView:
        """Take the question of message `ref` for the user's FBL ("Jag tar den")."""

        def work(session: Session, actor: Actor) -> HandlerView:
            message, thread, box, aimed = self._locate(session, actor, ref)
            if thread.due_at is None or not _is_open(thread):
                raise Refused(
                    "Frågan behöver ingen handläggare: den är för kännedom, besvarad, löst "
                    "eller avslutad.",
                    "The question needs no handler: it is FYI, answered, settled or closed.",
                    field="id",
                    rule="R10",
                    target=aimed,
                )
            row = self._row(session, thread.id, box.id or 0)
            previous = None
            if row is not None and row.login != actor.login:
                if not take_over:
                    name = _names(session, [row.login]).get(row.login, row.login)
                    raise TakenByOther(row.login, name, row.taken_at, aimed)
                previous = row.login
            now = self.clock()
            if row is None:
                row = ThreadHandler(thread_id=thread.id, mailbox_id=box.id or 0, login="")
            if row.login != actor.login:
                row.login, row.taken_at = actor.login, now
                session.add(row)
                detail = f"taken over from {previous}" if previous else "taken"
                self._log(
                    session,
                    actor,
                    "take",
                    mailbox=box.address,
                    message_id=message.id,
                    thread_id=thread.id,
                    patient=thread.patient,
                    detail=detail,
                )
            return HandlerView(
                thread.id,
                message.id,
                box.address,
                actor.login,
                actor.full_name,
                row.taken_at,
                previous,
            )

        return self._unit("take", work, target=AuditTarget(message_id=ref[:36]))

    def release(self, ref: str) -> HandlerView:
        """Hand the question back to the FBL (only its handler may)."""

        def work(session: Session, actor: Actor) -> HandlerView:
            message, thread, box, aimed = self._locate(session, actor, ref)
            row = self._row(session, thread.id, box.id or 0)
            if row is None:
                raise InvalidInput(
                    "Ingen har tagit frågan; det finns inget att lämna tillbaka.",
                    "Nobody has taken the question; there is nothing to hand back.",
                    field="id",
                    target=aimed,
                )
            if row.login != actor.login:
                name = _names(session, [row.login]).get(row.login, row.login)
                raise Refused(
                    f"{name} ({row.login}) hanterar frågan; bara hen lämnar tillbaka den. "
                    "Ta över den med `fblmail take --force` om ni har kommit överens.",
                    f"{name} ({row.login}) handles the question; only they hand it back. "
                    "Take it over with `fblmail take --force` if you have agreed so.",
                    field="id",
                    target=aimed,
                )
            session.execute(delete(ThreadHandler).where(col(ThreadHandler.id) == row.id))
            self._log(
                session,
                actor,
                "release",
                mailbox=box.address,
                message_id=message.id,
                thread_id=thread.id,
                patient=thread.patient,
                detail="handed back",
            )
            return HandlerView(thread.id, message.id, box.address, None, None, None, actor.login)

        return self._unit("release", work, target=AuditTarget(message_id=ref[:36]))

    def handler(self, ref: str) -> HandlerView:
        """Who handles the question of message `ref` for the user's FBL, while it is open
        (not logged: no patient data is shown beyond the row the user already sees)."""
        with self.store.read() as session:
            actor = self.actor()
            message, thread, box, _aimed = self._locate(session, actor, ref)
            row = self._row(session, thread.id, box.id or 0) if _is_open(thread) else None
            if row is None:
                return HandlerView(thread.id, message.id, box.address, None, None, None)
            name = _names(session, [row.login]).get(row.login, row.login)
            return HandlerView(thread.id, message.id, box.address, row.login, name, row.taken_at)

    def writers(self, thread_id: str) -> tuple[str, ...]:
        """Names of the others in the user's FBLs with a fresh reply draft on this thread."""
        with self.store.read() as session:
            actor = self.actor()
            shared = shared_thread_writers(session, thread_id, self.clock())
            if shared is not None:  # drafts are private under row-level security
                return shared
            fbls = session.exec(
                select(Mailbox.address).where(col(Mailbox.id).in_(sorted(actor.fbl_ids)))
            ).all()
            if not fbls:
                return ()
            rows = session.exec(
                select(Account.full_name)
                .join(Draft, col(Draft.account_id) == col(Account.id))
                .join(Message, col(Message.id) == col(Draft.reply_to_id))
                .where(
                    Message.thread_id == thread_id,
                    col(Draft.account_id) != actor.account_id,
                    col(Draft.from_address).in_(list(fbls)),
                    col(Draft.updated_at) >= self.clock() - WRITING_FRESH,
                )
                .order_by(col(Account.full_name))
            ).all()
            return tuple(dict.fromkeys(rows))

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _row(session: Session, thread_id: str, box_id: int) -> ThreadHandler | None:
        return session.exec(
            select(ThreadHandler).where(
                ThreadHandler.thread_id == thread_id, ThreadHandler.mailbox_id == box_id
            )
        ).first()

    @staticmethod
    def _locate(
        session: Session, actor: Actor, ref: str
    ) -> tuple[Message, Thread, Mailbox, AuditTarget]:
        message = find_message(session, ref, actor)
        accessible_item(session, actor, message)  # unseen → "no such message"
        thread = session.get(Thread, message.thread_id)
        assert thread is not None
        aimed = AuditTarget(message_id=message.id, thread_id=thread.id, patient=thread.patient)
        box = _side(session, actor, thread, aimed)
        return message, thread, box, replace(aimed, mailbox=box.address)

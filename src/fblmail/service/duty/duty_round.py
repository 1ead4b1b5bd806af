"""What the app's duty screen needs beyond the check itself (issue 11).

* `unsigned_now()`: the user's FBLs whose current shift is unsigned while its check window
  is open: the app says so at start and offers the round. Names of FBLs and windows only,
  no patient data, so it is not an access-log event.
* `summary(ref)`: the list row of a message the check names, so that every line of the
  duty screen opens its message in the reader (which marks it read and logs the read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from fblmail.clock import to_local
from fblmail.domain.shifts import Shift, default_shift
from fblmail.errors import InvalidInput
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.duty.check_boxes import checked_boxes
from fblmail.service.duty.check_routine import check_times, read_routine
from fblmail.service.duty.check_session import SessionReader
from fblmail.service.duty.shifts import first_signature, window_open
from fblmail.service.lookup import accessible_item, find_message, summary_select, to_summary
from fblmail.service.messages.handling import with_handlers
from fblmail.service.views import MessageSummary
from fblmail.store.tables import MailboxItem, Message

__all__ = ["Alerts", "Duty", "UnsignedShift", "alerts_between"]


@dataclass(frozen=True)
class UnsignedShift:
    """One FBL whose current shift nobody has signed, inside its window."""

    mailbox: str
    day: date
    shift: str
    window: str


class Duty(ServiceBase):
    """Helpers of the duty nurse's round in the app."""

    def unsigned_now(self) -> tuple[UnsignedShift, ...]:
        """The user's FBLs whose current shift's window is open and unsigned."""
        with self.store.read() as session:
            actor = self._actor_in(session)
            if not actor.fbl_ids:
                return ()
            db = SessionReader(session)
            try:
                boxes = checked_boxes(db, actor, [])
            except InvalidInput:  # only closed FBLs
                return ()
            now = self.clock()
            local = to_local(now)
            found = []
            for box in boxes:
                times = check_times(read_routine(db, box.organisation_id))
                shift = default_shift(local.time().replace(tzinfo=None), times)
                day = local.date()
                if not window_open(times, day, shift, now):
                    continue
                if first_signature(db, box.id, day, shift) is None:
                    found.append(
                        UnsignedShift(box.address, day, str(shift), times.window_text(shift))
                    )
            return tuple(found)

    def alerts(self, since: datetime) -> Alerts:
        """New messages and questions dropping under 24 h in the user's FBLs since `since`."""
        with self.store.read() as session:
            actor = self._actor_in(session)
            return alerts_between(session, actor.fbl_ids, since, self.clock())

    def summary(self, ref: str, *, thread: bool = False) -> MessageSummary:
        """The user's list row of message `ref` (or the first message of thread `ref` the
        user holds); not logged: opening it in the reader is."""
        with self.store.read() as session:
            actor = self._actor_in(session)
            if thread:
                first = session.exec(
                    select(Message)
                    .join(MailboxItem, col(MailboxItem.message_seq) == col(Message.seq))
                    .where(
                        Message.thread_id == ref,
                        col(MailboxItem.mailbox_id).in_(sorted(actor.mailbox_ids)),
                    )
                    .order_by(col(Message.seq))
                ).first()
                if first is None:
                    raise find_message_error(ref)
                message = first
            else:
                message = find_message(session, ref, actor)
            item, _box = accessible_item(session, actor, message)
            row = session.exec(summary_select().where(MailboxItem.id == item.id)).one()
            return with_handlers(session, (to_summary(row, self.clock()),))[0]

    def _actor_in(self, session: Session) -> Actor:
        from fblmail.service.context import ask_for_account, load_actor

        actor = load_actor(session, self.login)
        if not actor.active:
            raise ask_for_account(self.login)
        return actor


def find_message_error(ref: str) -> InvalidInput:
    """The refusal for a thread the user holds no message of."""
    return InvalidInput(
        f"Ärendet {ref[:8]} finns inte bland dina brevlådor.",
        f"The case {ref[:8]} is not in your mailboxes.",
        field="id",
    )


def shift_label(shift: str, lang: str = "sv") -> str:
    """`förmiddag`/`eftermiddag` for a stored shift value."""
    return Shift(shift).label(lang)


@dataclass(frozen=True)
class Alerts:
    """What happened in the user's FBLs between two polls (counts only, no patient data)."""

    new_messages: int
    dropped_under_24h: int

    @property
    def any(self) -> bool:
        """True when there is something to tell."""
        return bool(self.new_messages or self.dropped_under_24h)


def alerts_between(
    session: Session, fbl_ids: frozenset[int], since: datetime, now: datetime
) -> Alerts:
    """New messages in the FBLs' inboxes in (since, now], and questions waiting for our
    answer whose time left fell under 24 hours in that interval (R10)."""
    from sqlalchemy import func

    from fblmail.domain.deadlines import DUE_SOON

    if not fbl_ids or now <= since:
        return Alerts(0, 0)
    boxes = sorted(fbl_ids)
    new = session.exec(
        select(func.count())
        .select_from(MailboxItem)
        .where(
            col(MailboxItem.mailbox_id).in_(boxes),
            MailboxItem.folder == "inbox",
            col(MailboxItem.sort_at) > since,
            col(MailboxItem.sort_at) <= now,
        )
    ).one()
    dropped = session.exec(
        select(func.count())
        .select_from(MailboxItem)
        .where(
            col(MailboxItem.mailbox_id).in_(boxes),
            MailboxItem.folder == "inbox",
            col(MailboxItem.due_at) > since + DUE_SOON,
            col(MailboxItem.due_at) <= now + DUE_SOON,
        )
    ).one()
    return Alerts(int(new or 0), int(dropped or 0))

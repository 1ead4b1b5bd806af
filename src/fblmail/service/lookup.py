"""Finding mailboxes and messages the acting user may touch, and building list rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from fblmail.service.context import Actor
from fblmail.service.mailboxes.inbox_views import (
    ambiguous_id,
    id_too_short,
    no_such_mailbox,
    not_a_member,
    summary_of,
    unknown_message,
)
from fblmail.service.views import MessageSummary
from fblmail.store.query.messages import MIN_ID_PREFIX, prefix_end
from fblmail.store.tables import (
    Account,
    JournalNote,
    Mailbox,
    MailboxItem,
    Message,
    Organisation,
    Thread,
    ThreadHandler,
)

Sender = aliased(Mailbox, name="sender_mb")
Recipient = aliased(Mailbox, name="recipient_mb")
Holder = aliased(Mailbox, name="holder_mb")
RecipientOrg = aliased(Organisation, name="recipient_org")
Handler = aliased(ThreadHandler, name="handler")
HandlerAccount = aliased(Account, name="handler_account")


def find_mailbox(session: Session, name: str, *, field: str = "mailbox") -> Mailbox:
    """A mailbox by its exact address, or a unit's FBL by the unit's code or name."""
    wanted = name.strip()
    box = session.exec(select(Mailbox).where(Mailbox.address == wanted)).first()
    if box is None:
        # Compared in Python: SQLite's lower() folds ASCII only, so "årjäng" would miss
        # "Årjäng" there but not on PostgreSQL. The directory is a few dozen FBLs. A unit
        # whose FBL was closed and replaced is found by its open FBL first.
        key = wanted.casefold()
        for candidate, org in session.exec(
            select(Mailbox, Organisation)
            .join(Organisation, col(Organisation.id) == col(Mailbox.organisation_id))
            .where(Mailbox.kind == "fbl")
            .order_by(col(Mailbox.closed_at).is_not(None), col(Mailbox.id))
        ).all():
            if key in (org.code.casefold(), org.name.casefold(), candidate.address.casefold()):
                box = candidate
                break
    if box is None:
        raise no_such_mailbox(wanted, field=field)
    return box


def require_member(actor: Actor, box: Mailbox, *, field: str = "mailbox") -> None:
    """The user must be an active member of the FBL (or own the personal mailbox)."""
    if box.id not in actor.mailbox_ids:
        raise not_a_member(box.address, field=field)


def find_message(session: Session, ref: str, actor: Actor) -> Message:
    """A message the user can see, by full id or an unambiguous prefix of 6+ characters.

    Only messages with a copy in one of the user's mailboxes count, so neither "matches
    several" nor the echoed id tells a user anything about messages that are not theirs:
    unknown and not-yours give the same answer, echoing only what the user typed.
    """
    typed = ref
    ref = ref.strip().lower()
    if len(ref) < MIN_ID_PREFIX:
        raise id_too_short(MIN_ID_PREFIX)
    # A range scan over the unique index, not LIKE, so it is fast on both back ends.
    visible = exists().where(
        col(MailboxItem.message_seq) == col(Message.seq),
        col(MailboxItem.mailbox_id).in_(sorted(actor.mailbox_ids) or [-1]),
    )
    found = session.exec(
        select(Message)
        .where(col(Message.id) >= ref, col(Message.id) < prefix_end(ref), visible)
        .limit(2)
    ).all()
    if not found:
        raise unknown_message(typed)
    if len(found) > 1:
        raise ambiguous_id(ref)
    return found[0]


def accessible_item(
    session: Session,
    actor: Actor,
    message: Message,
    mailbox: str | None = None,
    *,
    typed: str | None = None,
) -> tuple[MailboxItem, Mailbox]:
    """The user's copy of a message; `mailbox` picks one when the user holds several.

    `mailbox` is a mailbox address or a unit's code or name, as `list` takes it. A refusal
    echoes `typed` (what the user wrote), never the full id of a message they cannot see.
    """
    rows = session.exec(
        select(MailboxItem, Mailbox)
        .join(Mailbox, col(Mailbox.id) == col(MailboxItem.mailbox_id))
        .where(
            MailboxItem.message_seq == message.seq,
            MailboxItem.mailbox_id.in_(actor.mailbox_ids),  # type: ignore[attr-defined]
        )
        .order_by(MailboxItem.id)  # type: ignore[arg-type]
    ).all()
    if mailbox is not None:
        rows = [r for r in rows if _names_mailbox(session, mailbox, r[1])]
    if not rows:
        raise unknown_message(message.id if typed is None else typed)
    # The received copy comes first when the user holds both ends of a conversation.
    rows = sorted(rows, key=lambda r: r[0].folder == "sent")
    return rows[0]


def _names_mailbox(session: Session, wanted: str, box: Mailbox) -> bool:
    """Does `wanted` (an address, or a unit's code or name) name the mailbox `box`?"""
    key = wanted.strip().casefold()
    if key == box.address.casefold():
        return True
    if box.kind != "fbl":
        return False
    org = session.get(Organisation, box.organisation_id)
    return org is not None and key in (org.code.casefold(), org.name.casefold())


def summary_select() -> Any:
    """The columns of one list row (`store.query.rows.ROW_COLUMNS`, in its order), joined
    once, for the use cases that read through SQLAlchemy; `to_summary` maps them."""
    has_note = exists().where(col(JournalNote.message_seq) == col(Message.seq))
    is_open = and_(
        col(Thread.answered_at).is_(None),
        col(Thread.resolved_at).is_(None),
        col(Thread.closed_at).is_(None),
    )
    columns: list[Any] = [
        MailboxItem.id,
        MailboxItem.mailbox_id,
        MailboxItem.folder,
        MailboxItem.read_at,
        MailboxItem.sort_at,
        MailboxItem.due_at,
        Message.id,
        Message.thread_id,
        Message.kind,
        Message.category,
        Message.patient,
        Message.subject,
        Message.sent_at,
        Thread.due_at,
        Thread.answered_at,
        Thread.resolved_at,
        Thread.origin_mailbox_id,
        Thread.counterpart_mailbox_id,
        Sender.address,
        Recipient.address,
        Holder.address,
        has_note.label("has_note"),
        Handler.login,
        func.coalesce(HandlerAccount.full_name, Handler.login),
        Handler.taken_at,
        RecipientOrg.phone,
    ]
    return (
        sa_select(*columns)
        .select_from(MailboxItem)
        .join(Message, col(Message.seq) == col(MailboxItem.message_seq))
        .join(Thread, col(Thread.id) == col(Message.thread_id))
        .join(Sender, col(Sender.id) == col(Message.sender_mailbox_id))
        .join(Recipient, col(Recipient.id) == col(Message.recipient_mailbox_id))
        .join(Holder, col(Holder.id) == col(MailboxItem.mailbox_id))
        .outerjoin(RecipientOrg, col(RecipientOrg.id) == col(Recipient.organisation_id))
        .outerjoin(
            Handler,
            and_(
                col(Handler.thread_id) == col(Message.thread_id),
                col(Handler.mailbox_id) == col(MailboxItem.mailbox_id),
                is_open,
            ),
        )
        .outerjoin(HandlerAccount, col(HandlerAccount.login) == col(Handler.login))
    )


def to_summary(row: Sequence[Any], now: datetime) -> MessageSummary:
    """Turn one `summary_select()` row into a frozen list row (the one mapping)."""
    return summary_of(tuple(row), now)

"""Finding mailboxes and messages the acting user may touch, and building list rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from fblmail.domain.safe_text import one_line
from fblmail.errors import AuditTarget, InvalidInput, NoAccess
from fblmail.service.context import Actor
from fblmail.service.inbox_views import summary_of
from fblmail.service.views import MessageSummary
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

MIN_ID_PREFIX = 6

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
        raise NoAccess(
            f"Det finns ingen brevlåda som heter {one_line(wanted, 80)!r}. Se "
            "`fblmail directory list` för rätt namn.",
            f"There is no mailbox called {one_line(wanted, 80)!r}. See "
            "`fblmail directory list` for the right name.",
            field=field,
            target=AuditTarget(mailbox=wanted[:200]),
        )
    return box


def require_member(actor: Actor, box: Mailbox, *, field: str = "mailbox") -> None:
    """The user must be an active member of the FBL (or own the personal mailbox)."""
    if box.id not in actor.mailbox_ids:
        raise NoAccess(
            f"Du har ingen behörighet till {box.address}. Be din chef ansöka om behörighet "
            "(`fblmail access request new --mailbox ...`).",
            f"You have no access to {box.address}. Ask your manager to request access "
            "(`fblmail access request new --mailbox ...`).",
            field=field,
            target=AuditTarget(mailbox=box.address),
        )


def _unknown_message(ref: str) -> NoAccess:
    shown = one_line(ref, 40)
    return NoAccess(
        f"Meddelandet {shown!r} finns inte eller är inte ditt att se. Kontrollera id:t "
        "med `fblmail list`.",
        f"The message {shown!r} does not exist or is not yours to see. Check the id with "
        "`fblmail list`.",
        field="id",
        target=AuditTarget(message_id=ref[:36]),
    )


_HEX_SUCCESSOR = {"9": "a"}


def _prefix_end(prefix: str) -> str:
    """The smallest id after every id starting with `prefix` (ids are lowercase UUIDs).

    Bumping the last character keeps the range within hex digits and letters, which sort the
    same way in the C collation and in a language collation such as sv_SE (where a
    character like U+FFFF or ':' may sort unexpectedly or be ignored).
    """
    stem = prefix.rstrip("-")
    last = stem[-1]
    return stem[:-1] + _HEX_SUCCESSOR.get(last, chr(ord(last) + 1))


def find_message(session: Session, ref: str, actor: Actor) -> Message:
    """A message the user can see, by full id or an unambiguous prefix of 6+ characters.

    Only messages with a copy in one of the user's mailboxes count, so neither "matches
    several" nor the echoed id tells a user anything about messages that are not theirs:
    unknown and not-yours give the same answer, echoing only what the user typed.
    """
    typed = ref
    ref = ref.strip().lower()
    if len(ref) < MIN_ID_PREFIX:
        raise InvalidInput(
            f"Ange minst {MIN_ID_PREFIX} tecken av meddelandets id.",
            f"Give at least {MIN_ID_PREFIX} characters of the message id.",
            field="id",
        )
    # A range scan over the unique index, not LIKE, so it is fast on both back ends.
    visible = exists().where(
        col(MailboxItem.message_seq) == col(Message.seq),
        col(MailboxItem.mailbox_id).in_(sorted(actor.mailbox_ids) or [-1]),
    )
    found = session.exec(
        select(Message)
        .where(col(Message.id) >= ref, col(Message.id) < _prefix_end(ref), visible)
        .limit(2)
    ).all()
    if not found:
        raise _unknown_message(typed)
    if len(found) > 1:
        raise InvalidInput(
            f"Id-början {ref!r} passar flera meddelanden. Ange fler tecken.",
            f"The id prefix {ref!r} matches several messages. Give more characters.",
            field="id",
        )
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
        raise _unknown_message(message.id if typed is None else typed)
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

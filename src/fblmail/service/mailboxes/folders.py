"""Reading and filing: mailboxes, lists (keyset pages), a message, its thread, moving it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, tuple_
from sqlmodel import Session, col, select

from fblmail.errors import AuditTarget, InvalidInput
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.lookup import (
    accessible_item,
    find_mailbox,
    find_message,
    require_member,
    summary_select,
    to_summary,
)
from fblmail.service.messages.handling import with_handlers
from fblmail.service.views import (
    ForwardView,
    JournalNoteView,
    MailboxView,
    MessageDetail,
    MessageSummary,
    Page,
)

if TYPE_CHECKING:
    from fblmail.service.mailboxes.inbox_reads import Reads

from fblmail.store.tables import (
    Account,
    Disclosure,
    JournalNote,
    Mailbox,
    MailboxItem,
    Message,
    Organisation,
)

FOLDERS = ("inbox", "sent", "drafts", "trash")
MOVABLE_TO = ("inbox", "sent", "trash")
PAGE_MAX = 500


def parse_folder(name: str, allowed: tuple[str, ...] = FOLDERS) -> str:
    """A folder name, or a clear error naming the valid ones."""
    folder = name.strip().lower()
    if folder not in allowed:
        raise InvalidInput(
            f"Okänd mapp {name!r}. Välj en av: {', '.join(allowed)}.",
            f"Unknown folder {name!r}. Choose one of: {', '.join(allowed)}.",
            field="folder",
        )
    return folder


def encode_cursor(at: datetime, item_id: int) -> str:
    """An opaque keyset cursor: the last row's sort time and id."""
    return f"{at.isoformat()}|{item_id}"


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """Inverse of `encode_cursor`; a damaged cursor is a usage error."""
    try:
        at, item_id = cursor.rsplit("|", 1)
        number = int(item_id)
        if not 0 < number < 2**63:  # beyond a database integer: never one of ours
            raise ValueError(item_id)
        return datetime.fromisoformat(at), number
    except ValueError as exc:
        raise InvalidInput("Ogiltig sidmarkör.", "Invalid page cursor.", field="cursor") from exc


def _page_query(
    box_id: int, folder: str, unread_only: bool, after: tuple[datetime, int] | None, size: int
) -> Any:
    """The newest `size` items of one folder of one mailbox after the cursor, over
    `ix_item_list` (mailbox, folder, sort_at, id): never more rows than asked for."""
    query = summary_select().where(MailboxItem.mailbox_id == box_id, MailboxItem.folder == folder)
    if unread_only:
        query = query.where(col(MailboxItem.read_at).is_(None))
    if after is not None:
        query = query.where(tuple_(MailboxItem.sort_at, MailboxItem.id) < after)
    return query.order_by(col(MailboxItem.sort_at).desc(), col(MailboxItem.id).desc()).limit(size)


class Folders(ServiceBase):
    """Use cases that read and file messages."""

    def mailboxes(self) -> list[MailboxView]:
        """The user's FBLs and personal mailbox with unread and per-folder counts."""
        with self.store.read() as session:
            actor = self._active_actor(session)
            rows = session.exec(
                select(Mailbox, Organisation.name)
                .join(Organisation, col(Organisation.id) == col(Mailbox.organisation_id))
                .where(col(Mailbox.id).in_(actor.mailbox_ids))
                .order_by(Mailbox.kind, Mailbox.address)
            ).all()
            counts: dict[tuple[int, str], tuple[int, int]] = {}
            for mailbox_id, folder, total, unread in session.exec(
                select(
                    MailboxItem.mailbox_id,
                    MailboxItem.folder,
                    func.count(),
                    func.count().filter(col(MailboxItem.read_at).is_(None)),
                )
                .where(col(MailboxItem.mailbox_id).in_(actor.mailbox_ids))
                .group_by(col(MailboxItem.mailbox_id), col(MailboxItem.folder))
            ).all():
                counts[(mailbox_id, folder)] = (total, unread)
        views = []
        for box, org in rows:
            per_folder = tuple((f, counts.get((box.id or 0, f), (0, 0))[0]) for f in FOLDERS)
            views.append(
                MailboxView(
                    id=box.id or 0,
                    address=box.address,
                    kind=box.kind,
                    organisation=org,
                    closed=box.closed_at is not None,
                    unread=counts.get((box.id or 0, "inbox"), (0, 0))[1],
                    counts=per_folder,
                )
            )
        return views

    def list_messages(
        self,
        mailbox: str | None = None,
        *,
        folder: str = "inbox",
        unread_only: bool = False,
        limit: int = 50,
        cursor: str | None = None,
        log: bool = True,
    ) -> Page:
        """One page of a folder, newest first, by keyset (never OFFSET, never a whole box)."""
        limit = max(1, min(limit, PAGE_MAX))

        def work(session: Session, actor: Actor) -> Page:
            wanted = parse_folder(folder)  # inside the unit, so a bad name is a logged attempt
            if mailbox is None:
                box_ids = sorted(actor.mailbox_ids)
                shown = "*"
            else:
                box = find_mailbox(session, mailbox)
                require_member(actor, box)
                box_ids, shown = [box.id or 0], box.address
            after = decode_cursor(cursor) if cursor else None
            now = self.clock()
            # One keyset query per mailbox, merged here: with `mailbox_id IN (...)` the
            # index cannot give the order, and the database sorts every row of every box.
            found = [
                to_summary(row, now)
                for box_id in box_ids
                for row in session.exec(
                    _page_query(box_id, wanted, unread_only, after, limit + 1)
                ).all()
            ]
            found.sort(key=lambda s: (s.sent_at, s.item_id), reverse=True)
            rows = found[: limit + 1]
            items = with_handlers(session, tuple(rows[:limit]))
            more = len(rows) > limit
            next_cursor = encode_cursor(items[-1].sent_at, items[-1].item_id) if more else None
            if log:
                self._log(session, actor, "list", mailbox=shown, detail=f"folder {wanted}")
            return Page(items, next_cursor)

        if not log:
            with self.store.read() as session:
                return work(session, self._active_actor(session))
        return self._unit("list", work, target=AuditTarget(mailbox=mailbox))

    def show(
        self, ref: str, *, mailbox: str | None = None, mark_read: bool = True
    ) -> MessageDetail:
        """One whole message; reading it marks it read and is logged (the one read path:
        `Reads.show`, which `fblmail show` runs too)."""
        reads = self._reads()
        try:
            return reads.show(ref, mailbox=mailbox, mark_read=mark_read)
        finally:
            reads.close()

    def thread(self, ref: str) -> list[MessageDetail]:
        """Every message of the thread that the user can see, oldest first (logged as a
        read; the one read path: `Reads.thread`, which `fblmail thread` runs too)."""
        reads = self._reads()
        try:
            return reads.thread(ref)
        finally:
            reads.close()

    def _reads(self) -> Reads:
        """The DB-API reads over the same store for this user and clock (a connection of
        their own, closed after the one use case)."""
        from fblmail.service.mailboxes.inbox_reads import Reads
        from fblmail.store.query.connection import Connector, parse_target

        url = self.store.engine.url.render_as_string(hide_password=False)
        return Reads(Connector(parse_target(url)), self.login, self.clock)

    def thread_in(self, session: Session, actor: Actor, message: Message) -> list[MessageDetail]:
        """The thread of `message` as `actor` sees it, in the caller's transaction (not logged).

        Printing (R16) renders the same view and logs it as one "print" row of its own.
        """
        accessible_item(session, actor, message)  # refuses if the user cannot see it
        rows = session.exec(
            select(MailboxItem, Message)
            .join(Message, col(Message.seq) == col(MailboxItem.message_seq))
            .where(
                Message.thread_id == message.thread_id,
                col(MailboxItem.mailbox_id).in_(actor.mailbox_ids),
            )
            .order_by(col(Message.sent_at), col(Message.seq))
        ).all()
        seen: set[int] = set()
        details = []
        for item, msg in rows:
            if msg.seq in seen:
                continue
            seen.add(msg.seq or 0)
            details.append(self._detail(session, msg, item))
        return details

    def move(self, ref: str, folder: str, *, mailbox: str | None = None) -> MessageSummary:
        """Move the user's copy of a message to another folder (not drafts)."""
        # Checked inside the unit of work, so a bad folder is logged as a refused move.
        return self._refile(ref, "move", mailbox, lambda item: parse_folder(folder, MOVABLE_TO))

    def delete(self, ref: str, *, mailbox: str | None = None) -> MessageSummary:
        """Move to the trash; `restore` brings it back. Purging empties the trash (R17)."""
        return self._refile(ref, "delete", mailbox, lambda item: "trash")

    def restore(self, ref: str, *, mailbox: str | None = None) -> MessageSummary:
        """Take a message out of the trash, back to where it was."""

        def back(item: MailboxItem) -> str:
            if item.folder != "trash":
                raise InvalidInput(
                    "Meddelandet ligger inte i papperskorgen.",
                    "The message is not in the trash.",
                    field="id",
                )
            return item.previous_folder or "inbox"

        return self._refile(ref, "restore", mailbox, back)

    def mark_read(
        self, ref: str, read: bool = True, *, mailbox: str | None = None
    ) -> MessageSummary:
        """Mark the user's copy read or unread."""

        def work(session: Session, actor: Actor) -> MessageSummary:
            message = find_message(session, ref, actor)
            item, box = accessible_item(session, actor, message, mailbox, typed=ref)
            item.read_at = (item.read_at or self.clock()) if read else None
            session.add(item)
            self._log(
                session,
                actor,
                "mark-read" if read else "mark-unread",
                mailbox=box.address,
                message_id=message.id,
                thread_id=message.thread_id,
                patient=message.patient,
            )
            return self._row(session, item)

        return self._unit("mark", work, target=AuditTarget(message_id=ref[:36]))

    # -- helpers -----------------------------------------------------------------------------

    def _refile(
        self, ref: str, action: str, mailbox: str | None, dest_of: object
    ) -> MessageSummary:
        def work(session: Session, actor: Actor) -> MessageSummary:
            message = find_message(session, ref, actor)
            item, box = accessible_item(session, actor, message, mailbox, typed=ref)
            dest = dest_of(item)  # type: ignore[operator]
            if dest != item.folder:
                if dest == "trash":
                    item.previous_folder = item.folder
                item.folder = dest
                session.add(item)
            self._log(
                session,
                actor,
                action,
                mailbox=box.address,
                message_id=message.id,
                thread_id=message.thread_id,
                patient=message.patient,
                detail=f"to {dest}",
            )
            return self._row(session, item)

        return self._unit(action, work, target=AuditTarget(message_id=ref[:36]))

    def _row(self, session: Session, item: MailboxItem) -> MessageSummary:
        session.flush()
        row = session.exec(summary_select().where(MailboxItem.id == item.id)).one()
        return with_handlers(session, (to_summary(row, self.clock()),))[0]

    def _detail(self, session: Session, message: Message, item: MailboxItem) -> MessageDetail:
        summary = self._row(session, item)
        person = session.get(Account, message.sender_account_id)
        sender_person = (
            f"{person.full_name} ({person.title})"
            if person and person.title
            else (person.full_name if person else "")
        )
        note_view = None
        note = session.exec(
            select(JournalNote).where(JournalNote.message_seq == message.seq)
        ).first()
        if note is not None:
            disclosures = session.exec(
                select(Disclosure).where(Disclosure.journal_note_id == note.id)
            ).all()
            note_view = JournalNoteView(
                reference=note.reference,
                title=note.title,
                attached_by=note.attached_by,
                disclosed_to=tuple(d.to_mailbox or d.to_login or "" for d in disclosures),
            )
        forward_view = None
        if message.forwarded_from_id:
            source = session.exec(
                select(Message, Mailbox.address)
                .join(Mailbox, col(Mailbox.id) == col(Message.sender_mailbox_id))
                .where(Message.id == message.forwarded_from_id)
            ).first()
            forwarder = person.login if person else ""
            if source is not None:
                src, address = source
                forward_view = ForwardView(
                    src.id, address, src.sent_at, forwarder, message.forward_note
                )
        return MessageDetail(summary, message.body, sender_person, note_view, forward_view)

    def _active_actor(self, session: Session) -> Actor:
        from fblmail.service.context import ask_for_account, load_actor

        actor = load_actor(session, self.login)
        if not actor.active:
            raise ask_for_account(self.login)
        return actor

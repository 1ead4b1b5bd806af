"""The read commands' use cases (`fblmail list`, `show`, `thread`, `search`) on the query layer.

Each is one unit of work on the DB-API (`service/unit.LightUnit`, which the check and
`send` run too; `ServiceBase._unit` is the same shape on the ORM): one write transaction
loads the user afresh, reads, writes what the read changes (a read mark) and its
access-log row, and refreshes the account's last activity; a refusal rolls it all back and
is logged in a transaction of its own. The rows and the words are the same as
`service/mailboxes/folders.py` gives, so the JSON and the log do not change; nothing here
imports SQLAlchemy, SQLModel or Alembic, which is what makes these commands fast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from fblmail.clock import to_local
from fblmail.domain.safe_text import one_line
from fblmail.errors import AuditTarget, InvalidInput
from fblmail.service.mailboxes.inbox_rows import (
    SEARCH_LIMIT,
    search_rows,
    walk,
)
from fblmail.service.mailboxes.inbox_views import (
    InboxRow,
    Viewer,
    ambiguous_id,
    id_too_short,
    load_viewer,
    no_such_mailbox,
    not_a_member,
    summary_of,
    unknown_message,
)
from fblmail.service.unit import LightService
from fblmail.service.views import ForwardView, JournalNoteView, MessageDetail, MessageSummary, Page
from fblmail.store.query import messages as q
from fblmail.store.query.connection import Reader, Writer, read_time
from fblmail.store.query.listing import ListFilter, ListOrder, ListQuery, segments_for
from fblmail.store.query.search import search_terms

T = TypeVar("T")
FOLDERS = ("inbox", "sent", "drafts", "trash")  # the words of `folders.parse_folder`
PAGE_MAX = 500


def parse_folder(name: str) -> str:
    """A folder name, or the same error `folders.parse_folder` gives."""
    folder = name.strip().lower()
    if folder not in FOLDERS or folder == "drafts":  # drafts are the person's, not listed here
        raise InvalidInput(
            f"Okänd mapp {name!r}. Välj en av: {', '.join(FOLDERS)}.",
            f"Unknown folder {name!r}. Choose one of: {', '.join(FOLDERS)}.",
            field="folder",
        )
    return folder


def _bad_cursor() -> InvalidInput:
    return InvalidInput("Ogiltig sidmarkör.", "Invalid page cursor.", field="cursor")


def encode_cursor(order: ListOrder, row: InboxRow) -> str:
    """An opaque keyset cursor after `row`. Newest first keeps the form it always had
    (`sent time|item id`); the other orders name themselves and the segment."""
    segment, values = row.key
    parts = [str(v) if isinstance(v, int) else _iso(v) for v in values]
    if order is ListOrder.NEWEST:
        return "|".join(parts)
    return f"{order.value}:{segment}|" + "|".join(parts)


def _iso(value: object) -> str:
    moment = read_time(value)
    return moment.isoformat() if moment is not None else ""


def decode_cursor(
    cursor: str, order: ListOrder, flt: ListFilter
) -> tuple[int, tuple[datetime | int, ...]]:
    """(segment, sort values) from `encode_cursor`; anything else is a usage error."""
    head, _, rest = cursor.partition("|") if order is not ListOrder.NEWEST else ("", "", cursor)
    segment = 0
    if order is not ListOrder.NEWEST:
        name, _, digits = head.partition(":")
        if name != order.value or not digits.isdigit():
            raise _bad_cursor()
        segment = int(digits)
    segments = segments_for(ListQuery(0, order=order, filter=flt))
    if segment >= len(segments):
        raise _bad_cursor()
    parts = rest.split("|")
    if len(parts) != len(segments[segment].columns):
        raise _bad_cursor()
    try:
        *times, last = parts
        item_id = int(last)
        if not 0 < item_id < 2**63:  # beyond a database integer: never one of ours
            raise ValueError(last)
        moments = [datetime.fromisoformat(t) for t in times]
    except ValueError as exc:
        raise _bad_cursor() from exc
    aware = [m.replace(tzinfo=UTC) if m.tzinfo is None else m for m in moments]
    return segment, (*aware, item_id)


class Reads(LightService):
    """The read commands for one acting user over one store (DB-API only)."""

    # -- the use cases -------------------------------------------------------------------

    def list_messages(
        self,
        mailbox: str | None = None,
        *,
        folder: str = "inbox",
        order: ListOrder = ListOrder.NEWEST,
        filter: ListFilter | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """One page of a folder of one or all of the user's mailboxes, by keyset (one walk
        per mailbox, merged: with `mailbox_id IN (...)` the database would sort them all)."""
        limit = max(1, min(limit, PAGE_MAX))
        flt = filter or ListFilter()

        def work(db: Writer, viewer: Viewer) -> Page:
            wanted = parse_folder(folder)  # inside the unit, so a bad name is a logged attempt
            if mailbox is None:
                box_ids, shown = sorted(viewer.mailbox_ids), "*"
            else:
                box_id, shown = self._mailbox(db, viewer, mailbox)
                box_ids = [box_id]
            start, bound = decode_cursor(cursor, order, flt) if cursor else (0, None)
            bound_values = tuple(db.time(v) if isinstance(v, datetime) else v for v in bound or ())
            now = self.clock()
            found: list[InboxRow] = []
            for box_id in box_ids:
                query = ListQuery(box_id, wanted, order, flt)
                found += walk(db, query, start, bound_values or None, True, limit + 1, now)
            rows = _merged(found, ListQuery(0, wanted, order, flt))[: limit + 1]
            items = tuple(r.summary for r in rows[:limit])
            more = len(rows) > limit
            self._log(db, viewer, "list", mailbox=shown, detail=f"folder {wanted}")
            return Page(items, encode_cursor(order, rows[limit - 1]) if more else None)

        return self._unit("list", work, target=AuditTarget(mailbox=mailbox))

    def show(
        self, ref: str, *, mailbox: str | None = None, mark_read: bool = True
    ) -> MessageDetail:
        """One whole message; reading it marks the copy read (unless `mark_read=False`, the
        app's preview), logged in the same unit."""

        def work(db: Writer, viewer: Viewer) -> MessageDetail:
            message = self._message(db, viewer, ref)
            copy = self._copy(db, viewer, message, mailbox, typed=ref)
            if mark_read and not copy.read:
                q.mark_read(db, copy.item_id, self.clock())
            detail = self._detail(db, message, copy.item_id)
            self._log(
                db,
                viewer,
                "read",
                mailbox=copy.address,
                message_id=message.id,
                thread_id=message.thread_id,
                patient=message.patient,
            )
            return detail

        return self._unit("read", work, target=AuditTarget(message_id=ref[:36]))

    def thread(self, ref: str) -> list[MessageDetail]:
        """Every message of the thread that the user can see, oldest first (logged)."""

        def work(db: Writer, viewer: Viewer) -> list[MessageDetail]:
            message = self._message(db, viewer, ref)
            self._copy(db, viewer, message, None)  # refuses if the user cannot see it
            seen: set[int] = set()
            details = []
            for seq, item_id in q.thread_copies(db, message.thread_id, sorted(viewer.mailbox_ids)):
                if seq not in seen:
                    seen.add(seq)
                    details.append(self._detail(db, q.message_by_seq(db, seq), item_id))
            self._log(
                db,
                viewer,
                "read-thread",
                message_id=message.id,
                thread_id=message.thread_id,
                patient=message.patient,
            )
            return details

        return self._unit("read-thread", work, target=AuditTarget(message_id=ref[:36]))

    def search(self, text: str, limit: int = SEARCH_LIMIT) -> list[MessageSummary]:
        """The newest `limit` messages in the user's mailboxes matching every word, logged
        as the app logs a search (the query kept: it may name a patient)."""

        def work(db: Writer, viewer: Viewer) -> list[MessageSummary]:
            now = self.clock()
            if not search_terms(text, to_local(now).date()):
                raise InvalidInput(
                    "Sökningen har inget att söka efter: skriv ord, början av ord med * "
                    "(ord*) eller ett personnummer.",
                    "The search has nothing to look for: give words, the start of a word "
                    "with * (word*) or a personnummer.",
                    field="query",
                )
            rows = search_rows(db, viewer, text, now, limit)
            detail = f"{one_line(text, 200)} ({len(rows)})"
            self._log(db, viewer, "search", mailbox="*", detail=detail)
            return [r.summary for r in rows]

        return self._unit("search", work)

    # -- finding what the user may see ------------------------------------------------------

    def _mailbox(self, db: Reader, viewer: Viewer, name: str) -> tuple[int, str]:
        found = q.mailbox_named(db, name)
        if found is None:
            raise no_such_mailbox(name.strip())
        if found[0] not in viewer.mailbox_ids:
            raise not_a_member(found[1])
        return found

    def _message(self, db: Reader, viewer: Viewer, ref: str) -> q.StoredMessage:
        typed, prefix = ref, ref.strip().lower()
        if len(prefix) < q.MIN_ID_PREFIX:
            raise id_too_short(q.MIN_ID_PREFIX)
        found = q.messages_by_prefix(db, prefix, sorted(viewer.mailbox_ids) or [-1])
        if not found:
            raise unknown_message(typed)
        if len(found) > 1:
            raise ambiguous_id(prefix)
        return found[0]

    def _copy(
        self,
        db: Reader,
        viewer: Viewer,
        message: q.StoredMessage,
        mailbox: str | None,
        *,
        typed: str | None = None,
    ) -> q.Copy:
        """The user's copy; `mailbox` (address, unit code or name) picks one of several.
        The received copy comes first when the user holds both ends of a conversation."""
        held = q.copies(db, message.seq, sorted(viewer.mailbox_ids) or [-1])
        if mailbox is not None:
            key = mailbox.strip().casefold()
            held = [
                c
                for c in held
                if key == c.address.casefold()
                or (c.kind == "fbl" and key in (c.unit_code.casefold(), c.unit_name.casefold()))
            ]
        if not held:
            raise unknown_message(message.id if typed is None else typed)
        return sorted(held, key=lambda c: c.folder == "sent")[0]

    def _detail(self, db: Reader, message: q.StoredMessage, item_id: int) -> MessageDetail:
        row = q.list_row(db, item_id)
        assert row is not None
        summary = summary_of(row, self.clock())
        more = q.extras(db, message)
        note = JournalNoteView(*more.note) if more.note else None
        forward = None
        if more.forwarded_from is not None:
            source_id, address, sent_at = more.forwarded_from
            forward = ForwardView(
                source_id, address, sent_at, more.sender_login, message.forward_note
            )
        return MessageDetail(summary, message.body, more.sender_person, note, forward)

    # -- one unit of work, and the access log ----------------------------------------------

    def _unit(
        self,
        action: str,
        work: Callable[[Writer, Viewer], T],
        *,
        target: AuditTarget | None = None,
    ) -> T:
        """The shared DB-API unit of work (service/unit.py) as the user `load_viewer` finds."""
        return self.units().run(
            action, load_viewer, work, target=target
        )

    def _log(self, db: Writer, viewer: Viewer, action: str, **fields: str | None) -> None:
        self.units().log(db, viewer, action, **fields)


def _merged(rows: list[InboxRow], query: ListQuery) -> list[InboxRow]:
    """Rows of several mailboxes' walks in one list order: segment by segment, and within
    a segment by its sort values, all of which run the same way."""
    segments = segments_for(query)
    merged: list[InboxRow] = []
    for number, segment in enumerate(segments):
        part = [r for r in rows if r.key[0] == number]
        part.sort(key=lambda r: r.key[1], reverse=segment.descending)
        merged += part
    return merged

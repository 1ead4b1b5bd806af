"""One message and its thread: found by id prefix, its copies, and what `show` adds to a row.

Every query is limited to the mailboxes the caller passes (the user's own), so that a
message nobody showed the user cannot be found, counted or told apart from one that does
not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fblmail.store.query.connection import Reader, Writer, read_time
from fblmail.store.query.rows import ROW_COLUMNS, ROW_JOINS

MIN_ID_PREFIX = 6
_HEX_SUCCESSOR = {"9": "a"}


def prefix_end(prefix: str) -> str:
    """The smallest id after every id starting with `prefix` (ids are lowercase UUIDs).

    Bumping the last character keeps the range within hex digits and letters, which sort the
    same way in the C collation and in a language collation such as sv_SE.
    """
    stem = prefix.rstrip("-")
    last = stem[-1]
    return stem[:-1] + _HEX_SUCCESSOR.get(last, chr(ord(last) + 1))


@dataclass(frozen=True)
class StoredMessage:
    """The columns of `message` that show and thread need."""

    seq: int
    id: str
    thread_id: str
    patient: str
    body: str
    sender_account_id: int
    forwarded_from_id: str | None
    forward_note: str | None


@dataclass(frozen=True)
class Copy:
    """One copy of a message in one of the user's mailboxes."""

    item_id: int
    folder: str
    read: bool
    mailbox_id: int
    address: str
    kind: str
    unit_code: str
    unit_name: str


_MESSAGE = (
    "SELECT m.seq, m.id, m.thread_id, m.patient, m.body, m.sender_account_id, "
    "m.forwarded_from_id, m.forward_note FROM message m"
)


def _marks(ids: Sequence[int]) -> str:
    return ", ".join("?" for _ in ids) or "NULL"


def messages_by_prefix(
    db: Reader, prefix: str, mailbox_ids: Sequence[int], limit: int = 2
) -> list[StoredMessage]:
    """Messages whose id starts with `prefix` and that have a copy in one of the mailboxes.

    A range over the unique index on `message.id`, never a LIKE or a scan.
    """
    ids = sorted(mailbox_ids)
    rows = db.all(
        f"{_MESSAGE} WHERE m.id >= ? AND m.id < ? AND EXISTS (SELECT 1 FROM mailbox_item i "  # noqa: S608
        f"WHERE i.message_seq = m.seq AND i.mailbox_id IN ({_marks(ids)})) LIMIT ?",
        [prefix, prefix_end(prefix), *ids, limit],
    )
    return [StoredMessage(*row) for row in rows]


def copies(db: Reader, message_seq: int, mailbox_ids: Sequence[int]) -> list[Copy]:
    """The message's copies in the mailboxes, oldest copy first."""
    ids = sorted(mailbox_ids)
    rows = db.all(
        "SELECT i.id, i.folder, i.read_at IS NOT NULL, mb.id, mb.address, mb.kind, o.code, "  # noqa: S608
        "o.name FROM mailbox_item i JOIN mailbox mb ON mb.id = i.mailbox_id "
        "JOIN organisation o ON o.id = mb.organisation_id "
        f"WHERE i.message_seq = ? AND i.mailbox_id IN ({_marks(ids)}) ORDER BY i.id",
        [message_seq, *ids],
    )
    return [Copy(int(r[0]), r[1], bool(r[2]), int(r[3]), r[4], r[5], r[6], r[7]) for r in rows]


def mark_read(db: Writer, item_id: int, at: datetime) -> None:
    """Mark one copy read; a copy already read keeps its first time."""
    db.execute(
        "UPDATE mailbox_item SET read_at = ? WHERE id = ? AND read_at IS NULL",
        (db.time(at), item_id),
    )


def list_row(db: Reader, item_id: int) -> tuple[Any, ...] | None:
    """The `ROW_COLUMNS` row of one copy."""
    return db.one(
        f"SELECT {ROW_COLUMNS} FROM mailbox_item i {ROW_JOINS} WHERE i.id = ?",  # noqa: S608
        (item_id,),
    )


def thread_copies(
    db: Reader, thread_id: str, mailbox_ids: Sequence[int]
) -> list[tuple[int, int]]:
    """(message seq, copy id) of every copy of the thread in the mailboxes, oldest first."""
    ids = sorted(mailbox_ids)
    rows = db.all(
        "SELECT m.seq, i.id FROM mailbox_item i JOIN message m ON m.seq = i.message_seq "  # noqa: S608
        f"WHERE m.thread_id = ? AND i.mailbox_id IN ({_marks(ids)}) "
        "ORDER BY m.sent_at, m.seq, i.id",
        [thread_id, *ids],
    )
    return [(int(r[0]), int(r[1])) for r in rows]


def message_by_seq(db: Reader, seq: int) -> StoredMessage:
    """One message by its row number (it was just listed, so it exists in this snapshot)."""
    row = db.one(f"{_MESSAGE} WHERE m.seq = ?", (seq,))
    assert row is not None
    return StoredMessage(*row)


@dataclass(frozen=True)
class Extras:
    """What a whole message shows beyond its list row."""

    sender_login: str
    sender_person: str
    note: tuple[str, str, str, tuple[str, ...]] | None  # reference, title, by, disclosed to
    forwarded_from: tuple[str, str, datetime] | None  # id, sender address, sent at


def extras(db: Reader, message: StoredMessage) -> Extras:
    """The sender's name and title, the journal note and who saw it, the forward's source."""
    person = db.one(
        "SELECT login, full_name, title FROM account WHERE id = ?", (message.sender_account_id,)
    )
    login, sender_person = "", ""
    if person is not None:
        login = str(person[0])
        sender_person = f"{person[1]} ({person[2]})" if person[2] else str(person[1])
    note = None
    found = db.one(
        "SELECT id, reference, title, attached_by FROM journal_note WHERE message_seq = ? "
        "ORDER BY id LIMIT 1",
        (message.seq,),
    )
    if found is not None:
        shown = db.all(
            "SELECT to_mailbox, to_login FROM disclosure WHERE journal_note_id = ? ORDER BY id",
            (found[0],),
        )
        note = (found[1], found[2], found[3], tuple(r[0] or r[1] or "" for r in shown))
    source = None
    if message.forwarded_from_id:
        row = db.one(
            "SELECT m.id, mb.address, m.sent_at FROM message m "
            "JOIN mailbox mb ON mb.id = m.sender_mailbox_id WHERE m.id = ?",
            (message.forwarded_from_id,),
        )
        if row is not None:
            sent = read_time(row[2])
            assert sent is not None
            source = (str(row[0]), str(row[1]), sent)
    return Extras(login, sender_person, note, source)


@dataclass(frozen=True)
class NamedBox:
    """A mailbox as a name the user typed finds it (list's `--mailbox`, send's `--from`)."""

    id: int
    address: str
    kind: str  # "fbl" | "personal"
    closed: bool


def find_mailbox(db: Reader, name: str) -> NamedBox | None:
    """The mailbox with that exact address, or the FBL of the unit with that code or name
    (case folded); a unit whose FBL was closed and replaced is found by its open FBL first."""
    wanted = name.strip()
    row = db.one(
        "SELECT id, address, kind, closed_at IS NOT NULL FROM mailbox WHERE address = ?",
        (wanted,),
    )
    if row is not None:
        return NamedBox(int(row[0]), str(row[1]), str(row[2]), bool(row[3]))
    # Compared in Python: SQLite's lower() folds ASCII only, so "årjäng" would miss
    # "Årjäng" there but not on PostgreSQL. The directory is a few dozen FBLs.
    key = wanted.casefold()
    for box_id, address, closed, code, unit in db.all(
        "SELECT mb.id, mb.address, mb.closed_at IS NOT NULL, o.code, o.name FROM mailbox mb "
        "JOIN organisation o ON o.id = mb.organisation_id WHERE mb.kind = 'fbl' "
        "ORDER BY mb.closed_at IS NOT NULL, mb.id"
    ):
        if key in (code.casefold(), unit.casefold(), address.casefold()):
            return NamedBox(int(box_id), str(address), "fbl", bool(closed))
    return None


def mailbox_named(db: Reader, name: str) -> tuple[int, str] | None:
    """(id, address) of the mailbox `find_mailbox` finds by that name."""
    box = find_mailbox(db, name)
    return (box.id, box.address) if box is not None else None

"""SQL for folder lists: orders as keyset segments, and filters.

An order is a sequence of *segments*. Within a segment every sort column runs the same way,
so "the rows after this one" is one row-value comparison, `(a, b, c) > (?, ?, ?)`, which
both SQLite and PostgreSQL answer from an index without sorting. The default order has two:

1. rows waiting for our answer (`mailbox_item.due_at` set), most urgent first:
   `(due_at, sort_at, id)` ascending over `ix_item_due`; in *Skickat* the same segment
   holds our own open questions by deadline, so those past 72 hours come first (R10);
2. every other row, newest first: `(sort_at, id)` descending, over the same index with
   `due_at IS NULL` as its equality prefix.

A row's key is `(segment number, its sort values)`; windows are fetched after or before a
key, from either end, and a key's position is a COUNT of the rows before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from fblmail.store.query.rows import KEY_INDEX, ROW_COLUMNS, ROW_JOINS

RowKey = tuple[int, tuple[object, ...]]
"""(segment, sort values as stored): opaque to callers, handed back to page on."""


class ListOrder(StrEnum):
    """How a folder is ordered."""

    URGENT = "urgent"  # waiting for our answer by due time, then newest (the default)
    NEWEST = "newest"
    OLDEST = "oldest"


class Waiting(StrEnum):
    """The "waiting" filter: for our answer, for theirs, or no filter."""

    ANY = ""
    US = "us"
    THEM = "them"


@dataclass(frozen=True)
class ListFilter:
    """What to show of a folder."""

    unread: bool = False
    waiting: Waiting = Waiting.ANY
    category: str = ""
    threads: bool = False  # one row per thread: its newest message in the folder

    @property
    def active(self) -> bool:
        """True when anything is filtered out (grouping by thread hides nothing)."""
        return self.unread or self.waiting is not Waiting.ANY or bool(self.category)


@dataclass(frozen=True)
class ListQuery:
    """One folder of one mailbox, in an order, through a filter."""

    mailbox_id: int
    folder: str = "inbox"
    order: ListOrder = ListOrder.URGENT
    filter: ListFilter = field(default_factory=ListFilter)


@dataclass(frozen=True)
class Segment:
    """A run of rows with one condition, ordered by columns that all go one way."""

    condition: str
    columns: tuple[str, ...]
    descending: bool


SEGMENTS: dict[ListOrder, tuple[Segment, ...]] = {
    ListOrder.URGENT: (
        Segment("i.due_at IS NOT NULL", ("i.due_at", "i.sort_at", "i.id"), False),
        Segment("i.due_at IS NULL", ("i.sort_at", "i.id"), True),
    ),
    ListOrder.NEWEST: (Segment("", ("i.sort_at", "i.id"), True),),
    ListOrder.OLDEST: (Segment("", ("i.sort_at", "i.id"), False),),
}


def segments_for(query: ListQuery) -> tuple[Segment, ...]:
    """The segments of a query's order; "waiting for us" is exactly the first urgent one."""
    segments = SEGMENTS[query.order]
    if query.order is ListOrder.URGENT and query.filter.waiting is Waiting.US:
        return segments[:1]
    return segments


def filter_scans(query: ListQuery) -> bool:
    """True when the filter is checked row by row (category, waiting for them).

    Such a list still pages by keyset, but counting it reads every row of the folder, so
    the count is capped (see `Inbox.count`).
    """
    flt = query.filter
    return bool(flt.category) or flt.waiting is Waiting.THEM or flt.threads


# "{name} skriver ett svar" (issue 11): a reply draft saved within this long counts as
# being written. The list asks once per window for the threads it shows: others in the
# user's FBLs with a fresh reply draft on them (never a draft's text).
WRITING_FRESH = timedelta(minutes=30)
WRITERS_SQL = (
    "SELECT DISTINCT m.thread_id, a.full_name FROM draft d "
    "JOIN message m ON m.id = d.reply_to_id "
    "JOIN account a ON a.id = d.account_id "
    "JOIN account me ON me.login = ? "
    "WHERE m.thread_id IN ({marks}) AND d.account_id <> me.id AND d.updated_at >= ? "
    "AND d.from_address IN (SELECT mb.address FROM membership ms "
    "JOIN mailbox mb ON mb.id = ms.mailbox_id "
    "WHERE ms.account_id = me.id AND ms.active = ? AND mb.kind = 'fbl') "
    "ORDER BY 1, 2"
)
# On a shared store drafts are private: a definer function answers (store/shared_sql.py).
SHARED_WRITERS_SQL = (
    "SELECT writer_thread, writer_name FROM fblmail_thread_writers(?::text[], ?) ORDER BY 1, 2"
)
# The joins a filter needs when only counting.
COUNT_JOINS = "JOIN message m ON m.seq = i.message_seq JOIN thread t ON t.id = m.thread_id"


def where(query: ListQuery) -> tuple[list[str], list[object], bool]:
    """The base conditions of a folder list, their parameters, and whether they need joins."""
    conds = ["i.mailbox_id = ?", "i.folder = ?"]
    params: list[object] = [query.mailbox_id, query.folder]
    joins = False
    flt = query.filter
    if flt.unread:
        conds.append("i.read_at IS NULL")
    if flt.waiting is Waiting.US:
        # A Skickat copy's due_at is our own question's deadline, never a wait for us.
        conds.append("i.due_at IS NOT NULL" if query.folder != "sent" else "1 = 0")
    elif flt.waiting is Waiting.THEM:
        # Unary plus keeps SQLite from driving the query through the thread indexes.
        conds.append(
            "+t.origin_mailbox_id = i.mailbox_id AND t.answered_at IS NULL "
            "AND t.resolved_at IS NULL AND t.due_at IS NOT NULL"
        )
        joins = True
    if flt.category:
        conds.append("m.category = ?")
        params.append(flt.category)
        joins = True
    if flt.threads:
        conds.append(NEWEST_OF_THREAD)
        joins = True
    return conds, params, joins


NEWEST_OF_THREAD = (
    "NOT EXISTS (SELECT 1 FROM mailbox_item i2 JOIN message m2 ON m2.seq = i2.message_seq "
    "WHERE i2.mailbox_id = i.mailbox_id AND i2.folder = i.folder "
    "AND m2.thread_id = m.thread_id AND (i2.sort_at, i2.id) > (i.sort_at, i.id))"
)
"""No newer message of the same thread in the same folder: the thread's row."""


def segment_select(
    query: ListQuery,
    segment: Segment,
    *,
    forward: bool,
    bound: tuple[object, ...] | None,
    inclusive: bool = False,
) -> tuple[str, list[object]]:
    """Rows of one segment in list order (`forward`) or reverse, after/before `bound`."""
    conds, params, _ = where(query)
    if segment.condition:
        conds.append(segment.condition)
    ascending = forward != segment.descending
    if bound is not None:
        op = ">" if ascending else "<"
        op += "=" if inclusive else ""
        marks = ", ".join("?" for _ in segment.columns)
        conds.append(f"({', '.join(segment.columns)}) {op} ({marks})")
        params.extend(bound)
    direction = "ASC" if ascending else "DESC"
    order = ", ".join(f"{c} {direction}" for c in segment.columns)
    sql = (
        f"SELECT {ROW_COLUMNS} FROM mailbox_item i {ROW_JOINS} "  # noqa: S608 (fixed fragments)
        f"WHERE {' AND '.join(conds)} ORDER BY {order} LIMIT ? OFFSET ?"
    )
    return sql, params


def segment_count(
    query: ListQuery,
    segment: Segment | None,
    before: tuple[object, ...] | None = None,
    cap: int | None = None,
) -> tuple[str, list[object]]:
    """COUNT of a list (or one segment of it, or the part of it before a key), up to `cap`."""
    conds, params, joins = where(query)
    if segment is not None and segment.condition:
        conds.append(segment.condition)
    if segment is not None and before is not None:
        op = ">" if segment.descending else "<"
        marks = ", ".join("?" for _ in segment.columns)
        conds.append(f"({', '.join(segment.columns)}) {op} ({marks})")
        params.extend(before)
    join = COUNT_JOINS if joins else ""
    if cap is not None:
        inner = f"SELECT 1 FROM mailbox_item i {join} WHERE {' AND '.join(conds)} LIMIT ?"  # noqa: S608
        return f"SELECT count(*) FROM ({inner}) AS capped", [*params, cap]  # noqa: S608
    sql = f"SELECT count(*) FROM mailbox_item i {join} WHERE {' AND '.join(conds)}"  # noqa: S608
    return sql, params


def row_key(segment_no: int, segment: Segment, row: tuple[object, ...]) -> RowKey:
    """The key of a fetched row within its segment."""
    return segment_no, tuple(row[KEY_INDEX[c]] for c in segment.columns)

"""The reads the app's inbox and the read commands share, over the DB-API query layer.

- `open_as_acting_user`: the store's connector and the acting login (`service.acting`, the
  one decision every command and the app make).
- `walk`: a folder's rows by keyset from a segment on, in list order or reverse;
- `search_rows`: full-text search in the user's mailboxes, one row per message.
"""

from __future__ import annotations

from datetime import datetime

from fblmail.clock import to_local
from fblmail.service.acting import acting_login
from fblmail.service.mailboxes.inbox_views import InboxRow, Viewer, summary_of
from fblmail.settings import Settings
from fblmail.store.query.connection import Connector, Reader, parse_target
from fblmail.store.query.listing import ListQuery, row_key, segment_select, segments_for
from fblmail.store.query.search import search_select, search_terms

SEARCH_LIMIT = 50


def open_as_acting_user(settings: Settings) -> tuple[Connector, str]:
    """The store's connector and who acts on it (`service.acting.acting_login`)."""
    connector = Connector(parse_target(settings.database_url))
    try:
        return connector, acting_login(settings, connector)
    except BaseException:
        connector.close()
        raise


def walk(
    db: Reader,
    query: ListQuery,
    start: int,
    bound: tuple[object, ...] | None,
    forward: bool,
    limit: int,
    now: datetime,
    offset: int = 0,
    inclusive: bool = False,
) -> list[InboxRow]:
    """Up to `limit` rows of one mailbox's folder from segment `start` on, after `bound`
    (in list order, or reverse): the keyset walk the app and `fblmail list` share."""
    segments = segments_for(query)
    rows: list[InboxRow] = []
    number = start
    while 0 <= number < len(segments) and len(rows) < limit:
        segment = segments[number]
        sql, params = segment_select(
            query, segment, forward=forward, bound=bound, inclusive=inclusive
        )
        for raw in db.all(sql, [*params, limit - len(rows), offset]):
            rows.append(InboxRow(summary_of(raw, now), row_key(number, segment, raw)))
        number += 1 if forward else -1
        bound, offset, inclusive = None, 0, False
    return rows


def search_rows(
    db: Reader, viewer: Viewer, text: str, now: datetime, limit: int = SEARCH_LIMIT
) -> list[InboxRow]:
    """The newest `limit` messages in the viewer's mailboxes matching every term of `text`
    (see `store.query.search`), one row per message: the received copy when the viewer
    holds both ends. Text without a word to search for finds nothing."""
    terms = search_terms(text, to_local(now).date())
    ids = sorted(viewer.mailbox_ids)
    if not terms or not ids:
        return []
    sql, params = search_select(terms, ids, limit, sqlite=db.target.sqlite)
    found: dict[str, InboxRow] = {}
    for raw in db.all(sql, params):
        row = InboxRow(summary_of(raw, now), (0, (raw[0],)))
        held = found.get(row.summary.id)
        if held is None or (held.summary.folder == "sent" and row.summary.folder != "sent"):
            found[row.summary.id] = row
    return list(found.values())[:limit]

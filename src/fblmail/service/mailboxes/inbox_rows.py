"""The reads the app's inbox and the read commands share, over the DB-API query layer.

- `open_as_acting_user`: the store's connector and the acting login, decided exactly as
  every command decides it (`fblmail.identity.decide_login`); a refusal on PostgreSQL is
  written to the access log, as `bootstrap.acting_login` writes it.
- `walk`: a folder's rows by keyset from a segment on, in list order or reverse;
- `search_rows`: full-text search in the user's mailboxes, one row per message.
"""

from __future__ import annotations

from datetime import datetime

from fblmail.clock import to_local
from fblmail.errors import NoAccess
from fblmail.identity import REFUSAL_ACTION, REFUSAL_DETAIL, decide_login
from fblmail.service.mailboxes.inbox_views import InboxRow, Viewer, summary_of
from fblmail.settings import Settings
from fblmail.store.query import log
from fblmail.store.query.connection import Connector, Reader, parse_target
from fblmail.store.query.listing import ListQuery, row_key, segment_select, segments_for
from fblmail.store.query.search import search_select, search_terms
from fblmail.store.shared_sql import MODE_SQL

SEARCH_LIMIT = 50


def open_as_acting_user(settings: Settings) -> tuple[Connector, str]:
    """The store and who acts on it. On a shared PostgreSQL store the acting user is the
    database user; naming someone else is refused (exit 4) before a row is read, and the
    refusal is logged as the real session user."""
    connector = Connector(parse_target(settings.database_url))
    target = connector.target
    shared, owner, session_user = False, True, ""
    if not target.sqlite:
        with connector.reading() as db:
            row = db.one(MODE_SQL)
        if row is not None:
            shared, owner, session_user = bool(row[0]), bool(row[1]), str(row[2])
    try:
        login = decide_login(
            settings,
            postgres=not target.sqlite,
            shared=shared,
            owner=owner,
            session_user=session_user,
        )
    except NoAccess as refusal:
        if session_user:
            _log_impostor(connector, session_user, settings.user, refusal, shared=shared)
        connector.close()
        raise
    return connector, login


def _log_impostor(
    connector: Connector, session_user: str, asked: str, refusal: NoAccess, *, shared: bool
) -> None:
    if shared:  # a person cannot write the log: the definer function does, as them
        log.log_identity_refusal(connector.target, asked, refusal.outcome)
        return
    from fblmail.clock import utc_now

    with connector.writing() as db:
        log.append(
            db,
            log.LogEntry(
                actor=session_user,
                actor_unit="",
                action=REFUSAL_ACTION,
                outcome=refusal.outcome,
                detail=REFUSAL_DETAIL.format(asked=asked[:64]),
            ),
            utc_now(),
        )


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

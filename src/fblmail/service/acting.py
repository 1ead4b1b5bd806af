"""Who acts on the store: the one decision for the app, every command and scripts.

On a shared PostgreSQL store the acting user is the database user, always; `--user`,
`FBLMAIL_USER` and the config can only confirm it (`fblmail.identity.decide_login` holds
the rule). Naming someone else is refused (exit 4) before a row is read, and the refusal
is written to the access log as the real session user: through the log's definer function
on a shared store (a person cannot write the log), directly on a single-role one. SQLite
has no session user, so there is nothing to log there.

It reads through the plain DB-API connector (no SQLAlchemy), so the fast read commands and
the app's first screen use it as they are; the ORM commands reach it through
`fblmail.bootstrap.acting_login`.
"""

from __future__ import annotations

from fblmail.clock import utc_now
from fblmail.errors import NoAccess
from fblmail.identity import REFUSAL_ACTION, REFUSAL_DETAIL, decide_login
from fblmail.settings import Settings
from fblmail.store.query import log
from fblmail.store.query.connection import Connector
from fblmail.store.shared_sql import MODE_SQL

__all__ = ["acting_login"]


def acting_login(settings: Settings, connector: Connector) -> str:
    """The login that acts on `connector`'s store for `settings`, or `NoAccess` (logged)."""
    target = connector.target
    shared, owner, session_user = False, True, ""
    if not target.sqlite:
        with connector.reading() as db:
            row = db.one(MODE_SQL)
        if row is not None:
            shared, owner, session_user = bool(row[0]), bool(row[1]), str(row[2])
    try:
        return decide_login(
            settings,
            postgres=not target.sqlite,
            shared=shared,
            owner=owner,
            session_user=session_user,
        )
    except NoAccess as refusal:
        if session_user:
            _log_refusal(connector, session_user, settings.user, refusal, shared=shared)
        raise


def _log_refusal(
    connector: Connector, session_user: str, asked: str, refusal: NoAccess, *, shared: bool
) -> None:
    if shared:  # a person cannot write the log: the definer function does, as them
        log.log_identity_refusal(connector.target, asked, refusal.outcome)
        return
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

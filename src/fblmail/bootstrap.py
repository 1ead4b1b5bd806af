"""The composition root: settings → engine → store → Messenger (→ the Textual app).

Nothing is created at import time; the CLI and the app call `open_messenger()` once.
"""

from __future__ import annotations

from fblmail.clock import Clock, utc_now
from fblmail.errors import NoAccess
from fblmail.identity import REFUSAL_ACTION, REFUSAL_DETAIL, decide_login
from fblmail.service import Messenger
from fblmail.settings import Settings
from fblmail.store.engine import Store, make_engine
from fblmail.store.schema import check_schema


def open_store(settings: Settings, *, check: bool = True) -> Store:
    """The store at the configured URL; refuses a missing or mismatched schema."""
    engine = make_engine(settings.database_url, create=False)
    if check:
        check_schema(engine)
    return Store(engine)


def acting_login(settings: Settings, store: Store) -> str:
    """Who is acting: on a shared PostgreSQL store the database user, always.

    See `fblmail.identity`. Naming someone else is refused (`NoAccess`, exit 4) and, on a
    PostgreSQL store, the refusal is written to the access log as the real session user.
    """
    from fblmail.store.shared import store_mode

    if store.sqlite:
        mode_shared, owner, session_user = False, True, ""
    else:
        with store.engine.connect() as conn:
            mode = store_mode(conn)
        mode_shared, owner, session_user = mode.shared, mode.owner, mode.session_user
    try:
        return decide_login(
            settings,
            postgres=not store.sqlite,
            shared=mode_shared,
            owner=owner,
            session_user=session_user,
        )
    except NoAccess as refusal:
        if session_user:
            _log_impostor(store, session_user, settings.user, refusal)
        raise


def _log_impostor(store: Store, session_user: str, asked: str, refusal: NoAccess) -> None:
    from fblmail.store import audit

    with store.write() as session:
        audit.append(
            session,
            audit.LogEntry(
                actor=session_user,
                actor_unit="",
                action=REFUSAL_ACTION,
                outcome=refusal.outcome,
                detail=REFUSAL_DETAIL.format(asked=asked[:64]),
            ),
            utc_now(),
        )


def open_messenger(settings: Settings, clock: Clock = utc_now) -> Messenger:
    """The service layer for the acting user over the configured store."""
    store = open_store(settings)
    return Messenger(store, acting_login(settings, store), clock)

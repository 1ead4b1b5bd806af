"""The composition root: settings → engine → store → Messenger (→ the Textual app).

Nothing is created at import time; the CLI and the app call `open_messenger()` once.
"""

from __future__ import annotations

from fblmail.clock import Clock, utc_now
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

    The one decision of `fblmail.service.acting` (the app's first screen and the fast read
    commands make it too), over a short DB-API connection to the same store. Naming someone
    else is refused (`NoAccess`, exit 4) and, on PostgreSQL, logged as the real session user.
    """
    from fblmail.service.acting import acting_login as decide
    from fblmail.store.query.connection import Connector, parse_target

    del store  # the same store, reached by its URL
    connector = Connector(parse_target(settings.database_url))
    try:
        return decide(settings, connector)
    finally:
        connector.close()


def open_messenger(settings: Settings, clock: Clock = utc_now) -> Messenger:
    """The service layer for the acting user over the configured store."""
    store = open_store(settings)
    return Messenger(store, acting_login(settings, store), clock)

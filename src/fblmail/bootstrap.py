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
    engine = make_engine(settings.database_url)
    if check:
        check_schema(engine)
    return Store(engine)


def open_messenger(settings: Settings, clock: Clock = utc_now) -> Messenger:
    """The service layer for the configured user over the configured store."""
    return Messenger(open_store(settings), settings.user, clock)

"""The composition root: settings → engine → store → Messenger (→ the Textual app).

Nothing is created at import time; the CLI and the app call `open_messenger()` once.
"""

from __future__ import annotations

from sqlalchemy import text

from fblmail.clock import Clock, utc_now
from fblmail.errors import NoAccess, StoreProblem
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
    """Who is acting: the OS login (or --user), or on a shared PostgreSQL the database user.

    With `identity = "database"` each person connects as their own PostgreSQL role (peer or
    certificate authentication), so the database, not a command-line option, says who they
    are; asking to act as someone else is refused.
    """
    if settings.identity != "database":
        return settings.user
    if store.sqlite:
        raise StoreProblem(
            'Identitetsläget "database" kräver PostgreSQL; en SQLite-fil vet inte vem som '
            "använder den. Ta bort FBLMAIL_IDENTITY eller byt databas.",
            'The identity mode "database" needs PostgreSQL; an SQLite file cannot tell who '
            "uses it. Remove FBLMAIL_IDENTITY or change the database.",
            field="identity",
        )
    with store.engine.connect() as conn:
        login = str(conn.execute(text("SELECT session_user")).scalar_one())
    if settings.user_given and settings.user != login:
        raise NoAccess(
            f"Du är inloggad i databasen som {login!r} och kan inte agera som "
            f"{settings.user!r}. Ta bort --user / FBLMAIL_USER.",
            f"You are signed in to the database as {login!r} and cannot act as "
            f"{settings.user!r}. Remove --user / FBLMAIL_USER.",
            field="user",
        )
    return login


def open_messenger(settings: Settings, clock: Clock = utc_now) -> Messenger:
    """The service layer for the acting user over the configured store."""
    store = open_store(settings)
    return Messenger(store, acting_login(settings, store), clock)

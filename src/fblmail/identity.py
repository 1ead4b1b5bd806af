"""Who is acting: one decision for the app's first screen and for every command.

Light on purpose (no SQLAlchemy): the first screen decides with plain psycopg before the
service layer has loaded, the CLI with SQLAlchemy; both read the store's mode with
`store.shared_sql.MODE_SQL` and call `decide_login`.

- A shared PostgreSQL store (its owner ran `fblmail init`): the acting user is the
  session's database user, always. `--user` / `FBLMAIL_USER` may only confirm it;
  `FBLMAIL_IDENTITY` and the config file have no say. The store's owner is the documented
  exception: administration and system jobs run as the owner may name the account they act
  for (`--user fblmail.system`).
- Any other store: the OS login, or `--user`; with `FBLMAIL_IDENTITY=database` on
  PostgreSQL the session user, as before.
"""

from __future__ import annotations

from fblmail.errors import NoAccess, StoreProblem
from fblmail.settings import Settings


def impostor(session_user: str, asked: str) -> NoAccess:
    """The refusal for naming someone other than the database user on a shared store."""
    return NoAccess(
        f"Du är inloggad i databasen som {session_user!r} och kan inte agera som {asked!r}. "
        "Ta bort --user / FBLMAIL_USER (på en delad databas är det databasanvändaren som "
        "gäller).",
        f"You are signed in to the database as {session_user!r} and cannot act as "
        f"{asked!r}. Remove --user / FBLMAIL_USER (on a shared store the database user "
        "is the acting user).",
        field="user",
    )


def decide_login(
    settings: Settings,
    *,
    postgres: bool,
    shared: bool,
    owner: bool,
    session_user: str,
) -> str:
    """The acting login, or `NoAccess` for naming someone else where the store decides."""
    if shared and not owner:
        if settings.user_given and settings.user != session_user:
            raise impostor(session_user, settings.user)
        return session_user
    if shared:
        return settings.user if settings.user_given else session_user
    if settings.identity != "database":
        return settings.user
    if not postgres:
        raise StoreProblem(
            'Identitetsläget "database" kräver PostgreSQL; en SQLite-fil vet inte vem som '
            "använder den. Ta bort FBLMAIL_IDENTITY eller byt databas.",
            'The identity mode "database" needs PostgreSQL; an SQLite file cannot tell who '
            "uses it. Remove FBLMAIL_IDENTITY or change the database.",
            field="identity",
        )
    if settings.user_given and settings.user != session_user:
        raise impostor(session_user, settings.user)
    return session_user


REFUSAL_ACTION = "identity"
REFUSAL_DETAIL = "asked to act as {asked}"

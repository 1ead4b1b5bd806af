"""On a shared PostgreSQL host the database, not --user, says who is acting."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from fblmail.bootstrap import acting_login, open_store
from fblmail.errors import NoAccess, StoreProblem
from fblmail.settings import load_settings
from fblmail.store.engine import Store, make_engine
from fblmail.store.shared import make_shared


def test_os_identity_uses_the_login_or_override(store_url: str) -> None:
    settings = load_settings(
        database_url=store_url, user="anna.ssk", environ={"FBLMAIL_CONFIG": "/nonexistent"}
    )
    assert acting_login(settings, open_store(settings)) == "anna.ssk"


def test_database_identity_is_the_session_user_and_cannot_be_overridden(
    store_url: str, backend: str
) -> None:
    env = {"FBLMAIL_CONFIG": "/nonexistent", "FBLMAIL_IDENTITY": "database"}
    if backend == "sqlite":
        settings = load_settings(database_url=store_url, environ=env)
        with pytest.raises(StoreProblem):
            acting_login(settings, open_store(settings))
        return
    owner = Store(make_engine(store_url))
    make_shared(owner.engine)  # as `fblmail init` does on PostgreSQL
    with owner.engine.begin() as conn:
        conn.execute(text('DROP ROLE IF EXISTS "anna.ssk"'))
        conn.execute(text('CREATE ROLE "anna.ssk" LOGIN IN ROLE fblmail_staff'))
    try:
        as_anna = make_url(store_url).set(username="anna.ssk").render_as_string(False)
        settings = load_settings(database_url=as_anna, environ=env)
        assert acting_login(settings, open_store(settings)) == "anna.ssk"
        impostor = load_settings(database_url=as_anna, user="bengt.ssk", environ=env)
        with pytest.raises(NoAccess) as refused:
            acting_login(impostor, open_store(impostor))
        assert refused.value.field == "user"
    finally:
        with owner.engine.begin() as conn:
            conn.execute(text('DROP ROLE IF EXISTS "anna.ssk"'))
        owner.engine.dispose()


def test_unknown_identity_mode_is_a_usage_error() -> None:
    from fblmail.errors import InvalidInput

    with pytest.raises(InvalidInput):
        load_settings(environ={"FBLMAIL_CONFIG": "/nonexistent", "FBLMAIL_IDENTITY": "ldap"})

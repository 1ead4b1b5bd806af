"""A shared PostgreSQL store (tests/store/shared): set up by its owner, one role per person.

The test server's superuser is the store's owner (it ran `fblmail init`); every account
of the standard cast gets its own LOGIN role through `fblmail_sync_role`, exactly as
`admin account add` does on a real shared host.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from sqlalchemy.engine import make_url

from fblmail.service import Messenger
from fblmail.store.engine import Store, make_engine
from kit.people import World

Conn = psycopg.Connection[tuple[object, ...]]


def person_url(store_url: str, login: str) -> str:
    """The store's URL as the person's own database role (trust auth on the test server)."""
    url = make_url(store_url).set(username=login, password=None)
    return url.render_as_string(hide_password=False)


def raw_url(url: str) -> str:
    """A libpq URL for psycopg (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def connect_as(store_url: str, login: str, *, autocommit: bool = True) -> Conn:
    """A plain psycopg connection as `login`, as a hostile local user would open one."""
    return psycopg.connect(raw_url(person_url(store_url, login)), autocommit=autocommit)


@dataclass
class SharedWorld:
    """The standard world on a shared store, plus a way to act as a person's own role."""

    world: World
    url: str

    @contextmanager
    def owner(self) -> Iterator[Conn]:
        """A plain autocommit connection as the store's owner (the test superuser)."""
        with psycopg.connect(raw_url(self.url), autocommit=True) as conn:
            yield conn

    @contextmanager
    def person(self, login: str) -> Iterator[Messenger]:
        """The service layer connected as the person's own database role."""
        engine = make_engine(person_url(self.url, login))
        try:
            yield Messenger(Store(engine), login, self.world.clock)
        finally:
            engine.dispose()

"""Fixtures for the shared-store tests (PostgreSQL only)."""

from __future__ import annotations

import pytest

from fblmail.store.engine import Store
from fblmail.store.shared import make_shared
from kit.people import FakeClock, populate
from kit.shared import SharedWorld


@pytest.fixture
def shared(store: Store, store_url: str, clock: FakeClock) -> SharedWorld:
    """A shared store (owner ran the set-up) with the directory and the cast's roles."""
    make_shared(store.engine)
    return SharedWorld(populate(store, clock), store_url)

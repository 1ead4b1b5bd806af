"""Issue 8, item 7: before the first support account, only creating it is allowed.

On both back ends the store accepts, while no support account exists, just the steps
that lead to one: the directory import of an empty store (`fblmail init`) and adding an
account with the role `support`. Everything else is refused with what to do; on
PostgreSQL only the store's owner may take even those steps (tests/store/shared).
"""

from __future__ import annotations

import pytest

from fblmail.domain.directory_file import parse_directory
from fblmail.errors import NoAccess
from fblmail.service import Messenger
from fblmail.store.engine import Store
from kit.people import DIRECTORY_FILE, KARLSTAD, FakeClock


def test_only_the_first_support_account_can_be_made(store: Store, clock: FakeClock) -> None:
    anyone = Messenger(store, "olle.ssk", clock)
    anyone.directory.import_directory(parse_directory(DIRECTORY_FILE.read_text("utf-8")))
    with pytest.raises(NoAccess) as refused:
        anyone.admin.add_account(
            "olle.ssk", full_name="Olle", organisation="karlstad", mailboxes=[KARLSTAD]
        )
    assert "--role support" in refused.value.sv
    with pytest.raises(NoAccess):
        anyone.admin.add_member("olle.ssk", KARLSTAD)
    anyone.admin.add_account(
        "sara.support", full_name="Sara Support", organisation="support", role="support"
    )
    # Now the exception is gone: only support administers.
    with pytest.raises(NoAccess):
        anyone.admin.add_account(
            "eve.support", full_name="Eve", organisation="support", role="support"
        )
    sara = Messenger(store, "sara.support", clock)
    sara.admin.add_account("olle.ssk", full_name="Olle", organisation="karlstad")

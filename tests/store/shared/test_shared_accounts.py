"""Issue 8, items 4, 5 and 7: roles follow accounts, notifications leak nothing, bootstrap.

- Support, as their own database role, adds an account: the person can log in at once.
  Ending the account makes the role NOLOGIN and cuts an open session at its next
  statement; approving a new request for the login opens it again.
- LISTEN: a person hears only their own mailboxes' opaque channels, and notifications
  carry nothing; the old `fblmail_changes` channel stays silent.
- Before any support account exists only the owner can create the first one.
"""

from __future__ import annotations

import psycopg
import pytest

from fblmail.errors import NoAccess
from fblmail.service import Messenger
from fblmail.service.mailboxes.inbox import Inbox
from fblmail.settings import load_settings
from fblmail.store.engine import Store
from fblmail.store.shared import make_shared
from kit.people import GRIPEN, HERRHAGEN, KARLSTAD, FakeClock, World
from kit.shared import SharedWorld, connect_as

pytestmark = pytest.mark.parametrize("backend", ["postgres"])


def _can_login(shared: SharedWorld, role: str) -> bool:
    with shared.owner() as owner:
        row = owner.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (role,))
        got = row.fetchone()
        return bool(got and got[0])


def test_account_add_end_and_reopen_move_the_role(shared: SharedWorld) -> None:
    with shared.owner() as owner:
        owner.execute('DROP ROLE IF EXISTS "nils.ssk"')
    with shared.person("sara.support") as sara:
        sara.admin.add_account(
            "nils.ssk", full_name="Nils Nilsson", organisation="karlstad", mailboxes=[KARLSTAD]
        )
    assert _can_login(shared, "nils.ssk")
    session = connect_as(shared.url, "nils.ssk")
    try:
        assert session.execute("SELECT count(*) FROM mailbox").fetchone() != (0,)
        with shared.person("sara.support") as sara:
            request = sara.access.request("end", for_login="nils.ssk", reason="Slutat")
            sara.access.approve(request.id)
        assert not _can_login(shared, "nils.ssk")
        with pytest.raises(psycopg.OperationalError):
            session.execute("SELECT count(*) FROM message")
    finally:
        session.close()
    with pytest.raises(psycopg.OperationalError):
        connect_as(shared.url, "nils.ssk").close()
    with shared.person("sara.support") as sara:
        again = sara.access.request(
            "new",
            for_login="nils.ssk",
            reason="Tillbaka",
            full_name="Nils Nilsson",
            organisation="karlstad",
            title="Sjuksköterska",
            mailboxes=[KARLSTAD],
        )
        sara.access.approve(again.id)
    assert _can_login(shared, "nils.ssk")


def test_staff_cannot_move_roles(shared: SharedWorld) -> None:
    with shared.person("gustav.ssk") as gustav, pytest.raises(NoAccess):
        gustav.admin.add_account("evil.x", full_name="E", organisation="support", role="support")
    with (
        connect_as(shared.url, "gustav.ssk") as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("SELECT fblmail_sync_role('anna.ssk')")


def test_listen_tells_nobody_about_other_fbls(shared: SharedWorld) -> None:
    env = {"FBLMAIL_CONFIG": "/nonexistent"}
    from kit.shared import person_url

    cecilia = Inbox.for_settings(
        load_settings(database_url=person_url(shared.url, "cecilia.dr"), environ=env)
    )
    feed = cecilia.changes()
    with connect_as(shared.url, "gustav.ssk") as gustav:
        gustav.execute("LISTEN fblmail_changes")
        for (channel,) in gustav.execute("SELECT fblmail_my_channels()").fetchall():
            gustav.execute(f'LISTEN "{channel}"')
        try:
            shared.world.send("anna.ssk")  # Karlstad -> Herrhagen: Gripen hears nothing
            assert feed.wait(10)
            assert list(gustav.notifies(timeout=0.5)) == []
            shared.world.send(
                "erik.ssk", from_fbl="Arvika kommun Hälso- och sjukvård (FBL)", to_fbl=GRIPEN
            )
            heard = list(gustav.notifies(timeout=5, stop_after=1))
            assert heard and heard[0].payload == ""
        finally:
            feed.close()
            cecilia.close()
    assert HERRHAGEN  # the channel names are opaque: no address or id is in them


def test_only_the_owner_creates_the_first_support_account(
    store: Store, store_url: str, clock: FakeClock
) -> None:
    from fblmail.domain.directory_file import parse_directory
    from kit.people import DIRECTORY_FILE

    make_shared(store.engine)
    owner = Messenger(store, "sara.support", clock)
    owner.directory.import_directory(parse_directory(DIRECTORY_FILE.read_text("utf-8")))
    with pytest.raises(NoAccess):
        owner.admin.add_account("anna.ssk", full_name="A", organisation="karlstad")
    shared = SharedWorld(World(store, clock), store_url)
    with shared.owner() as conn:
        conn.execute('DROP ROLE IF EXISTS "early.x"')
        conn.execute('CREATE ROLE "early.x" LOGIN IN ROLE fblmail_staff')
    with shared.person("early.x") as early, pytest.raises(NoAccess):
        early.admin.add_account("early.x", full_name="E", organisation="support", role="support")
    owner.admin.add_account("sara.support", full_name="S", organisation="support", role="support")
    assert _can_login(shared, "sara.support")

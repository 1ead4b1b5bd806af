"""R18: access requests from filing to decision, on both back ends."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from fblmail.errors import InvalidInput, NoAccess
from fblmail.store.tables import Account, Mailbox, Membership
from kit.people import ARVIKA, HERRHAGEN, KARLSTAD, World
from kit.service import end_account, file_new
from kit.stores import log_rows, refusals


def test_new_account_request_end_to_end(world: World) -> None:
    request_id = file_new(world, "nora.ssk", mailboxes=[KARLSTAD])
    support = world.as_("sara.support").access
    pending = support.list_requests()
    assert [(r.id, r.kind, r.login, r.status) for r in pending] == [
        (request_id, "new", "nora.ssk", "pending")
    ]
    assert pending[0].organisation == "Karlstad"
    assert pending[0].filed_by == "nora.ssk"
    before = log_rows(world.store)[-1].id or 0

    decided = support.approve(request_id)

    assert decided.status == "approved"
    assert decided.decided_by == "sara.support"
    # One transaction: the account, its personal mailbox, its membership and one log row.
    rows = log_rows(world.store, before)
    assert [(r.action, r.outcome, r.actor) for r in rows] == [
        ("access-approve", "ok", "sara.support")
    ]
    assert "nora.ssk" in (rows[0].detail or "")
    with world.store.read() as session:
        account = session.exec(select(Account).where(Account.login == "nora.ssk")).one()
        assert (account.full_name, account.title, account.role, account.active) == (
            "Nora Nyström",
            "Sjuksköterska",
            "staff",
            True,
        )
        personal = session.exec(select(Mailbox).where(Mailbox.owner_account_id == account.id)).one()
        assert personal.kind == "personal"
    nora = world.as_("nora.ssk")
    assert {b.address for b in nora.folders.mailboxes()} == {KARLSTAD, personal.address}
    assert support.list_requests() == []
    assert [r.status for r in support.list_requests("all")] == ["approved"]


def test_end_request_cuts_off_a_running_session(world: World) -> None:
    message_id = world.send("anna.ssk")
    running = world.as_("bengt.ssk")  # created before the approval, like an open app
    assert running.folders.show(message_id).summary.id == message_id
    request = world.as_("fia.chef").access.request("end", for_login="bengt.ssk", reason="Slutat")
    assert request.filed_by == "fia.chef"

    world.as_("sara.support").access.approve(request.id)

    with pytest.raises(NoAccess) as refused:
        running.folders.show(message_id)
    assert "access request new" in refused.value.sv
    with world.store.read() as session:
        account = session.exec(select(Account).where(Account.login == "bengt.ssk")).one()
        assert not account.active
        assert account.ended_at == world.clock()
        memberships = session.exec(
            select(Membership).where(Membership.account_id == account.id)
        ).all()
        assert memberships and all(not m.active and m.ended_at for m in memberships)
    assert len(refusals(world.store, "bengt.ssk")) == 1


def test_end_request_for_one_fbl_keeps_the_account(world: World) -> None:
    support = world.as_("sara.support")
    support.admin.add_member("erik.ssk", KARLSTAD)
    request = support.access.request(
        "end", for_login="erik.ssk", mailboxes=[KARLSTAD], reason="Bytt enhet"
    )
    support.access.approve(request.id)
    boxes = {b.address for b in world.as_("erik.ssk").folders.mailboxes() if b.kind == "fbl"}
    assert boxes == {ARVIKA}


def test_new_request_for_an_active_account_adds_fbls(world: World) -> None:
    request = world.as_("erik.ssk").access.request(
        "new", mailboxes=[HERRHAGEN], reason="Vikariat på vårdcentralen"
    )
    world.as_("sara.support").access.approve(request.id)
    boxes = {b.address for b in world.as_("erik.ssk").folders.mailboxes() if b.kind == "fbl"}
    assert boxes == {ARVIKA, HERRHAGEN}


def test_ended_account_can_be_reopened(world: World) -> None:
    end_account(world, "bengt.ssk")
    request = world.as_("bengt.ssk").access.request(
        "new", mailboxes=[KARLSTAD], reason="Tillbaka efter tjänstledighet"
    )
    world.as_("sara.support").access.approve(request.id)
    assert [b.address for b in world.as_("bengt.ssk").folders.mailboxes() if b.kind == "fbl"] == [
        KARLSTAD
    ]


def test_reject_needs_a_reason_and_changes_nothing_else(world: World) -> None:
    request_id = file_new(world, "nora.ssk")
    support = world.as_("sara.support").access
    with pytest.raises(InvalidInput) as missing:
        support.reject(request_id, "  ")
    assert missing.value.field == "reason"
    rejected = support.reject(request_id, "Ingen tjänst vid enheten")
    assert (rejected.status, rejected.decision_reason) == ("rejected", "Ingen tjänst vid enheten")
    with world.store.read() as session:
        assert session.exec(select(Account).where(Account.login == "nora.ssk")).first() is None
    with pytest.raises(InvalidInput, match="redan avgjord"):
        support.approve(request_id)


def test_filing_for_someone_else(world: World) -> None:
    # A manager files for their own unit's staff; staff and other units' managers cannot.
    world.as_("fia.chef").access.request(
        "new", for_login="nils.ssk", full_name="Nils N", organisation="karlstad", reason="Ny"
    )
    with pytest.raises(NoAccess) as staff:
        world.as_("anna.ssk").access.request("end", for_login="bengt.ssk", reason="Slutat")
    assert staff.value.field == "for"
    with pytest.raises(NoAccess):
        world.as_("fia.chef").access.request("end", for_login="erik.ssk", reason="Slutat")
    assert len(refusals(world.store, "anna.ssk")) == 1
    assert len(refusals(world.store, "fia.chef")) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"full_name": ""}, "name"),
        ({"organisation": ""}, "org"),
        ({"organisation": "Atlantis"}, "org"),
        ({"reason": " "}, "reason"),
        ({"mailboxes": ["Ingen sådan (FBL)"]}, "mailbox"),
    ],
)
def test_bad_requests_name_the_field(
    world: World, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises((InvalidInput, NoAccess)) as exc:
        file_new(world, "nora.ssk", **overrides)
    assert exc.value.field == field
    assert world.as_("sara.support").access.list_requests("all") == []


def test_one_pending_request_per_login_and_kind(world: World) -> None:
    first = file_new(world, "nora.ssk")
    with pytest.raises(InvalidInput, match=f"nr {first}"):
        file_new(world, "nora.ssk")


def test_end_of_nothing_and_of_the_last_support_account(world: World) -> None:
    with pytest.raises(InvalidInput, match="inget aktivt konto"):
        world.as_("nobody").access.request("end", reason="Slutat")
    support = world.as_("sara.support").access
    request = support.request("end", reason="Går i pension")
    with pytest.raises(InvalidInput, match="sista supportkontot"):
        support.approve(request.id)
    assert support.list_requests()[0].status == "pending"


def test_inactive_accounts_and_last_active(world: World) -> None:
    world.send("anna.ssk")  # anna is active now
    world.clock.advance(days=40)
    world.as_("bengt.ssk").folders.mailboxes()  # read-only: not a unit of work
    world.as_("bengt.ssk").folders.list_messages(KARLSTAD)  # a unit of work
    support = world.as_("sara.support").access
    idle = {a.login: a for a in support.inactive_accounts(30)}
    assert "anna.ssk" in idle and idle["anna.ssk"].days_inactive == 40
    assert "bengt.ssk" not in idle
    assert idle["gustav.ssk"].last_active_at is None  # never used
    # A manager sees only their own unit; staff may not look.
    managed = {a.login for a in world.as_("fia.chef").access.inactive_accounts(30)}
    assert managed == {"anna.ssk", "fia.chef"}  # the list is made before fia counts as active
    with pytest.raises(NoAccess):
        world.as_("anna.ssk").access.inactive_accounts(30)


def test_last_active_is_written_at_most_once_an_hour(world: World) -> None:
    anna = world.as_("anna.ssk")

    def seen() -> object:
        with world.store.read() as session:
            return session.exec(
                select(Account.last_active_at).where(col(Account.login) == "anna.ssk")
            ).one()

    anna.folders.list_messages(KARLSTAD)
    first = seen()
    assert first == world.clock()
    world.clock.advance(minutes=59)
    anna.folders.list_messages(KARLSTAD)
    assert seen() == first
    world.clock.advance(minutes=2)
    anna.folders.list_messages(KARLSTAD)
    assert seen() == world.clock()

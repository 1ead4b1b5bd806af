"""R1/R15: creating an FBL (one per unit) and closing it, only for good, only by support."""

from __future__ import annotations

import pytest

from fblmail.errors import InvalidInput, NoAccess, Refused
from kit.people import HERRHAGEN, KARLSTAD, World
from kit.stores import log_rows, refusals

EDA = "Eda kommun Hälso- och sjukvård (FBL)"


def test_closing_is_permanent_and_keeps_messages_readable(world: World) -> None:
    message_id = world.send("anna.ssk", to_fbl=HERRHAGEN)
    support = world.as_("sara.support").mailbox_admin
    before = log_rows(world.store)[-1].id or 0

    closed = support.close(HERRHAGEN, confirm_name=HERRHAGEN)

    assert closed.closed_at == world.clock()
    assert closed.closed_by == "sara.support"
    [row] = log_rows(world.store, before)
    assert (row.action, row.outcome, row.mailbox, row.actor) == (
        "mailbox-close",
        "ok",
        HERRHAGEN,
        "sara.support",
    )
    # Sending to it is refused with R15 and a clear message ...
    with pytest.raises(Refused) as to_closed:
        world.send("anna.ssk", to_fbl=HERRHAGEN)
    assert to_closed.value.rule == "R15"
    assert "permanent" in to_closed.value.sv
    # ... and so is sending from it, but its members still read what it holds.
    with pytest.raises(Refused):
        world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD)
    assert world.as_("cecilia.dr").folders.show(message_id).summary.id == message_id
    boxes = {b.address: b for b in world.as_("cecilia.dr").folders.mailboxes()}
    assert boxes[HERRHAGEN].closed
    # There is no re-opening and no second close.
    with pytest.raises(InvalidInput, match="redan stängd"):
        support.close(HERRHAGEN, confirm_name=HERRHAGEN)


def test_close_needs_the_exact_name(world: World) -> None:
    support = world.as_("sara.support").mailbox_admin
    for typed in ("", EDA.lower(), EDA + " ", "Eda"):
        with pytest.raises(InvalidInput) as wrong:
            support.close(EDA, confirm_name=typed)
        assert wrong.value.field == "confirm_name"
    assert len(refusals(world.store, "sara.support")) == 4
    assert not any(b.closed for b in world.as_("sara.support").directory.units() if b.fbl == EDA)


def test_only_support_closes(world: World) -> None:
    for login in ("anna.ssk", "fia.chef", "nobody"):
        with pytest.raises(NoAccess):
            world.as_(login).mailbox_admin.close(KARLSTAD, confirm_name=KARLSTAD)
        assert len(refusals(world.store, login)) == 1


def test_one_open_fbl_per_unit(world: World) -> None:
    support = world.as_("sara.support").mailbox_admin
    with pytest.raises(Refused) as second:
        support.create("eda", "Eda kommun Vård och omsorg (FBL)")
    assert second.value.rule == "R1"
    support.close(EDA, confirm_name=EDA)
    # Names stay taken, also by closed FBLs.
    for taken in (EDA, KARLSTAD):
        with pytest.raises(InvalidInput, match="används redan"):
            support.create("eda", taken)
    created = support.create("eda", "Eda kommun Vård och omsorg (FBL)")
    assert (created.organisation, created.closed_at, created.members) == ("Eda", None, 0)
    # The new FBL can be joined and used at once.
    world.as_("sara.support").admin.add_member("erik.ssk", "Eda kommun Vård och omsorg (FBL)")
    world.send("erik.ssk", from_fbl="Eda kommun Vård och omsorg (FBL)")


@pytest.mark.parametrize(
    ("org", "name", "error", "field"),
    [
        ("eda", "Eda kommun", InvalidInput, "name"),
        ("eda", "  ", InvalidInput, "name"),
        ("vc-herrhagen", "Herrhagen ny (FBL)", Refused, "name"),
        ("atlantis", "Atlantis (FBL)", NoAccess, "org"),  # unknown: exit 4 (issue 13)
        ("support", "Support (FBL)", InvalidInput, "org"),
    ],
)
def test_create_checks_its_input(
    world: World, org: str, name: str, error: type[Exception], field: str
) -> None:
    support = world.as_("sara.support").mailbox_admin
    if org == "vc-herrhagen":
        support.close(HERRHAGEN, confirm_name=HERRHAGEN)
    with pytest.raises(error) as exc:
        support.create(org, name)
    assert getattr(exc.value, "field", None) == field

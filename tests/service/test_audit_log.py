"""The access log: search and its scope, the patient's extract, and `verify`."""

from __future__ import annotations

import pytest

from fblmail.domain.personnummer import make_test_patient_ids
from fblmail.errors import InvalidInput, NoAccess
from kit.people import ARVIKA, GRIPEN, KARLSTAD, TOLVAN, TOLVAN_SAMORDNING, World
from kit.stores import cut_tail, log_rows, refusals, tamper

TOLVAN_SHORT = "121212+1212"  # the 10-digit form of a 100+-year-old needs the plus sign
TOLVAN_DIGITS = "191212121212"


def _traffic(world: World) -> dict[str, str]:
    """Messages between three units, read on the other side."""
    ids = {
        "karlstad": world.send("anna.ssk"),
        "arvika": world.send("erik.ssk", from_fbl=ARVIKA, patient=TOLVAN_SAMORDNING),
        "gripen": world.send("gustav.ssk", from_fbl=GRIPEN, to_fbl=KARLSTAD),
    }
    world.as_("cecilia.dr").folders.show(ids["karlstad"])
    world.as_("bengt.ssk").folders.show(ids["gripen"])
    return ids


def test_search_filters_and_reading_is_logged(world: World) -> None:
    ids = _traffic(world)
    audit = world.as_("sara.support").audit
    page = audit.search(patient=TOLVAN)
    assert {r.message_id for r in page.rows} == {ids["karlstad"], ids["gripen"]}
    assert all(r.patient == TOLVAN for r in page.rows)

    # Short and long forms of the number give the same rows (besides the searches).
    def found(pnr: str) -> set[int]:
        return {r.id for r in audit.search(patient=pnr).rows if r.action != "audit-read"}

    assert found(TOLVAN_SHORT) == found(TOLVAN_DIGITS) == {r.id for r in page.rows}
    reads = audit.search(user="cecilia.dr")
    assert [(r.action, r.actor_name, r.actor_unit) for r in reads.rows] == [
        ("read", "Cecilia Carlsson", "Vc Herrhagen")
    ]
    by_box = audit.search(mailbox="arvika")  # a unit code is resolved to its FBL
    assert {r.mailbox for r in by_box.rows} == {ARVIKA}
    # Each search wrote one "audit-read" row naming the patient searched for.
    own = [
        r for r in log_rows(world.store) if r.actor == "sara.support" and r.action == "audit-read"
    ]
    assert len(own) == 5
    assert [r.patient for r in own[:3]] == [TOLVAN_DIGITS] * 3
    with pytest.raises(InvalidInput) as bad:
        audit.search(patient="19121212-1213")
    assert bad.value.field == "patient"


def test_search_by_time_and_keyset_pages(world: World) -> None:
    world.send("anna.ssk")
    world.clock.advance(days=2)
    later = world.send("anna.ssk", subject="Uppföljning")
    audit = world.as_("sara.support").audit
    since = audit.search(since="2026-11-03", user="anna.ssk")
    assert [r.message_id for r in since.rows if r.action == "send"] == [later]
    until = audit.search(until="2026-11-02", user="anna.ssk")
    assert later not in {r.message_id for r in until.rows}
    assert audit.search(since="2026-11-04T10:00:00", user="anna.ssk").rows == ()
    with pytest.raises(InvalidInput) as bad:
        audit.search(since="igår")
    assert bad.value.field == "since"
    # Keyset paging: pages of 3, newest first, every row exactly once.
    total = len(log_rows(world.store))
    seen: list[int] = []
    before: int | None = None
    while True:
        page = audit.search(limit=3, before=before, until="2030-01-01")
        seen.extend(r.id for r in page.rows)
        if page.next_before is None:
            break
        before = page.next_before
    assert seen == sorted(seen, reverse=True)
    assert set(range(1, total + 1)) <= set(seen)


def test_manager_sees_the_unit_and_staff_nothing(world: World) -> None:
    ids = _traffic(world)
    rows = world.as_("fia.chef").audit.search(limit=1000).rows
    assert rows
    for r in rows:
        assert r.mailbox == KARLSTAD or r.actor in {"anna.ssk", "bengt.ssk", "fia.chef"}
    assert ids["arvika"] not in {r.message_id for r in rows}
    assert ids["gripen"] in {r.message_id for r in rows}  # it arrived in Karlstad's FBL
    with pytest.raises(NoAccess):
        world.as_("anna.ssk").audit.search()
    with pytest.raises(NoAccess):
        world.as_("fia.chef").audit.patient_extract(TOLVAN)  # support only
    assert len(refusals(world.store, "anna.ssk")) == 1
    assert len(refusals(world.store, "fia.chef")) == 1


def test_patient_extract(world: World) -> None:
    ids = _traffic(world)
    other = make_test_patient_ids(1, seed=5)[0].display()
    world.send("anna.ssk", patient=other)
    with pytest.raises(NoAccess):  # a refused attempt is not an access to the data
        world.as_("gustav.ssk").folders.show(ids["karlstad"])
    audit = world.as_("sara.support").audit
    long_form = audit.patient_extract(TOLVAN)
    short_form = audit.patient_extract(TOLVAN_SHORT)
    assert long_form.patient == TOLVAN
    people = [(r.login, r.full_name, r.unit, r.action) for r in long_form.rows]
    assert people == [
        ("anna.ssk", "Anna Andersson", "Karlstad", "send"),
        ("gustav.ssk", "Gustav Gran", "Vc Gripen", "send"),
        ("cecilia.dr", "Cecilia Carlsson", "Vc Herrhagen", "read"),
        ("bengt.ssk", "Bengt Berg", "Karlstad", "read"),
    ]
    # The second extract also shows the first one: producing an extract is an access too.
    assert [(r.login, r.action) for r in short_form.rows] == [
        *[(p[0], p[3]) for p in people],
        ("sara.support", "audit-read"),
    ]
    assert all(r.at == world.clock() for r in long_form.rows)


def test_verify_finds_the_first_edited_row(world: World) -> None:
    _traffic(world)
    audit = world.as_("sara.support").audit
    count = len(log_rows(world.store))
    intact = audit.verify()
    assert intact.intact and intact.checked == count
    tamper(world.store, 12, "nothing to see here")
    broken = audit.verify()
    assert not broken.intact
    assert broken.broken_row_id == 12
    assert broken.reason == "row content does not match its hash"
    assert broken.broken_row is not None and broken.broken_row.detail == "nothing to see here"
    # The verification itself is logged, naming the break.
    last = log_rows(world.store)[-1]
    assert (last.action, last.actor) == ("audit-read", "sara.support")
    assert "broken at row 12" in (last.detail or "")


def test_verify_notices_rows_cut_off_the_end(world: World) -> None:
    _traffic(world)
    newest = log_rows(world.store)[-1].id or 0
    cut_tail(world.store, 2)
    result = world.as_("sara.support").audit.verify()
    assert (result.intact, result.broken_row_id) == (False, newest - 1)


def test_verify_is_support_only(world: World) -> None:
    for login in ("fia.chef", "anna.ssk"):
        with pytest.raises(NoAccess):
            world.as_(login).audit.verify()
        assert len(refusals(world.store, login)) == 1


def test_message_purge_leaves_log_rows(world: World) -> None:
    from sqlalchemy import text

    message_id = world.send("anna.ssk")
    rows_before = [r.id for r in log_rows(world.store) if r.message_id == message_id]
    with world.store.write() as session:
        session.connection().execute(text("DELETE FROM message"))
    assert [r.id for r in log_rows(world.store) if r.message_id == message_id] == rows_before
    assert world.as_("sara.support").audit.verify().intact

"""Issue 8: the use cases keep working under row-level security, as each person's own role.

One walk through the routine on a shared store (the duty check, forwarding, a late answer
resolved by phone, the purge, drafts, the local routine, access requests, the unit's part
of the log), every step connected as the acting person's own database role.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fblmail.service.mailboxes.drafts import DraftInput
from kit.people import KARLSTAD
from kit.shared import SharedWorld

pytestmark = pytest.mark.parametrize("backend", ["postgres"])


def test_a_day_of_the_routine_as_own_roles(shared: SharedWorld, tmp_path: Path) -> None:
    world = shared.world
    first = world.send("anna.ssk")
    with shared.person("david.ssk") as david:
        report = david.checks.run(sign=True)
        assert report.mailboxes[0].waiting_for_us.total == 1
        assert david.checks.history().days
    with shared.person("anna.ssk") as anna:
        anna.messaging.forward(first, "bengt.ssk", recipient_informed=True, note="Din patient")
        draft = anna.drafts.save(DraftInput(from_address=KARLSTAD, body="halvfärdigt"))
        anna.drafts.discard(draft.id)
        anna.folders.delete(first)
        anna.folders.restore(first)
    with shared.person("bengt.ssk") as bengt:
        assert any(b.kind == "personal" for b in bengt.folders.mailboxes())
    world.clock.advance(hours=80)
    with shared.person("anna.ssk") as anna:
        anna.resolutions.resolve(first, "phone", "Ringde Vc Herrhagen.")
        anna.folders.delete(first)
        plan = anna.purge.plan(KARLSTAD, folder="trash")
        assert plan is not None
        anna.purge.purge(KARLSTAD, folder="trash")
    with shared.person("david.ssk") as david:
        assert david.folders.show(first).summary.id == first  # Herrhagen's copy stays
        assert david.checks.run().mailboxes[0].waiting_for_us.total == 0
    with shared.person("fia.chef") as fia:
        fia.routine.set("karlstad", monitors="Dagens sjuksköterska")
        request = fia.access.request("end", for_login="bengt.ssk", reason="Slutat")
        page = fia.audit.search(limit=50)
        assert page.rows and all(
            r.actor in {"anna.ssk", "bengt.ssk", "fia.chef", "sara.support"}
            or r.mailbox == KARLSTAD
            for r in page.rows
        )
    with shared.person("sara.support") as sara:
        sara.access.approve(request.id)
        assert sara.audit.verify().intact

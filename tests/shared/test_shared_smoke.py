"""The service layer works as each person's own role on a shared store (issue 8)."""

from __future__ import annotations

import pytest
from shared_support import SharedWorld

from fblmail.service import Outgoing
from support import HERRHAGEN, KARLSTAD, TOLVAN

pytestmark = pytest.mark.parametrize("backend", ["postgres"])


def test_send_read_reply_and_verify_as_own_roles(shared: SharedWorld) -> None:
    with shared.person("anna.ssk") as anna:
        sent = anna.messaging.send(
            Outgoing(
                from_fbl=KARLSTAD,
                to_fbl=HERRHAGEN,
                category="Frågeställning",
                patient=TOLVAN,
                subject="Fråga om läkemedelslista",
                body="Stämmer listan?",
                no_coordination_case=True,
            )
        )
    with shared.person("cecilia.dr") as cecilia:
        shown = cecilia.folders.show(sent.id)
        assert shown.summary.patient.endswith("1212") or shown is not None
        cecilia.messaging.reply(sent.id, "Listan stämmer.")
        hits = cecilia.inbox.search("läkemedelslista")
        assert hits
    with shared.person("sara.support") as sara:
        assert sara.audit.verify().intact

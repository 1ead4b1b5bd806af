"""Issue 11 on a shared store: "{name} skriver ett svar" although drafts are private.

Under row-level security a person reads only their own drafts; the definer function
`fblmail_thread_writers` tells a member of the thread's FBL which colleagues saved a reply
draft on it in the last 30 minutes, by name and nothing else.
"""

from __future__ import annotations

import pytest

from fblmail.service.mailboxes.drafts import DraftInput
from fblmail.service.mailboxes.inbox import ListQuery
from kit.people import HERRHAGEN
from kit.shared import SharedWorld, connect_as

pytestmark = pytest.mark.parametrize("backend", ["postgres"])


def test_a_colleagues_reply_draft_is_seen_by_name_only(shared: SharedWorld) -> None:
    world = shared.world
    question = world.send("anna.ssk")
    thread = world.as_("anna.ssk").folders.show(question).summary.thread_id
    with shared.person("david.ssk") as david:
        david.drafts.save(
            DraftInput(from_address=HERRHAGEN, reply_to_id=question, body="Hemligt utkast")
        )
        assert david.handling.writers(thread) == ()  # not oneself
    with shared.person("cecilia.dr") as cecilia:
        assert all(d.body != "Hemligt utkast" for d in cecilia.drafts.list())  # David's own
        assert cecilia.handling.writers(thread) == ("David Dahl",)
        box = next(b.id for b in cecilia.inbox.mailboxes() if b.address == HERRHAGEN)
        rows = cecilia.inbox.first(ListQuery(box), 9)
        assert [r.summary.writers for r in rows] == [("David Dahl",)]  # the list row too
    # The asking side and a stranger learn nothing.
    for login in ("anna.ssk", "gustav.ssk"):
        with shared.person(login) as other:
            assert other.handling.writers(thread) == ()
    # Names only: one text column, never the draft's text.
    with connect_as(shared.url, "cecilia.dr") as conn:
        cur = conn.execute(
            "SELECT * FROM fblmail_thread_writers(%s, %s)", ([thread, "x"], world.clock())
        )
        assert [d.name for d in cur.description or ()] == ["writer_thread", "writer_name"]
        assert cur.fetchall() == [(thread, "David Dahl")]
    with connect_as(shared.url, "gustav.ssk") as conn:
        found = conn.execute(
            "SELECT * FROM fblmail_thread_writers(%s, %s)", ([thread], world.clock())
        ).fetchall()
        assert found == []
    world.clock.advance(minutes=31)  # a draft left alone is no longer "being written"
    with shared.person("cecilia.dr") as cecilia:
        assert cecilia.handling.writers(thread) == ()

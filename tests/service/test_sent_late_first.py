"""Skickat: our questions past 72 hours come first (R10, issue 11), also under the
"waiting for their answer" filter, on both back ends; "waiting for us" finds none there."""

from __future__ import annotations

from fblmail.service.mailboxes.inbox import ListFilter, ListOrder, ListQuery, Waiting
from kit.people import KARLSTAD, World


def sent_subjects(world: World, flt: ListFilter | None = None) -> list[str]:
    inbox = world.as_("anna.ssk").inbox
    box = next(b.id for b in inbox.mailboxes() if b.address == KARLSTAD)
    query = ListQuery(box, folder="sent", order=ListOrder.URGENT, filter=flt or ListFilter())
    return [r.summary.subject for r in inbox.first(query, 50)]


def test_late_questions_first_in_sent(world: World) -> None:
    world.send("anna.ssk", subject="Gammal obesvarad")
    world.clock.advance(hours=2)
    answered = world.send("anna.ssk", subject="Besvarad")
    world.as_("cecilia.dr").messaging.reply(answered, body="Ja.")
    world.clock.advance(hours=71)  # the first is 73 h old, the second 71 h
    world.send("anna.ssk", subject="Ny")
    assert sent_subjects(world) == ["Gammal obesvarad", "Ny", "Besvarad"]
    them = sent_subjects(world, ListFilter(waiting=Waiting.THEM))
    assert them == ["Gammal obesvarad", "Ny"]
    assert sent_subjects(world, ListFilter(waiting=Waiting.US)) == []
    late = world.as_("anna.ssk").inbox
    box = next(b.id for b in late.mailboxes() if b.address == KARLSTAD)
    first = late.first(ListQuery(box, folder="sent"), 1)[0].summary
    assert (first.waiting_for, first.overdue) == ("them", True)
    from fblmail.tui.widgets.columns import handled

    assert handled(first) == "☎ ring Vc Herrhagen: "  # the list row's subject cell starts so
    # Settled by phone: it leaves the top.
    world.as_("anna.ssk").resolutions.resolve(first.id, "phone", "Ringde Eva")
    assert sent_subjects(world) == ["Ny", "Besvarad", "Gammal obesvarad"]  # newest first

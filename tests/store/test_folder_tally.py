"""`folder_tally` (kept by triggers) always equals what counting the items would give.

The check reads its folder, unread and FYI figures from the tally, so a trigger that misses
a move, a read mark or a purge would make the duty nurse trust a wrong number. Every kind
of change to `mailbox_item` is made through the service, and after each one the tally is
compared with a count over the base tables, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text

from kit.people import HERRHAGEN, KARLSTAD, World

RECOUNT = text(
    "SELECT i.mailbox_id, i.folder, count(*), "
    "sum(CASE WHEN i.read_at IS NULL THEN 1 ELSE 0 END), "
    "sum(CASE WHEN m.category = 'För kännedom' THEN 1 ELSE 0 END), "
    "sum(CASE WHEN m.category = 'För kännedom' AND i.read_at IS NULL THEN 1 ELSE 0 END) "
    "FROM mailbox_item i JOIN message m ON m.seq = i.message_seq "
    "GROUP BY i.mailbox_id, i.folder"
)
TALLY = text(
    "SELECT mailbox_id, folder, items, unread, fyi, fyi_unread FROM folder_tally "
    "WHERE items <> 0 OR unread <> 0 OR fyi <> 0 OR fyi_unread <> 0"
)


def _rows(result: object) -> set[tuple[object, ...]]:
    return {(box, folder, *(int(v) for v in rest)) for box, folder, *rest in result}  # type: ignore[attr-defined]


def tally_matches(world: World) -> set[tuple[object, ...]]:
    """The tally's non-empty rows, after asserting they equal a fresh count."""
    with world.store.read() as session:
        conn = session.connection()
        counted = _rows(conn.execute(RECOUNT))
        kept = _rows(conn.execute(TALLY))
    assert kept == counted
    return kept


def test_the_tally_follows_every_change_to_the_folders(world: World) -> None:
    nurse, doctor = world.as_("anna.ssk"), world.as_("cecilia.dr")
    question = world.send("anna.ssk")
    fyi = world.send("anna.ssk", category="För kännedom", fyi_no_risk=True, subject="Flyttat")
    back = world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD)
    assert len(tally_matches(world)) == 4  # Karlstad sent+inbox, Herrhagen inbox+sent

    steps: list[Callable[[], object]] = [
        lambda: doctor.folders.mark_read(fyi, mailbox=HERRHAGEN),
        lambda: doctor.folders.mark_read(fyi, read=False, mailbox=HERRHAGEN),
        lambda: doctor.folders.mark_read(question, mailbox=HERRHAGEN),
        lambda: doctor.messaging.reply(question, "Ja, den stämmer."),
        lambda: doctor.folders.delete(fyi, mailbox=HERRHAGEN),
        lambda: doctor.folders.restore(fyi, mailbox=HERRHAGEN),
        lambda: doctor.folders.move(fyi, "trash", mailbox=HERRHAGEN),
        lambda: nurse.messaging.forward(back, "bengt.ssk", recipient_informed=True),
        lambda: doctor.purge.purge(HERRHAGEN, folder="trash"),
        lambda: nurse.purge.purge(KARLSTAD, folder="sent"),
    ]
    for step in steps:
        step()
        tally_matches(world)

    world.clock.advance(days=366)
    world.as_("sara.support").purge.expired()
    assert tally_matches(world) == set()

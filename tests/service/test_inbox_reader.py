"""The inbox reader (`fblmail.service.mailboxes.inbox`) on SQLite and PostgreSQL: keyset windows in
urgent-first order, filters, counts, search, access, and keeping `due_at` in step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from fblmail.domain.directory_file import parse_directory
from fblmail.errors import NoAccess
from fblmail.service.mailboxes.inbox import (
    Inbox,
    InboxRow,
    ListFilter,
    ListOrder,
    ListQuery,
    Waiting,
)
from fblmail.store.tables import AccessLog, Account
from kit.people import ARVIKA, DIRECTORY_FILE, HERRHAGEN, KARLSTAD, TOLVAN, World


def inbox_of(world: World, login: str) -> Inbox:
    return world.as_(login).inbox


def box_id(inbox: Inbox, address: str) -> int:
    return next(b.id for b in inbox.mailboxes() if b.address == address)


def subjects(rows: list[InboxRow]) -> list[str]:
    return [r.summary.subject for r in rows]


@pytest.fixture
def herrhagen(world: World) -> World:
    """Five questions to Herrhagen an hour apart (q0 oldest), one answered, one FYI."""
    for n in range(5):
        world.send(subject=f"q{n}")
        world.clock.advance(hours=1)
    world.send(category="För kännedom", fyi_no_risk=True, subject="fyi")
    world.clock.advance(hours=1)
    first = inbox_of(world, "david.ssk").first(
        ListQuery(box_id(inbox_of(world, "david.ssk"), HERRHAGEN), order=ListOrder.OLDEST), 1
    )[0]
    world.as_("cecilia.dr").messaging.reply(first.summary.id, "Svar på q0")
    return world


def test_urgent_first_then_newest(herrhagen: World) -> None:
    inbox = inbox_of(herrhagen, "david.ssk")
    query = ListQuery(box_id(inbox, HERRHAGEN))
    rows = inbox.first(query, 50)
    # Waiting for our answer by due time (oldest question first), then the rest newest first.
    assert subjects(rows) == ["q1", "q2", "q3", "q4", "fyi", "q0"]
    assert [r.summary.waiting_for for r in rows[:4]] == ["us"] * 4
    assert rows[4].summary.deadline == "fyi" and rows[5].summary.deadline == "answered"
    newest = inbox.first(ListQuery(query.mailbox_id, order=ListOrder.NEWEST), 50)
    assert subjects(newest) == ["fyi", "q4", "q3", "q2", "q1", "q0"]
    oldest = inbox.first(ListQuery(query.mailbox_id, order=ListOrder.OLDEST), 50)
    assert subjects(oldest) == subjects(newest)[::-1]


@pytest.mark.parametrize("order", list(ListOrder))
def test_windows_agree_with_the_whole_list(herrhagen: World, order: ListOrder) -> None:
    inbox = inbox_of(herrhagen, "david.ssk")
    query = ListQuery(box_id(inbox, HERRHAGEN), order=order)
    everything = subjects(inbox.first(query, 100))
    assert inbox.count(query) == len(everything) == 6
    # Paging forward two at a time, across the segment boundary, gives the same list.
    paged = inbox.first(query, 2)
    while len(paged) < len(everything):
        paged += inbox.after(query, paged[-1].key, 2)
    assert subjects(paged) == everything
    # So does paging backward from the end (a reverse-order query).
    back = inbox.last(query, 2)
    while len(back) < len(everything):
        back = inbox.before(query, back[0].key, 2) + back
    assert subjects(back) == everything
    rows = inbox.first(query, 100)
    assert [inbox.rank(query, r.key) for r in rows] == list(range(len(rows)))
    assert subjects(inbox.at_offset(query, 3, 2)) == everything[3:5]
    start, around, total, position = inbox.around(query, rows[3].key, 2, 2)
    assert (start, total, position) == (1, 6, 3)
    assert subjects(around) == everything[1:5]


def test_around_a_deleted_row_lands_on_its_neighbours(herrhagen: World) -> None:
    inbox = inbox_of(herrhagen, "david.ssk")
    query = ListQuery(box_id(inbox, HERRHAGEN))
    rows = inbox.first(query, 100)
    herrhagen.as_("david.ssk").folders.delete(rows[2].summary.id)
    _start, around, total, position = inbox.around(query, rows[2].key, 5, 5)
    assert total == 5 and position == 2
    assert subjects(around) == [s for s in subjects(rows) if s != subjects(rows)[2]]


def test_filters(herrhagen: World) -> None:
    inbox = inbox_of(herrhagen, "david.ssk")
    box = box_id(inbox, HERRHAGEN)
    herrhagen.as_("david.ssk").folders.mark_read(inbox.first(ListQuery(box), 1)[0].summary.id)
    unread = ListQuery(box, filter=ListFilter(unread=True))
    assert "q1" not in subjects(inbox.first(unread, 50))
    assert inbox.count(unread) == 5
    us = ListQuery(box, filter=ListFilter(waiting=Waiting.US))
    assert subjects(inbox.first(us, 50)) == ["q1", "q2", "q3", "q4"]
    assert inbox.count(us) == 4
    fyi = ListQuery(box, filter=ListFilter(category="För kännedom"))
    assert subjects(inbox.first(fyi, 50)) == ["fyi"]
    assert inbox.count(fyi, cap=10) == 1
    # Waiting for them: the asking side's sent copies of unanswered questions.
    karlstad = inbox_of(herrhagen, "anna.ssk")
    them = ListQuery(box_id(karlstad, KARLSTAD), "sent", filter=ListFilter(waiting=Waiting.THEM))
    assert sorted(subjects(karlstad.first(them, 50))) == ["q1", "q2", "q3", "q4"]
    assert karlstad.count(them, cap=2) == 2  # a capped count stops early


def test_due_at_follows_the_thread(world: World) -> None:
    """Set on the questioned side's copy when sent; cleared for the thread when answered."""
    message_id = world.send(subject="fråga")
    inbox = inbox_of(world, "david.ssk")
    query = ListQuery(box_id(inbox, HERRHAGEN), filter=ListFilter(waiting=Waiting.US))
    assert subjects(inbox.first(query, 10)) == ["fråga"]
    # A follow-up from the asking side before any answer also waits for us.
    world.clock.advance(hours=1)
    world.as_("anna.ssk").messaging.reply(message_id, "Påminnelse: se frågan")
    assert inbox.count(query) == 2
    world.as_("cecilia.dr").messaging.reply(message_id, "Svar")
    assert inbox.count(query) == 0
    # The answer in Karlstad's inbox does not wait for Karlstad.
    karlstad = inbox_of(world, "anna.ssk")
    theirs = ListQuery(box_id(karlstad, KARLSTAD), filter=ListFilter(waiting=Waiting.US))
    assert karlstad.count(theirs) == 0


def test_overdue_still_waits_and_fyi_never_does(world: World) -> None:
    world.send(subject="gammal")
    world.send(category="För kännedom", fyi_no_risk=True, subject="info")
    world.clock.advance(hours=80)
    inbox = inbox_of(world, "david.ssk")
    rows = inbox.first(ListQuery(box_id(inbox, HERRHAGEN)), 10)
    assert [(r.summary.subject, r.summary.deadline) for r in rows] == [
        ("gammal", "overdue"),
        ("info", "fyi"),
    ]


def test_mailboxes_and_unread_counts(herrhagen: World) -> None:
    inbox = inbox_of(herrhagen, "david.ssk")
    boxes = inbox.mailboxes()
    assert [b.kind for b in boxes] == ["fbl", "personal"]
    assert boxes[0].unread_in("inbox") == 6 and boxes[0].unread_in("trash") == 0
    assert inbox.viewer().full_name == "David Dahl"


def test_only_the_users_own_mailboxes(herrhagen: World) -> None:
    gustav = inbox_of(herrhagen, "gustav.ssk")
    herrhagen_box = box_id(inbox_of(herrhagen, "david.ssk"), HERRHAGEN)
    with pytest.raises(NoAccess):
        gustav.first(ListQuery(herrhagen_box), 10)
    with pytest.raises(NoAccess):
        gustav.count(ListQuery(herrhagen_box))
    assert gustav.search("q1") == []


def test_unknown_and_deactivated_users_are_refused(world: World) -> None:
    with pytest.raises(NoAccess) as err:
        inbox_of(world, "nobody").viewer()
    assert "access request" in err.value.en
    with world.store.write() as session:
        session.execute(
            update(Account).where(col(Account.login) == "erik.ssk").values(active=False)
        )
    with pytest.raises(NoAccess):
        inbox_of(world, "erik.ssk").mailboxes()


def test_search_words_patient_and_newest_first(herrhagen: World) -> None:
    herrhagen.send(subject="Dosering av Waran", body="Ändrad dos efter PK-INR.")
    herrhagen.clock.advance(hours=1)
    herrhagen.send(subject="Waran igen", patient="19121272-1219")
    inbox = inbox_of(herrhagen, "david.ssk")
    assert subjects(inbox.search("waran")) == ["Waran igen", "Dosering av Waran"]
    assert subjects(inbox.search("WARAN dos")) == ["Dosering av Waran"]
    assert subjects(inbox.search("dose*")) == ["Dosering av Waran"]
    assert subjects(inbox.search("19121272-1219")) == ["Waran igen"]
    # q0..q4, fyi, the answer to q0 (in Herrhagen's sent folder) and "Dosering av Waran".
    assert len(inbox.search(TOLVAN)) == 8
    assert len(inbox.search("q", limit=3)) <= 3
    # The asking side sees the same message once (its sent copy).
    assert subjects(inbox_of(herrhagen, "anna.ssk").search("igen")) == ["Waran igen"]


@pytest.mark.parametrize(
    "text", ["[", '"', "AND", "*", "NEAR(", "a OR", '"q1" OR "', "-", "^", "\x1b[31m", ""]
)
def test_search_input_is_never_query_syntax(herrhagen: World, text: str) -> None:
    inbox = inbox_of(herrhagen, "david.ssk")
    assert isinstance(inbox.search(text), list)


def test_change_feed_sees_another_writer(world: World) -> None:
    inbox = inbox_of(world, "david.ssk")
    feed = inbox.changes()
    try:
        assert feed.wait(0.05) is False
        world.send(subject="ny")
        assert feed.wait(3.0) is True
    finally:
        feed.close()


def test_other_mailboxes_do_not_wake_the_feed_on_postgres(world: World, backend: str) -> None:
    if backend != "postgres":
        pytest.skip("SQLite's data_version is per database, not per mailbox")
    feed = inbox_of(world, "gustav.ssk").changes()
    try:
        world.send(subject="till Herrhagen")
        assert feed.wait(0.5) is False
        world.send(to_fbl="Vc Gripen Allmänmedicinska mottagningen (FBL)", subject="till Gripen")
        assert feed.wait(3.0) is True
    finally:
        feed.close()


def test_views_and_searches_are_logged(herrhagen: World) -> None:
    messenger = herrhagen.as_("david.ssk")
    box = box_id(messenger.inbox, HERRHAGEN)
    messenger.inbox.log_view(box, "inbox")
    messenger.inbox.log_search("19121212-1212", 3)
    with herrhagen.store.read() as session:
        rows = session.exec(select(AccessLog).where(AccessLog.actor == "david.ssk")).all()
    logged = {(r.action, r.mailbox, r.detail) for r in rows}
    assert ("list", HERRHAGEN, "folder inbox") in logged
    assert ("search", "*", "19121212-1212 (3)") in logged


def test_a_reply_from_arvika_lists_in_its_own_box(world: World) -> None:
    world.send("erik.ssk", from_fbl=ARVIKA, subject="från Arvika")
    world.clock.advance(minutes=5)
    inbox = inbox_of(world, "erik.ssk")
    rows = inbox.first(ListQuery(box_id(inbox, ARVIKA), "sent"), 10)
    assert subjects(rows) == ["från Arvika"]
    assert rows[0].summary.waiting_for == "them"
    assert rows[0].summary.due_at == world.clock.now - timedelta(minutes=5) + timedelta(hours=72)


def test_one_row_per_thread_pages_by_keyset(herrhagen: World) -> None:
    """`ListFilter(threads=True)`: each thread's newest message in the folder, counted."""
    inbox = inbox_of(herrhagen, "david.ssk")
    box = box_id(inbox, HERRHAGEN)
    everything = inbox.first(ListQuery(box, order=ListOrder.NEWEST), 50)
    q0 = next(r for r in everything if r.summary.subject == "q0")
    herrhagen.as_("anna.ssk").messaging.reply(
        inbox.first(ListQuery(box, folder="sent"), 1)[0].summary.id, "Tack för svaret"
    )
    for order in ListOrder:
        query = ListQuery(box, order=order, filter=ListFilter(threads=True))
        rows = inbox.first(query, 50)
        assert len(rows) == 6 and len({r.summary.thread_id for r in rows}) == 6
        assert "q0" not in subjects(rows)  # the thread shows its newest message
        assert inbox.count(query, 1001) == 6
        # Keyset pages agree with the whole list.
        paged = inbox.first(query, 2)
        while len(paged) < len(rows):
            paged += inbox.after(query, paged[-1].key, 2)
        assert subjects(paged) == subjects(rows)
    sizes = inbox.thread_sizes(ListQuery(box), [q0.summary.thread_id])
    assert sizes == {q0.summary.thread_id: 2}


def test_a_late_rows_recipient_phone_comes_from_the_directory(world: World) -> None:
    """The Skickat row and `show` carry the recipient unit's phone (R10's "ring them"), once
    the directory gives one; the JSON contract keeps its keys."""
    fbl = "fbl = Vc Herrhagen Allmänmedicinska mottagningen (FBL)\n"
    question = world.send(subject="fråga")
    karlstad = inbox_of(world, "anna.ssk")
    sent = ListQuery(box_id(karlstad, KARLSTAD), "sent")
    assert karlstad.first(sent, 5)[0].summary.recipient_phone is None
    text = DIRECTORY_FILE.read_text("utf-8").replace(fbl, f"{fbl}telefon = 054-55 00 00\n")
    world.as_("sara.support").directory.import_directory(parse_directory(text))
    row = karlstad.first(sent, 5)[0].summary
    assert (row.subject, row.recipient_phone) == ("fråga", "054-55 00 00")
    shown = world.as_("anna.ssk").folders.show(question).summary
    assert shown.recipient_phone == "054-55 00 00"
    assert "recipient_phone" not in shown.to_json()

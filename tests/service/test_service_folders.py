"""Folders, read state, unread counts and keyset paging."""

from __future__ import annotations

from functools import partial

from fblmail.domain.personnummer import make_test_patient_ids
from fblmail.errors import InvalidInput
from fblmail.service.views import MailboxView
from kit.people import HERRHAGEN, KARLSTAD, World
from kit.service import logged, refused


def _boxes(world: World, login: str) -> dict[str, MailboxView]:
    return {b.address: b for b in world.as_(login).folders.mailboxes()}


def _folder_ids(world: World, login: str, mailbox: str, folder: str) -> list[str]:
    page = world.as_(login).folders.list_messages(mailbox, folder=folder, log=False)
    return [m.id for m in page.items]


def test_delete_moves_to_trash_and_restore_brings_it_back(world: World) -> None:
    message_id = world.send()
    folders = world.as_("cecilia.dr").folders
    assert folders.delete(message_id).folder == "trash"
    assert _folder_ids(world, "david.ssk", HERRHAGEN, "inbox") == []
    assert _folder_ids(world, "david.ssk", HERRHAGEN, "trash") == [message_id]
    assert folders.restore(message_id).folder == "inbox"
    assert _folder_ids(world, "david.ssk", HERRHAGEN, "inbox") == [message_id]
    assert _folder_ids(world, "david.ssk", HERRHAGEN, "trash") == []


def test_restore_returns_to_the_previous_folder(world: World) -> None:
    message_id = world.send()
    folders = world.as_("anna.ssk").folders
    # anna's copy is in Karlstad's sent folder: deleting and restoring keeps it there.
    assert folders.delete(message_id).folder == "trash"
    assert folders.restore(message_id).folder == "sent"
    # Moved to the inbox first, then deleted: it comes back to the inbox.
    assert folders.move(message_id, "inbox").folder == "inbox"
    folders.delete(message_id)
    assert folders.restore(message_id).folder == "inbox"


def test_delete_is_per_mailbox(world: World) -> None:
    message_id = world.send()
    world.as_("cecilia.dr").folders.delete(message_id)
    assert _folder_ids(world, "anna.ssk", KARLSTAD, "sent") == [message_id]


def test_restore_of_message_not_in_trash_is_refused(world: World) -> None:
    message_id = world.send()
    refused(
        world,
        partial(world.as_("cecilia.dr").folders.restore, message_id),
        InvalidInput,
        action="restore",
    )


def test_move_between_folders(world: World) -> None:
    message_id = world.send()
    folders = world.as_("cecilia.dr").folders
    assert folders.move(message_id, "trash").folder == "trash"
    assert folders.move(message_id, " INBOX ").folder == "inbox"
    for bad in ("drafts", "archive"):
        refused(world, partial(folders.move, message_id, bad), InvalidInput, action="move")
    assert _folder_ids(world, "cecilia.dr", HERRHAGEN, "inbox") == [message_id]


def test_list_unknown_folder_is_refused(world: World) -> None:
    refused(
        world,
        partial(world.as_("cecilia.dr").folders.list_messages, HERRHAGEN, folder="utkorg"),
        InvalidInput,
        field_name="folder",
        action="list",
    )


def test_mark_read_and_unread_and_counts(world: World) -> None:
    first = world.send()
    second = world.send(subject="Fråga om provsvar")
    world.send(to_fbl="vc-gripen")
    boxes = _boxes(world, "cecilia.dr")
    herrhagen = boxes[HERRHAGEN]
    assert herrhagen.unread == 2
    assert dict(herrhagen.counts) == {"inbox": 2, "sent": 0, "drafts": 0, "trash": 0}
    folders = world.as_("cecilia.dr").folders
    assert folders.mark_read(first).read is True
    assert _boxes(world, "david.ssk")[HERRHAGEN].unread == 1  # read state is the FBL's
    assert folders.mark_read(first, read=False).read is False
    assert _boxes(world, "cecilia.dr")[HERRHAGEN].unread == 2
    folders.show(second)
    assert _boxes(world, "cecilia.dr")[HERRHAGEN].unread == 1
    unread = folders.list_messages(HERRHAGEN, unread_only=True, log=False)
    assert [m.id for m in unread.items] == [first]
    folders.delete(first)  # unread counts the inbox only
    boxes = _boxes(world, "cecilia.dr")
    assert boxes[HERRHAGEN].unread == 0
    assert dict(boxes[HERRHAGEN].counts) == {"inbox": 1, "sent": 0, "drafts": 0, "trash": 1}
    # The sender's side: sent copies are read from the start.
    karlstad = _boxes(world, "anna.ssk")[KARLSTAD]
    assert karlstad.unread == 0
    assert dict(karlstad.counts)["sent"] == 3


def test_mailboxes_lists_fbls_and_the_personal_mailbox(world: World) -> None:
    boxes = world.as_("anna.ssk").folders.mailboxes()
    assert [(b.kind, b.address) for b in boxes] == [
        ("fbl", KARLSTAD),
        ("personal", "Anna Andersson <anna.ssk>"),
    ]
    assert boxes[0].organisation == "Karlstad"
    assert not boxes[0].closed


def test_show_marks_read_unless_asked_not_to(world: World) -> None:
    message_id = world.send()
    folders = world.as_("cecilia.dr").folders
    assert folders.show(message_id, mark_read=False).summary.read is False
    assert folders.show(message_id).summary.read is True


def test_list_without_mailbox_covers_all_of_the_users_boxes(world: World) -> None:
    to_herrhagen = world.send()
    own = world.as_("sara.support").admin.add_member("cecilia.dr", "vc-gripen")
    assert "Vc Gripen Allmänmedicinska mottagningen (FBL)" in own.mailboxes
    to_gripen = world.send(to_fbl="vc-gripen")
    page = world.as_("cecilia.dr").folders.list_messages()
    assert [m.id for m in page.items] == [to_gripen, to_herrhagen]


def test_paging_120_messages_newest_first_stable_under_new_arrivals(world: World) -> None:
    patients = [p.display() for p in make_test_patient_ids(6, seed=7)]
    sent: list[str] = []
    for n in range(120):
        if n % 3 == 0:  # some messages share a timestamp: the id breaks the tie
            world.clock.advance(minutes=1)
        sent.append(
            world.send(
                patient=patients[n % len(patients)], subject=f"Fråga nummer {n}", not_acute=True
            )
        )
    folders = world.as_("cecilia.dr").folders
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        with logged(world.store) as watch:
            page = folders.list_messages(HERRHAGEN, limit=50, cursor=cursor)
        assert [(r.action, r.mailbox) for r in watch.rows] == [("list", HERRHAGEN)]
        seen.extend(m.id for m in page.items)
        pages += 1
        # New mail arriving while the user pages must not shift or repeat later pages.
        world.clock.advance(seconds=30)
        world.send(subject=f"Ny under bläddring {pages}")
        if page.next_cursor is None:
            break
        assert len(page.items) == 50
        cursor = page.next_cursor
    assert pages == 3
    assert seen == list(reversed(sent))
    assert len(set(seen)) == 120
    # A fresh first page starts with the messages that arrived meanwhile.
    first = folders.list_messages(HERRHAGEN, limit=5, log=False)
    assert [m.subject for m in first.items[:3]] == [
        "Ny under bläddring 3",
        "Ny under bläddring 2",
        "Ny under bläddring 1",
    ]


def test_damaged_cursor_is_invalid_input(world: World) -> None:
    refused(
        world,
        partial(world.as_("cecilia.dr").folders.list_messages, HERRHAGEN, cursor="inte-en-markör"),
        InvalidInput,
        field_name="cursor",
    )

"""R12 journal-note links with their disclosure record; R13/R14 forwards to a named person."""

from __future__ import annotations

from functools import partial

from sqlmodel import col, select

from fblmail.errors import InvalidInput, NoAccess, Refused
from fblmail.store.tables import Disclosure, JournalNote, Message
from kit.people import HERRHAGEN, KARLSTAD, World
from kit.service import personal_mailbox, refused
from kit.stores import set_active

REFERENCE = "cosmic://journal/4711"
TITLE = "Läkemedelsgenomgång"
NOTE = {"journal_note": REFERENCE, "journal_title": TITLE}


def _disclosures(world: World, message_id: str) -> list[tuple[str | None, str | None, str]]:
    with world.store.read() as session:
        rows = session.exec(
            select(Disclosure)
            .join(JournalNote, col(JournalNote.id) == col(Disclosure.journal_note_id))
            .join(Message, col(Message.seq) == col(JournalNote.message_seq))
            .where(Message.id == message_id)
            .order_by(col(Disclosure.id))
        ).all()
        return [(d.to_mailbox, d.to_login, d.via) for d in rows]


def _health_centre_send(world: World) -> str:
    return world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD, **NOTE)


# -- R12 ------------------------------------------------------------------------------------------


def test_municipality_sender_cannot_attach_journal_note(world: World) -> None:
    refused(
        world,
        partial(world.send, **NOTE),
        Refused,
        rule="R12",
        field_name="journal_note",
        says=("vårdcentral",),
        action="send",
    )


def test_municipality_reply_cannot_attach_journal_note(world: World) -> None:
    message_id = _health_centre_send(world)
    refused(
        world,
        lambda: world.as_("anna.ssk").messaging.reply(
            message_id, "Tack.", journal_note=REFERENCE, journal_title=TITLE
        ),
        Refused,
        rule="R12",
        action="reply",
    )


def test_health_centre_link_stored_with_disclosure_to_fbl(world: World) -> None:
    message_id = _health_centre_send(world)
    assert _disclosures(world, message_id) == [(KARLSTAD, None, "send")]
    detail = world.as_("anna.ssk").folders.show(message_id)
    assert detail.summary.has_journal_note is True
    assert detail.journal_note is not None
    assert detail.journal_note.reference == NOTE["journal_note"]
    assert detail.journal_note.title == NOTE["journal_title"]
    assert detail.journal_note.attached_by == "cecilia.dr"
    assert detail.journal_note.disclosed_to == (KARLSTAD,)
    assert detail.to_json()["journal_note"]["disclosed_to"] == [KARLSTAD]
    with world.store.read() as session:
        note = session.exec(select(JournalNote)).one()
    assert note.attached_at == world.clock()


def test_health_centre_reply_link_disclosed_to_the_other_fbl(world: World) -> None:
    message_id = world.send()
    reply = world.as_("cecilia.dr").messaging.reply(
        message_id, "Se journalen.", journal_note=REFERENCE, journal_title=TITLE
    )
    assert _disclosures(world, reply.id) == [(KARLSTAD, None, "send")]


def test_journal_link_needs_both_reference_and_title(world: World) -> None:
    refused(
        world,
        partial(
            world.send,
            "cecilia.dr",
            from_fbl=HERRHAGEN,
            to_fbl=KARLSTAD,
            journal_note="cosmic://journal/4711",
        ),
        InvalidInput,
        field_name="journal_title",
    )


def test_forwarding_a_linked_message_discloses_to_the_person(world: World) -> None:
    message_id = _health_centre_send(world)
    forward = world.as_("anna.ssk").messaging.forward(
        message_id, "bengt.ssk", recipient_informed=True
    )
    assert _disclosures(world, forward.id) == [(None, "bengt.ssk", "forward")]
    assert _disclosures(world, message_id) == [(KARLSTAD, None, "send")]
    detail = world.as_("bengt.ssk").folders.show(forward.id)
    assert detail.journal_note is not None
    assert detail.journal_note.disclosed_to == ("bengt.ssk",)
    assert detail.journal_note.reference == NOTE["journal_note"]


# -- R13/R14 ----------------------------------------------------------------------------------


def test_forward_arrives_in_personal_mailbox(world: World) -> None:
    message_id = world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD)
    forward = world.as_("anna.ssk").messaging.forward(
        message_id, "bengt.ssk", recipient_informed=True, note="Kan du ta den här?"
    )
    own = personal_mailbox(world, "bengt.ssk")
    assert (forward.mailbox, forward.recipient, forward.kind) == (own, own, "forward")
    assert forward.forwarded is True
    page = world.as_("bengt.ssk").folders.list_messages(own)
    assert [m.id for m in page.items] == [forward.id]
    boxes = {b.address: b for b in world.as_("bengt.ssk").folders.mailboxes()}
    assert boxes[own].unread == 1
    detail = world.as_("bengt.ssk").folders.show(forward.id)
    assert detail.forwarded_from is not None
    assert detail.forwarded_from.message_id == message_id
    assert detail.forwarded_from.sender == HERRHAGEN
    assert detail.forwarded_from.forwarded_by == "anna.ssk"
    assert detail.forwarded_from.note == "Kan du ta den här?"
    assert detail.body == "Stämmer läkemedelslistan efter utskrivningen?"
    assert detail.to_json()["forwarded_from"]["id"] == message_id
    # The forward is not a copy in any FBL: nobody else sees it.
    for login in ("anna.ssk", "fia.chef", "cecilia.dr", "david.ssk"):
        refused(world, partial(world.as_(login).folders.show, forward.id), NoAccess)
    # The original stays where it was.
    assert world.as_("fia.chef").folders.show(message_id).summary.mailbox == KARLSTAD


def test_health_centre_staff_forward_within_their_organisation(world: World) -> None:
    message_id = world.send()
    forward = world.as_("david.ssk").messaging.forward(
        message_id, "cecilia.dr", recipient_informed=True
    )
    assert world.as_("cecilia.dr").folders.show(forward.id).forwarded_from is not None


def test_forward_without_informing_the_recipient_refused(world: World) -> None:
    message_id = world.send()
    refused(
        world,
        lambda: world.as_("david.ssk").messaging.forward(
            message_id, "cecilia.dr", recipient_informed=False
        ),
        Refused,
        rule="R13",
        says=("annan kanal", "--recipient-informed"),
        action="forward",
    )


def test_forward_to_unknown_login_refused(world: World) -> None:
    message_id = world.send()
    refused(
        world,
        lambda: world.as_("david.ssk").messaging.forward(
            message_id, "okand.person", recipient_informed=True
        ),
        Refused,
        rule="R13",
        says=("annan kanal",),
    )


def test_forward_to_deactivated_account_refused(world: World) -> None:
    message_id = world.send()
    set_active(world.store, "cecilia.dr", False)
    refused(
        world,
        lambda: world.as_("david.ssk").messaging.forward(
            message_id, "cecilia.dr", recipient_informed=True
        ),
        Refused,
        rule="R13",
        says=("annan kanal", "aktivt konto"),
    )


def test_forward_to_another_organisation_refused(world: World) -> None:
    message_id = world.send()
    # anna.ssk has an account, but in Karlstad kommun, not at Vc Herrhagen.
    refused(
        world,
        lambda: world.as_("david.ssk").messaging.forward(
            message_id, "anna.ssk", recipient_informed=True
        ),
        Refused,
        rule="R13",
        says=("annan kanal", "annan organisation"),
    )


def test_forward_of_message_not_yours_is_no_access(world: World) -> None:
    message_id = world.send()
    refused(
        world,
        lambda: world.as_("gustav.ssk").messaging.forward(
            message_id, "gustav.ssk", recipient_informed=True
        ),
        NoAccess,
        action="forward",
    )


def test_a_forward_cannot_be_forwarded_again(world: World) -> None:
    message_id = world.send()
    forward = world.as_("david.ssk").messaging.forward(
        message_id, "cecilia.dr", recipient_informed=True
    )
    refused(
        world,
        lambda: world.as_("cecilia.dr").messaging.forward(
            forward.id, "david.ssk", recipient_informed=True
        ),
        Refused,
        rule="R13",
    )


def test_forward_recipient_cannot_reply_from_personal_mailbox(world: World) -> None:
    # bengt.ssk gets a forward from Herrhagen's FBL although he is not a member there.
    message_id = world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD)
    world.as_("sara.support").admin.remove_member("bengt.ssk", KARLSTAD)
    forward = world.as_("anna.ssk").messaging.forward(
        message_id, "bengt.ssk", recipient_informed=True
    )
    refused(
        world,
        lambda: world.as_("bengt.ssk").messaging.reply(forward.id, "Svar."),
        Refused,
        rule="R1",
        action="reply",
    )

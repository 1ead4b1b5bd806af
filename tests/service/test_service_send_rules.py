"""The routine's rules on a new message (R1, R2, R3, R6, R7/R8, R9), on SQLite and PostgreSQL.

Every refusal is checked through `refused()`: the right error, rule and field, a message that
says what to do, nothing stored changed, and exactly one access-log row for the attempt.
"""

from __future__ import annotations

from functools import partial

from sqlmodel import select

from fblmail.domain.categories import Category
from fblmail.domain.personnummer import make_test_patient_ids
from fblmail.errors import NoAccess, Refused
from fblmail.store.tables import Message, Thread
from kit.people import ARVIKA, GRIPEN, HERRHAGEN, KARLSTAD, TOLVAN, World
from kit.service import personal_mailbox, refused
from kit.stores import close_mailbox

# -- R1: FBL to FBL, the sender a member of the sending FBL ------------------------------------


def test_fbl_to_fbl_lands_in_inbox_and_sent(world: World) -> None:
    message_id = world.send()
    inbox = world.as_("david.ssk").folders.list_messages(HERRHAGEN)
    sent = world.as_("bengt.ssk").folders.list_messages(KARLSTAD, folder="sent")
    assert [m.id for m in inbox.items] == [message_id]
    assert [m.id for m in sent.items] == [message_id]
    row = inbox.items[0]
    assert (row.sender, row.recipient, row.read) == (KARLSTAD, HERRHAGEN, False)
    assert sent.items[0].read is True  # the sender's own copy needs no reading


def test_sender_must_be_member_of_sending_fbl(world: World) -> None:
    # erik.ssk works in Arvika, not Karlstad.
    _exc, row = refused(
        world, lambda: world.send("erik.ssk"), NoAccess, field_name="from", action="send"
    )
    assert row.actor == "erik.ssk"
    assert row.mailbox == KARLSTAD


def test_support_without_membership_cannot_send(world: World) -> None:
    refused(world, lambda: world.send("sara.support"), NoAccess, field_name="from")


def test_personal_mailbox_cannot_send(world: World) -> None:
    own = personal_mailbox(world, "anna.ssk")
    refused(
        world,
        lambda: world.send(from_fbl=own),
        Refused,
        rule="R1",
        field_name="from",
        says=("funktionsbrevlåda",),
    )


def test_personal_mailbox_cannot_receive_a_send(world: World) -> None:
    theirs = personal_mailbox(world, "cecilia.dr")
    refused(
        world,
        lambda: world.send(to_fbl=theirs),
        Refused,
        rule="R1",
        field_name="to",
        says=("vidarebefordr",),
    )


def test_same_fbl_to_itself_is_refused(world: World) -> None:
    refused(world, lambda: world.send(to_fbl=KARLSTAD), Refused, rule="R1", field_name="to")


def test_municipality_to_municipality_is_fbl_to_fbl(world: World) -> None:
    # R1 only asks for FBL to FBL; two municipalities may write to each other.
    message_id = world.send(to_fbl=ARVIKA)
    assert [m.id for m in world.as_("erik.ssk").folders.list_messages(ARVIKA).items] == [message_id]


def test_unknown_recipient_names_the_field(world: World) -> None:
    refused(world, lambda: world.send(to_fbl="Vc Ingenstans (FBL)"), NoAccess, field_name="to")


def test_fbl_found_by_unit_code(world: World) -> None:
    message_id = world.send(to_fbl="vc-herrhagen")
    assert world.as_("cecilia.dr").folders.show(message_id).summary.recipient == HERRHAGEN


def test_fbl_found_by_unit_name_in_any_case_on_both_back_ends(world: World) -> None:
    # SQLite's lower() folds ASCII only; "Årjäng" must be found the same way on both.
    arjang = "Årjäng kommun Hälso- och sjukvård (FBL)"
    for typed in ("Årjäng", "årjäng", "ÅRJÄNG", "årjäng kommun hälso- och sjukvård (fbl)"):
        message_id = world.send(to_fbl=typed)
        assert world.as_("anna.ssk").folders.show(message_id).summary.recipient == arjang


def test_closed_fbl_cannot_receive(world: World) -> None:
    close_mailbox(world, HERRHAGEN)
    refused(world, world.send, Refused, rule="R15", field_name="to", says=("stängd",))


def test_closed_fbl_cannot_send(world: World) -> None:
    close_mailbox(world, KARLSTAD)
    refused(world, world.send, Refused, rule="R15", field_name="from", says=("stängd",))


def test_closed_fbl_cannot_send_replies_nor_receive_them(world: World) -> None:
    message_id = world.send()
    close_mailbox(world, KARLSTAD)
    refused(
        world,
        lambda: world.as_("cecilia.dr").messaging.reply(message_id, "Svar."),
        Refused,
        rule="R15",
        field_name="to",
        action="reply",
    )


# -- R2: one patient, a valid personnummer or samordningsnummer -----------------------------

_TEST_PATIENT = make_test_patient_ids(1, seed=2)[0].digits


PATIENT_FORMS = (
    (TOLVAN, "191212121212"),
    ("191212121212", "191212121212"),
    ("121212+1212", "191212121212"),
    (" 19121212-1212 ", "191212121212"),
    ("19121272-1219", "191212721219"),  # Tolvan's samordningsnummer twin
    ("191212721219", "191212721219"),
    ("121272+1219", "191212721219"),
    (f"{_TEST_PATIENT[:8]}-{_TEST_PATIENT[8:]}", _TEST_PATIENT),
    (_TEST_PATIENT, _TEST_PATIENT),
    (f"{_TEST_PATIENT[2:8]}-{_TEST_PATIENT[8:]}", _TEST_PATIENT),
    (_TEST_PATIENT[2:], _TEST_PATIENT),
)


def test_patient_forms_are_stored_as_twelve_digits(world: World) -> None:
    # One world for all forms: each world costs a directory import.
    reader = world.as_("cecilia.dr").folders
    for typed, stored in PATIENT_FORMS:
        message_id = world.send(patient=typed)
        with world.store.read() as session:
            message = session.exec(select(Message).where(Message.id == message_id)).one()
            thread = session.get(Thread, message.thread_id)
        assert message.patient == stored, typed
        assert thread is not None and thread.patient == stored, typed
        assert reader.show(message_id).summary.patient == f"{stored[:8]}-{stored[8:]}"


INVALID_PATIENTS = (
    ("19121212-1213", "Kontrollsiffran"),
    ("19121332-1212", "Datumet"),  # 32 December
    ("19121292-1219", "Datumet"),  # samordningsnummer day 32
    ("20991212-1212", "framtiden"),
    ("19121212+1212", "Plustecken"),
    ("1912-12-12-1212", "ÅÅÅÅMMDD-NNNN"),
    ("", "Inget personnummer"),
    ("Tolvan", "ÅÅÅÅMMDD-NNNN"),
    ("19121212\u20131212", "bindestreck"),  # an en dash from a word processor
)


def test_invalid_patient_is_refused_with_reason(world: World) -> None:
    for typed, reason in INVALID_PATIENTS:
        _exc, row = refused(
            world,
            partial(world.send, patient=typed),
            Refused,
            rule="R2",
            field_name="patient",
            says=(reason,),
            action="send",
        )
        assert row.patient is None  # an invalid number is never logged as a patient


def test_two_numbers_are_not_one_patient(world: World) -> None:
    refused(
        world,
        lambda: world.send(patient="19121212-1212, 19121272-1219"),
        Refused,
        rule="R2",
    )


# -- R3: ongoing coordination cases go to Cosmic Link --------------------------------------


def test_without_coordination_confirmation_refused(world: World) -> None:
    refused(
        world,
        lambda: world.send(no_coordination_case=False),
        Refused,
        rule="R3",
        says=("Cosmic Link",),
    )


def test_patient_in_coordination_register_refused(world: World) -> None:
    assert world.as_("sara.support").admin.import_coordination_register(["121212+1212"]) == 1
    _exc, row = refused(
        world, world.send, Refused, rule="R3", field_name="patient", says=("Cosmic Link",)
    )
    assert row.patient == "191212121212"
    # Another patient still goes through, and so does Tolvan once the register drops him.
    world.send(patient="19121272-1219")
    world.as_("sara.support").admin.import_coordination_register([])
    world.send()


def test_only_support_loads_the_coordination_register(world: World) -> None:
    refused(
        world,
        lambda: world.as_("anna.ssk").admin.import_coordination_register([TOLVAN]),
        NoAccess,
    )


# -- R6: a clear question or purpose ------------------------------------------------------


def test_blank_subject_or_body_refused(world: World) -> None:
    for field_name in ("subject", "body"):
        for blank in ("", "   ", "\n\t "):
            refused(
                world,
                partial(world.send, **{field_name: blank}),
                Refused,
                rule="R6",
                field_name=field_name,
                action="send",
            )


# -- R7/R8: the eleven categories, and FYI only with the no-risk confirmation ---------------


def test_all_eleven_categories_accepted(world: World) -> None:
    assert len(Category) == 11
    reader = world.as_("cecilia.dr").folders
    for category in Category:
        message_id = world.send(category=str(category), fyi_no_risk=category is Category.FYI)
        assert reader.show(message_id).summary.category == str(category)


def test_category_case_and_spaces_ignored(world: World) -> None:
    reader = world.as_("cecilia.dr").folders
    for typed in ("recept", "RECEPT", "  Recept ", "läkemedel", "FRÅGESTÄLLNING"):
        message_id = world.send(category=typed)
        assert reader.show(message_id).summary.category == typed.strip().capitalize()


def test_unknown_category_refused_with_the_list(world: World) -> None:
    for typed in ("Recepts", "Fråga", "Akut", "", "Frågeställning!", "Övrigt", "Recept, Läkemedel"):
        refused(
            world,
            partial(world.send, category=typed, not_acute=True),
            Refused,
            rule="R8",
            field_name="category",
            says=("Recept", "Utredande åtgärder"),
        )


def test_fyi_needs_no_risk_confirmation(world: World) -> None:
    refused(
        world,
        lambda: world.send(category="För kännedom"),
        Refused,
        rule="R7",
        field_name="category",
        says=("--fyi-no-risk",),
    )


def test_fyi_has_no_answer_deadline(world: World) -> None:
    message_id = world.send(category="för kännedom", fyi_no_risk=True)
    world.clock.advance(hours=200)
    summary = world.as_("cecilia.dr").folders.show(message_id).summary
    assert summary.category == "För kännedom"
    assert summary.due_at is None
    assert summary.overdue is False
    assert summary.deadline == "fyi"


# -- R9: nothing acute ------------------------------------------------------------------------


ACUTE_TEXTS = (
    {"body": "Patienten behöver akut hjälp."},
    {"subject": "Brådskande: läkemedel"},
    {"body": "Kan ni svara ASAP?"},
)


def test_acute_text_refused_and_told_to_phone(world: World) -> None:
    for overrides in ACUTE_TEXTS:
        refused(
            world,
            partial(world.send, **overrides),
            Refused,
            rule="R9",
            says=("ring", "phone", "--not-acute"),
        )


def test_acute_word_accepted_when_confirmed_not_acute(world: World) -> None:
    message_id = world.send(body="Inte akut: uppföljning efter akutbesöket.", not_acute=True)
    assert world.as_("cecilia.dr").folders.show(message_id).body.startswith("Inte akut")


def test_acute_reply_refused_too(world: World) -> None:
    message_id = world.send()
    refused(
        world,
        lambda: world.as_("cecilia.dr").messaging.reply(message_id, "Det här är akut!"),
        Refused,
        rule="R9",
        action="reply",
    )


def test_health_centre_can_start_a_thread(world: World) -> None:
    message_id = world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD)
    assert [m.id for m in world.as_("fia.chef").folders.list_messages(KARLSTAD).items] == [
        message_id
    ]
    # Gripen is not part of it.
    assert world.as_("gustav.ssk").folders.list_messages(GRIPEN).items == ()

"""Time-ordered ids (UUID v7, RFC 9562) for messages and threads (issue 10, the purge)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from fblmail.domain import ids, rules
from fblmail.domain.ids import id_time, ordered_id, unix_ms, uuid7_text

AT = datetime(2026, 12, 2, 15, 30, 0, 123000, tzinfo=UTC)


def test_a_ordered_id_is_a_version_7_uuid_of_the_rfc_variant() -> None:
    for _ in range(200):
        value = uuid.UUID(ordered_id())
        assert value.version == 7
        assert value.variant == uuid.RFC_4122


def test_the_text_is_canonical() -> None:
    text = ordered_id(AT)
    assert text == str(uuid.UUID(text))
    assert len(text) == 36 and text == text.lower()


def test_the_id_carries_its_millisecond() -> None:
    assert id_time(ordered_id(AT)) == AT
    assert id_time(str(uuid.uuid4())) is None


def test_every_millisecond_is_its_own() -> None:
    """Integer arithmetic: a float timestamp rounds some milliseconds down."""
    for n in range(1000):
        moment = AT + timedelta(milliseconds=n)
        assert id_time(ordered_id(moment)) == moment
        assert id_time(ordered_id(moment.replace(tzinfo=None))) == moment  # naive is UTC


def test_ids_sort_by_time_across_milliseconds() -> None:
    moments = [AT + timedelta(milliseconds=n * 7) for n in range(300)]
    moments += [AT + timedelta(days=n) for n in range(1, 400, 37)]
    made = [ordered_id(m) for m in moments]
    assert sorted(made) == made  # as text, as the stores' indexes compare them
    assert sorted(made, key=lambda t: uuid.UUID(t).int) == made


def test_the_random_bits_fill_only_their_fields() -> None:
    ms = unix_ms(AT)
    lowest, highest = uuid.UUID(uuid7_text(ms, 0)), uuid.UUID(uuid7_text(ms, (1 << 74) - 1))
    for value in (lowest, highest):
        assert value.version == 7 and value.variant == uuid.RFC_4122
        assert value.int >> 80 == ms
    assert uuid7_text(ms + 1, 0) > str(highest)  # the next millisecond sorts after all of it


def test_a_client_chosen_v7_id_is_accepted_as_it_is() -> None:
    """`--id` (idempotent send and reply) validates by `rules.message_uuid`."""
    text = ordered_id(AT)
    assert rules.message_uuid(text) == text
    assert rules.message_uuid(text.upper()) == text
    assert rules.message_uuid(uuid.UUID(text).hex) == text


def test_the_program_makes_random_ids_for_now() -> None:
    made = {ids.new_id() for _ in range(100)}
    assert len(made) == 100
    assert {uuid.UUID(value).version for value in made} == {4}

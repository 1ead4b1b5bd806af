"""New thread and message ids (`new_id`, the one function that makes them), and
time-ordered ids (`ordered_id`, UUID version 7, RFC 9562, which Python 3.11 does not make).

The program makes random ids (version 4). Time-ordered ids halve the purge's CPU per message
(bench/README.md) but are not used yet: the short ids people type (the first 8 hex digits)
would then be the timestamp, and many messages would share one. Switching needs short ids
taken from the random part first; then only `new_id` changes.

A v7 id starts with the 48-bit Unix time in milliseconds, so ids made later sort after ids
made earlier (as text too: the hex digits are lowercase and the length is fixed). Index
pages keyed by such ids fill at the end instead of anywhere, which is what a purge deleting
the oldest messages wants. Within one millisecond the order is random (the RFC allows it).

Layout: unix_ts_ms (48 bits) | version 7 (4) | rand_a (12) | variant 0b10 (2) | rand_b (62).
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime, timedelta

__all__ = ["id_time", "new_id", "ordered_id", "unix_ms", "uuid7_text"]

_MS_MASK = (1 << 48) - 1
_RAND_A = (1 << 12) - 1
_RAND_B = (1 << 62) - 1
_VERSION_7 = 0x7 << 76
_VARIANT_RFC = 0b10 << 62
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


def uuid7_text(ms: int, rand: int) -> str:
    """The text of the v7 UUID for Unix time `ms` (milliseconds) and 74 random bits `rand`.

    Separate from `ordered_id` so the bench generator can give ids the times of its messages
    and its own seeded random bits.
    """
    value = (
        (ms & _MS_MASK) << 80
        | _VERSION_7
        | ((rand >> 62) & _RAND_A) << 64
        | _VARIANT_RFC
        | (rand & _RAND_B)
    )
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def unix_ms(moment: datetime) -> int:
    """Milliseconds since the Unix epoch, in integers (a float timestamp can round down a
    millisecond); a naive time is taken as UTC, as the stores keep it."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return (aware - _EPOCH) // _MS


def new_id() -> str:
    """A new thread or message id (random, version 4), as the text the store keeps."""
    return str(uuid.uuid4())


def ordered_id(at: datetime | None = None) -> str:
    """A new time-ordered id (UUID v7) for a message or thread made at `at` (default now)."""
    return uuid7_text(unix_ms(at if at is not None else datetime.now(UTC)), secrets.randbits(74))


def id_time(value: str) -> datetime | None:
    """The moment in a v7 id (to the millisecond); None for any other UUID."""
    parsed = uuid.UUID(value)
    if parsed.version != 7:
        return None
    return datetime.fromtimestamp((parsed.int >> 80) / 1000, UTC)

"""The reproducible sample of the access log for the recurring follow-up (HSLF-FS 2016:40 4:9).

A sample mixes *flagged* rows with plain random ones. A row is flagged when:

- ``outside-fbl``: it concerns patient data (a message, thread, patient or a mailbox list) in
  a mailbox that was not the user's at that moment. Memberships are approximated by their
  current ``added_at``/``ended_at`` (a re-opened membership forgets its earlier spell).
- ``after-end``: it was written after the user's account was ended.
- ``night``: local time 22:00–06:00.
- ``volume``: the user wrote unusually many rows that (local) day: more than the mean plus
  three standard deviations of all users' daily counts in the period (and at least
  `VOLUME_MIN`), or more than `VOLUME_MAX` whatever the others did.

Reproducible without storing any state: each row's place in the draw is
``sha256(f"{seed}:{row id}")``; up to half the sample (rounded up) is the flagged rows with
the smallest keys, the rest the unflagged rows with the smallest keys (and if one group runs
short the other fills in). The same seed over the same rows gives the same sample. The log
is read twice in keyset batches (first the daily counts, then the draw), never whole, and
only up to the row that was newest when the sample started.
"""

from __future__ import annotations

import hashlib
import heapq
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, func, select

from fblmail.clock import to_local
from fblmail.service.permissions import LogScope
from fblmail.store.tables import AccessLog, Account, Mailbox, Membership

FLAG_OUTSIDE = "outside-fbl"
FLAG_AFTER_END = "after-end"
FLAG_NIGHT = "night"
FLAG_VOLUME = "volume"
FLAGS = (FLAG_OUTSIDE, FLAG_AFTER_END, FLAG_NIGHT, FLAG_VOLUME)

NIGHT_FROM_HOUR = 22
NIGHT_UNTIL_HOUR = 6
VOLUME_SD = 3.0
VOLUME_MIN = 20
VOLUME_MAX = 300
BATCH = 2_000

# The columns the draw needs (not whole rows: the detail text can be long).
_COLUMNS = (
    AccessLog.id,
    AccessLog.at,
    AccessLog.actor,
    AccessLog.action,
    AccessLog.mailbox,
    AccessLog.message_id,
    AccessLog.thread_id,
    AccessLog.patient,
)


@dataclass(frozen=True)
class Period:
    """Half-open `[start, end)` in UTC; None means unbounded."""

    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True)
class Drawn:
    """One sampled row id, why it was drawn, and its flags."""

    row_id: int
    flags: tuple[str, ...]

    @property
    def reason(self) -> str:
        """``flagged`` or ``random``."""
        return "flagged" if self.flags else "random"


@dataclass(frozen=True)
class Draw:
    """The result of a draw: the chosen row ids in log order, and what was looked at."""

    rows: tuple[Drawn, ...]
    examined: int
    flagged: int
    volume_limit: float
    last_row_id: int


def draw_key(seed: int, row_id: int) -> int:
    """The row's place in the draw for this seed (smaller first)."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{row_id}".encode()).digest()[:8], "big")


def scope_filter(scope: LogScope) -> ColumnElement[bool] | None:
    """SQL for a unit's part of the log (None: everything)."""
    if scope.everything:
        return None
    return or_(
        col(AccessLog.mailbox).in_(sorted(scope.mailboxes)),
        col(AccessLog.actor).in_(sorted(scope.logins)),
    )


def _batches(
    session: Session, scope: LogScope, period: Period, last_id: int
) -> Iterator[Sequence[Any]]:
    after = 0
    where: list[Any] = [col(AccessLog.id) <= last_id]
    if period.start is not None:
        where.append(col(AccessLog.at) >= period.start)
    if period.end is not None:
        where.append(col(AccessLog.at) < period.end)
    scoped = scope_filter(scope)
    if scoped is not None:
        where.append(scoped)
    while True:
        rows = session.exec(
            select(*_COLUMNS)  # type: ignore[call-overload]
            .where(col(AccessLog.id) > after, *where)
            .order_by(col(AccessLog.id))
            .limit(BATCH)
        ).all()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


@dataclass(frozen=True)
class _Spell:
    mailbox: str
    start: datetime
    end: datetime | None


class _Accounts:
    """What the flags need to know about every account, loaded once."""

    def __init__(self, session: Session) -> None:
        self.ended: dict[str, datetime] = {}
        self.spells: dict[str, list[_Spell]] = {}
        accounts = session.exec(select(Account.id, Account.login, Account.ended_at)).all()
        logins = {account_id: login for account_id, login, _ in accounts}
        for _, login, ended in accounts:
            if ended is not None:
                self.ended[login] = ended
        for account_id, address, added, ended in session.exec(
            select(
                Membership.account_id, Mailbox.address, Membership.added_at, Membership.ended_at
            ).join(Mailbox, col(Mailbox.id) == col(Membership.mailbox_id))
        ).all():
            self.spells.setdefault(logins[account_id], []).append(_Spell(address, added, ended))
        for owner, address, created in session.exec(
            select(Mailbox.owner_account_id, Mailbox.address, Mailbox.created_at).where(
                Mailbox.kind == "personal"
            )
        ).all():
            if owner in logins:
                self.spells.setdefault(logins[owner], []).append(_Spell(address, created, None))

    def held(self, login: str, mailbox: str, at: datetime) -> bool:
        """Was `mailbox` the user's at `at`?"""
        return any(
            s.mailbox == mailbox and s.start <= at and (s.end is None or at <= s.end)
            for s in self.spells.get(login, ())
        )


def _day(at: datetime) -> date:
    return to_local(at).date()


def _volume_days(
    session: Session, scope: LogScope, period: Period, last_id: int
) -> tuple[set[tuple[str, date]], float, int]:
    counts: Counter[tuple[str, date]] = Counter()
    examined = 0
    for batch in _batches(session, scope, period, last_id):
        for row in batch:
            counts[(row[2], _day(row[1]))] += 1
        examined += len(batch)
    if not counts:
        return set(), float(VOLUME_MAX), 0
    values = list(counts.values())
    limit = statistics.fmean(values) + VOLUME_SD * statistics.pstdev(values)
    busy = {key for key, n in counts.items() if n > VOLUME_MAX or (n >= VOLUME_MIN and n > limit)}
    return busy, limit, examined


def row_flags(
    row: Sequence[Any], accounts: _Accounts, busy: set[tuple[str, date]]
) -> tuple[str, ...]:
    """The flags of one row (columns as in `_COLUMNS`)."""
    _, at, actor, action, mailbox, message_id, thread_id, patient = row
    flags: list[str] = []
    patient_data = bool(message_id or thread_id or patient) or action == "list"
    if patient_data and mailbox and mailbox != "*" and not accounts.held(actor, mailbox, at):
        flags.append(FLAG_OUTSIDE)
    ended = accounts.ended.get(actor)
    if ended is not None and at > ended:
        flags.append(FLAG_AFTER_END)
    hour = to_local(at).hour
    if hour >= NIGHT_FROM_HOUR or hour < NIGHT_UNTIL_HOUR:
        flags.append(FLAG_NIGHT)
    if (actor, _day(at)) in busy:
        flags.append(FLAG_VOLUME)
    return tuple(flags)


def newest_row_id(session: Session) -> int:
    """The id of the newest log row now; the draw never looks past it."""
    newest = session.exec(select(func.max(AccessLog.id))).one()
    return int(newest or 0)


def draw_sample(
    session: Session, scope: LogScope, period: Period, *, n: int, seed: int, last_id: int
) -> Draw:
    """Draw `n` rows (see the module docstring); reads the log twice in batches."""
    busy, limit, examined = _volume_days(session, scope, period, last_id)
    accounts = _Accounts(session)
    flagged: list[tuple[int, int, tuple[str, ...]]] = []
    plain: list[tuple[int, int, tuple[str, ...]]] = []
    flagged_total = 0
    for batch in _batches(session, scope, period, last_id):
        for row in batch:
            flags = row_flags(row, accounts, busy)
            flagged_total += bool(flags)
            # Keep the n smallest keys of each group in a max-heap (negated keys).
            entry = (-draw_key(seed, row[0]), row[0], flags)
            heap = flagged if flags else plain
            if len(heap) < n:
                heapq.heappush(heap, entry)
            elif entry > heap[0]:
                heapq.heapreplace(heap, entry)
    # Keys are negated in the heaps, so descending order is smallest key first.
    flagged_sorted, plain_sorted = sorted(flagged, reverse=True), sorted(plain, reverse=True)
    take_flagged = min(len(flagged_sorted), (n + 1) // 2)
    take_plain = min(len(plain_sorted), n - take_flagged)
    take_flagged = min(len(flagged_sorted), n - take_plain)
    chosen = flagged_sorted[:take_flagged] + plain_sorted[:take_plain]
    rows = tuple(sorted((Drawn(row_id, flags) for _, row_id, flags in chosen), key=_row_id))
    return Draw(rows, examined, flagged_total, limit, last_id)


def _row_id(drawn: Drawn) -> int:
    return drawn.row_id

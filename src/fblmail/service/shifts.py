"""Which FBLs a user checks, the signed checks (R4), and the check-history grid.

Who may check an FBL: its active members; a unit manager may also check every FBL of the
unit. History shows no patient data, so the support unit may see any FBL's history too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from fblmail.clock import local_zone, to_local
from fblmail.domain.shifts import CheckTimes, Shift, SlotState, shift_bounds, slot_state
from fblmail.errors import AuditTarget, InvalidInput, NoAccess, Refused
from fblmail.service.context import Actor
from fblmail.service.lookup import find_mailbox
from fblmail.service.routine import check_times, load_routine
from fblmail.store.tables import CheckSignature, Mailbox

HISTORY_MAX_DAYS = 366


def may_check(actor: Actor, box: Mailbox) -> bool:
    """Members check their FBL; the unit's manager may check all the unit's FBLs."""
    if box.id in actor.fbl_ids:
        return True
    return actor.role == "manager" and box.organisation_id == actor.organisation_id


def checked_boxes(
    session: Session, actor: Actor, names: Sequence[str], *, history: bool = False
) -> list[Mailbox]:
    """The FBLs named, or by default the open FBLs the user belongs to.

    For the history a manager's default is every FBL of the unit, and support may name any.
    """
    if names:
        boxes: list[Mailbox] = []
        for name in names:
            box = find_mailbox(session, name)
            if box.kind != "fbl":
                raise InvalidInput(
                    f"{box.address} är en personlig brevlåda; kontrollen gäller "
                    "funktionsbrevlådor (FBL).",
                    f"{box.address} is a personal mailbox; the check is for functional "
                    "mailboxes (FBL).",
                    field="mailbox",
                )
            if not (may_check(actor, box) or (history and actor.is_support)):
                raise NoAccess(
                    f"Du har ingen behörighet att kontrollera {box.address}. Bara enhetens "
                    "medlemmar (och enhetschefen) kontrollerar den.",
                    f"You may not check {box.address}. Only the unit's members (and its "
                    "manager) check it.",
                    field="mailbox",
                    target=AuditTarget(mailbox=box.address),
                )
            if box.id not in {b.id for b in boxes}:
                boxes.append(box)
        return boxes
    query = select(Mailbox).where(Mailbox.kind == "fbl", col(Mailbox.closed_at).is_(None))
    if history and actor.is_support:
        pass
    elif history and actor.role == "manager":
        query = query.where(
            col(Mailbox.id).in_(actor.fbl_ids)
            | (col(Mailbox.organisation_id) == actor.organisation_id)
        )
    else:
        query = query.where(col(Mailbox.id).in_(actor.fbl_ids))
    boxes = list(session.exec(query.order_by(Mailbox.address)).all())
    if not boxes:
        raise InvalidInput(
            "Du bevakar ingen öppen funktionsbrevlåda. Ange en med --mailbox, eller be din chef "
            "ansöka om behörighet.",
            "You monitor no open functional mailbox. Name one with --mailbox, or ask your "
            "manager to request access.",
            field="mailbox",
        )
    return boxes


def first_signature(
    session: Session, box_id: int, day: date, shift: Shift
) -> CheckSignature | None:
    """The first signed check of one FBL for one day and shift."""
    return session.exec(
        select(CheckSignature)
        .where(
            CheckSignature.mailbox_id == box_id,
            CheckSignature.day == day,
            CheckSignature.shift == str(shift),
        )
        .order_by(col(CheckSignature.signed_at), col(CheckSignature.id))
        .limit(1)
    ).first()


def window_open(times: CheckTimes, day: date, shift: Shift, now: datetime) -> bool:
    """Whether `now` lies inside the shift's check window (start and end included)."""
    start, end = shift_bounds(day, shift, times, local_zone())
    return start <= now <= end


def refuse_early_signature(
    box: Mailbox, times: CheckTimes, day: date, shift: Shift, now: datetime
) -> None:
    """A shift is signed from its window's start on (R4); a later signature counts as late.

    Signing the afternoon at 07:00 would record a check nobody could have done yet, so it is
    refused with the window's times; after the window has closed the signature is recorded
    and the history shows it as late ("sent"), because a late check is better than none.
    """
    start, _end = shift_bounds(day, shift, times, local_zone())
    if now >= start:
        return
    window = times.window_text(shift)
    sv_shift, en_shift = shift.label("sv"), shift.label("en")
    raise Refused(
        f"{sv_shift.capitalize()}skontrollen {day.isoformat()} kan signeras först när dess "
        f"fönster öppnar ({window}). Gör kontrollen för det pass som pågår i stället.",
        f"The {en_shift} check of {day.isoformat()} can be signed only once its window opens "
        f"({window}). Do the check of the current shift instead.",
        field="shift",
        rule="R4",
        target=AuditTarget(mailbox=box.address),
    )


@dataclass(frozen=True)
class SlotView:
    """One day × shift cell of the history."""

    day: date
    shift: str
    state: str  # SlotState value
    signed_by: str | None
    signed_at: datetime | None
    late: bool
    signatures: int

    def to_json(self) -> dict[str, Any]:
        """Keys: day, shift, state, signed_by, signed_at, late, signatures."""
        return {
            "day": self.day.isoformat(),
            "shift": self.shift,
            "state": self.state,
            "signed_by": self.signed_by,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "late": self.late,
            "signatures": self.signatures,
        }


@dataclass(frozen=True)
class MailboxHistory:
    """The history grid of one FBL, oldest day first."""

    mailbox: str
    morning: str
    afternoon: str
    slots: tuple[SlotView, ...]

    @property
    def missed(self) -> int:
        """How many closed windows nobody signed."""
        return sum(1 for s in self.slots if s.state == SlotState.MISSED)

    def to_json(self) -> dict[str, Any]:
        """Keys: mailbox, morning, afternoon (windows), missed, slots."""
        return {
            "mailbox": self.mailbox,
            "morning": self.morning,
            "afternoon": self.afternoon,
            "missed": self.missed,
            "slots": [s.to_json() for s in self.slots],
        }


@dataclass(frozen=True)
class CheckHistory:
    """`check history`: days × shifts per FBL."""

    generated_at: datetime
    days: int
    mailboxes: tuple[MailboxHistory, ...]

    def to_json(self) -> dict[str, Any]:
        """Keys: generated_at, days, mailboxes."""
        return {
            "generated_at": self.generated_at.isoformat(),
            "days": self.days,
            "mailboxes": [m.to_json() for m in self.mailboxes],
        }


def history_days(days: int) -> int:
    """Validate `--days`."""
    if not 1 <= days <= HISTORY_MAX_DAYS:
        raise InvalidInput(
            f"--days måste vara mellan 1 och {HISTORY_MAX_DAYS}.",
            f"--days must be between 1 and {HISTORY_MAX_DAYS}.",
            field="days",
        )
    return days


def build_history(
    session: Session, boxes: Sequence[Mailbox], days: int, now: datetime
) -> CheckHistory:
    """One grid per FBL for the last `days` local days, today included."""
    zone = local_zone()
    today = to_local(now).date()
    first_day = today - timedelta(days=days - 1)
    box_ids = [b.id or 0 for b in boxes]
    signatures: dict[tuple[int, date, str], list[CheckSignature]] = {}
    for sig in session.exec(
        select(CheckSignature)
        .where(col(CheckSignature.mailbox_id).in_(box_ids), CheckSignature.day >= first_day)
        .order_by(col(CheckSignature.signed_at), col(CheckSignature.id))
    ).all():
        signatures.setdefault((sig.mailbox_id, sig.day, sig.shift), []).append(sig)
    grids = []
    for box in boxes:
        times = check_times(load_routine(session, box.organisation_id))
        slots = []
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            for shift in (Shift.MORNING, Shift.AFTERNOON):
                signed = signatures.get((box.id or 0, day, str(shift)), [])
                state = slot_state(
                    day, shift, times, zone, now, signed=bool(signed), exists_since=box.created_at
                )
                first = signed[0] if signed else None
                _start, end = shift_bounds(day, shift, times, zone)
                slots.append(
                    SlotView(
                        day=day,
                        shift=str(shift),
                        state=str(state),
                        signed_by=first.login if first else None,
                        signed_at=first.signed_at if first else None,
                        late=bool(first and first.signed_at > end),
                        signatures=len(signed),
                    )
                )
        grids.append(
            MailboxHistory(
                mailbox=box.address,
                morning=times.window_text(Shift.MORNING),
                afternoon=times.window_text(Shift.AFTERNOON),
                slots=tuple(slots),
            )
        )
    return CheckHistory(now, days, tuple(grids))

"""A unit's local routine (R20): who monitors, who purges, check times, holiday cover.

Anyone with an account may read a unit's routine (it names roles, not patients, and tells
a sender whom to ring); only the unit's manager or the support unit may change it. A unit
that never wrote its routine gets the routine's default check times and four gaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from fblmail.domain.shifts import CheckTimes, Shift, format_hhmm, parse_window
from fblmail.errors import InvalidInput, NoAccess
from fblmail.service.admin.accounts import find_organisation
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.duty.check_routine import check_times, routine_gaps
from fblmail.store.tables import LocalRoutine, Organisation

ROUTINE_TEXT_MAX = 400
DRAFT_DAYS_DEFAULT = 30
DRAFT_DAYS_MAX = 365
"""R11/R17: a draft holds patient data too; it is kept at most a year untouched."""


@dataclass(frozen=True)
class RoutineView:
    """A unit's local routine as shown and as `routine show --json` prints it."""

    organisation: str
    code: str
    monitors: str
    purger: str
    morning: str
    afternoon: str
    holiday_cover: str
    permissions_updater: str
    updated_at: datetime | None
    updated_by: str | None
    gaps: tuple[str, ...]
    draft_days: int = DRAFT_DAYS_DEFAULT

    def to_json(self) -> dict[str, Any]:
        """Keys: organisation, code, monitors, purger, morning, afternoon, holiday_cover,
        permissions_updater, draft_days, updated_at, updated_by, gaps."""
        return {
            "organisation": self.organisation,
            "code": self.code,
            "monitors": self.monitors,
            "purger": self.purger,
            "morning": self.morning,
            "afternoon": self.afternoon,
            "holiday_cover": self.holiday_cover,
            "permissions_updater": self.permissions_updater,
            "draft_days": self.draft_days,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
            "updated_by": self.updated_by,
            "gaps": list(self.gaps),
        }


def load_routine(session: Session, organisation_id: int) -> LocalRoutine | None:
    """The unit's stored routine row, if it wrote one."""
    return session.get(LocalRoutine, organisation_id)


def to_view(org: Organisation, row: LocalRoutine | None) -> RoutineView:
    """The read model for one unit."""
    times = check_times(row)
    return RoutineView(
        organisation=org.name,
        code=org.code,
        monitors=row.monitors if row else "",
        purger=row.purger if row else "",
        morning=times.window_text(Shift.MORNING),
        afternoon=times.window_text(Shift.AFTERNOON),
        holiday_cover=row.holiday_cover if row else "",
        permissions_updater=row.permissions_updater if row else "",
        updated_at=row.updated_at if row else None,
        updated_by=row.updated_by if row else None,
        gaps=routine_gaps(row),
        draft_days=row.draft_days if row else DRAFT_DAYS_DEFAULT,
    )


def _window(value: str, field: str) -> tuple[str, str]:
    try:
        start, end = parse_window(value)
    except ValueError as exc:
        raise InvalidInput(
            f"Ogiltig tid för {field}: {value!r}. Skriv t.ex. 08:00-11:00 (slutet efter början).",
            f"Invalid time for {field}: {value!r}. Write e.g. 08:00-11:00 (end after start).",
            field=field,
        ) from exc
    return format_hhmm(start), format_hhmm(end)


def _text(value: str, field: str) -> str:
    text = value.strip()
    if len(text) > ROUTINE_TEXT_MAX:
        raise InvalidInput(
            f"{field} är för lång (högst {ROUTINE_TEXT_MAX} tecken).",
            f"{field} is too long (at most {ROUTINE_TEXT_MAX} characters).",
            field=field,
        )
    return text


def require_routine_editor(actor: Actor, org: Organisation) -> None:
    """R20: the unit decides its own routine; its manager writes it down (or support helps)."""
    if actor.is_support or (actor.role == "manager" and actor.organisation_id == org.id):
        return
    raise NoAccess(
        f"Bara enhetschefen för {org.name} (eller supportenheten) får ändra enhetens lokala "
        "rutin. Be din chef göra ändringen.",
        f"Only the manager of {org.name} (or the support unit) may change the unit's local "
        "routine. Ask your manager to make the change.",
        field="org",
    )


class Routines(ServiceBase):
    """Reading and writing a unit's local routine (R20)."""

    def show(self, org: str | None = None) -> RoutineView:
        """The routine of `org` (code or name), or of the user's own unit."""
        with self.store.read() as session:
            actor = self._require_actor(session)
            unit = self._org(session, actor, org)
            return to_view(unit, load_routine(session, unit.id or 0))

    def set(
        self,
        org: str | None = None,
        *,
        monitors: str | None = None,
        purger: str | None = None,
        morning: str | None = None,
        afternoon: str | None = None,
        holiday_cover: str | None = None,
        permissions_updater: str | None = None,
        draft_days: int | None = None,
    ) -> RoutineView:
        """Change the given fields (None leaves a field as it is; "" empties it).

        `draft_days`: drafts untouched this many days are removed by `purge --expired` (R17).
        """

        def work(session: Session, actor: Actor) -> RoutineView:
            unit = self._org(session, actor, org)
            require_routine_editor(actor, unit)
            row = load_routine(session, unit.id or 0) or LocalRoutine(
                organisation_id=unit.id or 0, updated_at=self.clock(), updated_by=actor.login
            )
            changed: list[str] = []
            for name, value in (
                ("monitors", monitors),
                ("purger", purger),
                ("holiday_cover", holiday_cover),
                ("permissions_updater", permissions_updater),
            ):
                if value is not None:
                    setattr(row, name, _text(value, name))
                    changed.append(name)
            if draft_days is not None:
                if not 1 <= draft_days <= DRAFT_DAYS_MAX:
                    raise InvalidInput(
                        f"--draft-days måste vara mellan 1 och {DRAFT_DAYS_MAX} dagar.",
                        f"--draft-days must be between 1 and {DRAFT_DAYS_MAX} days.",
                        field="draft_days",
                    )
                row.draft_days = draft_days
                changed.append("draft_days")
            for name, value in (("morning", morning), ("afternoon", afternoon)):
                if value is not None:
                    start, end = _window(value, name)
                    setattr(row, f"{name}_start", start)
                    setattr(row, f"{name}_end", end)
                    changed.append(name)
            try:
                CheckTimes.from_text(
                    row.morning_start, row.morning_end, row.afternoon_start, row.afternoon_end
                )
            except ValueError as exc:
                raise InvalidInput(
                    "Eftermiddagens kontroll måste börja efter att förmiddagens slutat "
                    f"({row.morning_start}–{row.morning_end} / "
                    f"{row.afternoon_start}–{row.afternoon_end}).",
                    "The afternoon check must start after the morning check ends "
                    f"({row.morning_start}–{row.morning_end} / "
                    f"{row.afternoon_start}–{row.afternoon_end}).",
                    field="afternoon",
                ) from exc
            row.updated_at = self.clock()
            row.updated_by = actor.login
            session.add(row)
            session.flush()
            self._log(
                session,
                actor,
                "routine-set",
                detail=f"{unit.name}: {', '.join(changed) or 'no change'}",
            )
            return to_view(unit, row)

        return self._unit("routine-set", work)

    # -- helpers -------------------------------------------------------------------------------

    def _require_actor(self, session: Session) -> Actor:
        from fblmail.service.context import ask_for_account, load_actor

        actor = load_actor(session, self.login)
        if not actor.active:
            raise ask_for_account(self.login)
        return actor

    @staticmethod
    def _org(session: Session, actor: Actor, org: str | None) -> Organisation:
        if org is not None and org.strip():
            return find_organisation(session, org)
        unit = session.get(Organisation, actor.organisation_id or 0)
        if unit is None:  # pragma: no cover - an active account always has an organisation
            raise InvalidInput("Ange --org.", "Give --org.", field="org")
        return unit

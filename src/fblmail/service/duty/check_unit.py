"""`fblmail check` on the plain DB-API path: the same use case, without SQLAlchemy.

`check_run` is written over a transaction protocol; here it runs in one write transaction
of `store.query` (`BEGIN IMMEDIATE` on SQLite), its access-log rows appended to the same
hash chain by `store.query.log`, exactly as `Checks` runs it over a session. A refusal
(an FBL that is not the user's, a signature before the window opens) rolls the
transaction back and is logged in a transaction of its own: the shared DB-API unit of work
(`service/unit.LightUnit`) that the read commands and `send` run too.
Importing this module costs milliseconds: the check answers before SQLAlchemy could load.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from fblmail.errors import AuditTarget
from fblmail.service.actor import Actor, active_actor, read_actor
from fblmail.service.duty.check_boxes import checked_boxes
from fblmail.service.duty.check_report import CheckReport
from fblmail.service.duty.check_run import (
    TOP,
    LogRow,
    clamp_top,
    parse_check_shift,
    run_check,
    sign_report,
)
from fblmail.service.duty.shifts import CheckHistory, build_history, history_days
from fblmail.service.unit import LightService, LightUnit, no_account
from fblmail.store.query.check_guard import note_damage
from fblmail.store.query.connection import Writer
from fblmail.store.query.log import LogEntry, append

T = TypeVar("T")


class LightChecks(LightService):
    """The check, its signature and its history for one acting user, over the DB-API."""

    def run(
        self,
        mailboxes: Sequence[str] = (),
        *,
        shift: str | None = None,
        sign: bool = False,
        top: int = TOP,
    ) -> CheckReport:
        """Check the FBLs (default: all the user belongs to); `sign` records the check too."""
        chosen = parse_check_shift(shift)
        top = clamp_top(top)
        target = AuditTarget(mailbox=mailboxes[0][:200] if mailboxes else None)

        def work(db: Writer, actor: Actor) -> CheckReport:
            log = self._logger(db, actor)
            now = self.clock()
            return run_check(
                db, actor, mailboxes, now=now, shift=chosen, sign=sign, top=top, log=log
            )

        return self._unit("check", work, target=target)

    def sign(self, report: CheckReport) -> CheckReport:
        """Sign a check already shown to the user (the "yes" at the end of a run)."""

        def work(db: Writer, actor: Actor) -> CheckReport:
            return sign_report(db, actor, report, self.clock(), self._logger(db, actor))

        return self._unit("check-sign", work)

    def history(self, mailbox: str | None = None, *, days: int = 7) -> CheckHistory:
        """Days × shifts per FBL: signed by whom and when, or missed (no patient data)."""
        days = history_days(days)
        with self.connector.reading() as db:
            actor = read_actor(db, self.login)
            if not actor.active:
                raise no_account(self.login)
            boxes = checked_boxes(db, actor, [mailbox] if mailbox else [], history=True)
            return build_history(db, boxes, days, self.clock())

    # -- the unit of work ------------------------------------------------------------------

    def _unit(
        self,
        action: str,
        work: Callable[[Writer, Actor], T],
        *,
        target: AuditTarget | None = None,
    ) -> T:
        """The shared DB-API unit of work (service/unit.py); a corrupt file found on the way
        is noted as damage, as the doctor would."""
        unit = LightUnit(
            self.connector,
            self.login,
            self.clock,
            on_store_problem=lambda exc: note_damage(self.connector, exc),
        )
        return unit.run(action, active_actor, work, target=target)

    def _logger(self, db: Writer, actor: Actor) -> LogRow:
        def log(action: str, mailbox: str, detail: str) -> None:
            entry = LogEntry(
                actor=actor.login, actor_unit=actor.unit, action=action, mailbox=mailbox,
                detail=detail,
            )
            append(db, entry, self.clock())

        return log

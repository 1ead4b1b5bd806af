"""The check as a use case of the service layer (the app's duty screen, scripts, tests).

The check itself (`check_run`) is plain SQL over a transaction protocol; here it runs in
the service's unit of work over a SQLModel session, with the access-log rows written by
`ServiceBase._log` in the same transaction. `fblmail check` runs the same code on the plain
DB-API path instead (`service/duty/check_unit.py`, opened by `cli/check_open.py`), without
importing SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from fblmail.errors import AuditTarget
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.duty.check_boxes import checked_boxes
from fblmail.service.duty.check_report import CheckReport, MailboxCheck
from fblmail.service.duty.check_run import (
    TOP,
    LogRow,
    clamp_top,
    parse_check_shift,
    run_check,
    sign_report,
)
from fblmail.service.duty.check_session import SessionReader
from fblmail.service.duty.shifts import CheckHistory, build_history, history_days

__all__ = ["TOP", "CheckReport", "Checks", "MailboxCheck"]


class Checks(ServiceBase):
    """The check, its signature and history (R4). Resolving a late question (R10) is its own
    use case, `Resolutions` (`Messenger.resolutions`)."""

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

        def work(session: Session, actor: Actor) -> CheckReport:
            return run_check(
                SessionReader(session),
                actor,
                mailboxes,
                now=self.clock(),
                shift=chosen,
                sign=sign,
                top=top,
                log=self._logger(session, actor),
            )

        return self._unit("check", work, target=target)

    def sign(self, report: CheckReport) -> CheckReport:
        """Sign a check already shown to the user (the "yes" at the end of a run)."""

        def work(session: Session, actor: Actor) -> CheckReport:
            log = self._logger(session, actor)
            return sign_report(SessionReader(session), actor, report, self.clock(), log)

        return self._unit("check-sign", work)

    def history(self, mailbox: str | None = None, *, days: int = 7) -> CheckHistory:
        """Days × shifts per FBL: signed by whom and when, or missed (no patient data)."""
        days = history_days(days)
        with self.store.read() as session:
            actor = self._reader(session)
            db = SessionReader(session)
            boxes = checked_boxes(db, actor, [mailbox] if mailbox else [], history=True)
            return build_history(db, boxes, days, self.clock())

    # -- helpers -------------------------------------------------------------------------------

    def _logger(self, session: Session, actor: Actor) -> LogRow:
        def log(action: str, mailbox: str, detail: str) -> None:
            self._log(session, actor, action, mailbox=mailbox, detail=detail)

        return log

    def _reader(self, session: Session) -> Actor:
        from fblmail.service.context import ask_for_account, load_actor

        actor = load_actor(session, self.login)
        if not actor.active:
            raise ask_for_account(self.login)
        return actor

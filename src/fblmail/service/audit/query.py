"""Reading the access log: search, the patient's extract, the sample and its review, verify.

Who may read: support everything; a unit manager the rows about the unit's mailboxes and
the unit's staff; staff nothing. The patient extract (produced on a patient's request) and
verifying the chain are support only. Reading the log is itself logged ("audit-read"),
and refusals are logged as refused attempts.

The heavy reads run in read transactions (never under SQLite's write lock); the role is
checked before and again in the short write unit that records the read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from sqlmodel import Session, col, select

from fblmail.clock import to_local
from fblmail.errors import AuditTarget, FblError, InvalidInput
from fblmail.service.audit.sample import Period, draw_sample, newest_row_id, scope_filter
from fblmail.service.audit.verify import walk_chain
from fblmail.service.audit.views import (
    AuditPage,
    AuditRow,
    AuditSample,
    ExtractRow,
    PatientExtract,
    ReviewView,
    SampledRow,
    VerifyResult,
    parse_patient,
    parse_when,
    patient_display,
    to_row,
)
from fblmail.service.context import Actor, ServiceBase, load_actor
from fblmail.service.lookup import find_mailbox
from fblmail.service.permissions import LogScope, log_scope, require_support_strict
from fblmail.store.tables import AccessLog, Account, AuditReview

T = TypeVar("T")

READ = "audit-read"
PAGE_MAX = 1_000
SAMPLE_MAX = 1_000
VERIFY_BATCH = 2_000
OUTCOMES = ("ok", "follow-up")
SEED_MAX = 2**31 - 1  # the review table stores the seed as a 32-bit integer


def _check_sample_args(n: int, seed: int) -> None:
    if not 1 <= n <= SAMPLE_MAX:
        raise InvalidInput(
            f"Stickprovets storlek (--n) ska vara 1–{SAMPLE_MAX}.",
            f"The sample size (--n) must be 1–{SAMPLE_MAX}.",
            field="n",
        )
    if not 0 <= seed <= SEED_MAX:
        raise InvalidInput(
            f"Fröet (--seed) ska vara ett heltal 0–{SEED_MAX}.",
            f"The seed (--seed) must be an integer 0–{SEED_MAX}.",
            field="seed",
        )


class Audit(ServiceBase):
    """Use cases over the access log."""

    # -- search ------------------------------------------------------------------------------

    def search(
        self,
        *,
        patient: str | None = None,
        user: str | None = None,
        mailbox: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 100,
        before: int | None = None,
    ) -> AuditPage:
        """Rows newest first, one keyset page (`before`: the `next_before` of the last page)."""
        limit = max(1, min(limit, PAGE_MAX))
        today = self._today()
        digits = parse_patient(patient, today) if patient else None
        start = parse_when(since, "since") if since else None
        end = parse_when(until, "until", end=True) if until else None
        target = AuditTarget(patient=digits)

        def read(session: Session, actor: Actor) -> AuditPage:
            scope = log_scope(session, actor)
            query = select(AccessLog).order_by(col(AccessLog.id).desc()).limit(limit + 1)
            scoped = scope_filter(scope)
            if scoped is not None:
                query = query.where(scoped)
            if before is not None:
                query = query.where(col(AccessLog.id) < before)
            if digits:
                query = query.where(AccessLog.patient == digits)
            if user:
                query = query.where(AccessLog.actor == user.strip())
            if mailbox:
                query = query.where(AccessLog.mailbox == self._mailbox_name(session, mailbox))
            if start:
                query = query.where(col(AccessLog.at) >= start)
            if end:
                query = query.where(col(AccessLog.at) < end)
            rows = session.exec(query).all()
            names = self._names(session, {r.actor for r in rows})
            items = tuple(to_row(r, names) for r in rows[:limit])
            more = len(rows) > limit
            return AuditPage(items, items[-1].id if more and items else None)

        filters = ", ".join(
            f"{k}={v}"
            for k, v in (
                ("user", user),
                ("mailbox", mailbox),
                ("since", since),
                ("until", until),
                ("before", before),
            )
            if v
        )
        return self._logged_read(
            read, log_scope, f"search {filters}".strip(), target=target, patient=digits
        )

    # -- the patient's extract ---------------------------------------------------------------

    def patient_extract(self, patient: str) -> PatientExtract:
        """Every access to one patient's data: time, unit, person (support only)."""
        digits = parse_patient(patient, self._today())

        def check(session: Session, actor: Actor) -> None:
            require_support_strict(actor)

        def read(session: Session, actor: Actor) -> PatientExtract:
            rows = session.exec(
                select(AccessLog)
                .where(AccessLog.patient == digits, AccessLog.outcome == "ok")
                .order_by(col(AccessLog.id))
            ).all()
            names = self._names(session, {r.actor for r in rows})
            return PatientExtract(
                patient=to_row(rows[0], names).patient if rows else patient_display(digits),
                produced_at=self.clock(),
                produced_by=actor.login,
                rows=tuple(
                    ExtractRow(
                        at=r.at,
                        unit=r.actor_unit,
                        full_name=names.get(r.actor, ""),
                        login=r.actor,
                        action=r.action,
                        mailbox=r.mailbox,
                    )
                    for r in rows
                ),
            )

        return self._logged_read(
            read, check, "patient extract", target=AuditTarget(patient=digits), patient=digits
        )

    # -- the sample and its review -----------------------------------------------------------

    def sample(
        self,
        *,
        n: int,
        seed: int,
        since: str | None = None,
        until: str | None = None,
        last_row: int | None = None,
    ) -> AuditSample:
        """A reproducible sample mixing flagged and random rows (see `audit_sample`).

        The draw looks at the rows up to `last_row` (default: the newest now; the result's
        `last_row_id` says which), so giving it again repeats the sample exactly.
        """
        _check_sample_args(n, seed)
        period = _period(since, until)

        def read(session: Session, actor: Actor) -> AuditSample:
            return self._sample(session, log_scope(session, actor), period, n, seed, last_row)

        return self._logged_read(read, log_scope, f"sample seed {seed} n {n}")

    def record_review(
        self,
        *,
        seed: int,
        n: int,
        outcome: str,
        note: str = "",
        since: str | None = None,
        until: str | None = None,
        last_row: int | None = None,
    ) -> ReviewView:
        """Record who reviewed which sample and the outcome.

        The rows are drawn again with the same seed, period and `last_row`, so they are the
        rows `sample` showed; the review stores their ids.
        """
        _check_sample_args(n, seed)
        wanted = outcome.strip().lower()
        if wanted not in OUTCOMES:
            raise InvalidInput(
                f"Utfallet (--outcome) ska vara en av: {', '.join(OUTCOMES)}.",
                f"The outcome (--outcome) must be one of: {', '.join(OUTCOMES)}.",
                field="outcome",
            )
        if wanted == "follow-up" and not note.strip():
            raise InvalidInput(
                "Beskriv vad som ska följas upp (--note).",
                "Describe what is to be followed up (--note).",
                field="note",
            )
        period = _period(since, until)
        self._authorised("audit-review", log_scope)
        with self.store.read() as session:
            actor = load_actor(session, self.login)
            sample = self._sample(session, log_scope(session, actor), period, n, seed, last_row)

        def work(session: Session, actor: Actor) -> ReviewView:
            log_scope(session, actor)
            row = AuditReview(
                reviewed_at=self.clock(),
                reviewer=actor.login,
                sample_seed=seed,
                sample_size=n,
                period_from=period.start,
                period_to=period.end,
                row_ids=",".join(str(r.row.id) for r in sample.rows),
                outcome=wanted,
                note=note.strip(),
            )
            session.add(row)
            session.flush()
            self._log(
                session,
                actor,
                "audit-review",
                detail=f"review {row.id}: seed {seed} n {n} {wanted}",
            )
            return ReviewView.of(row)

        return self._unit("audit-review", work)

    def reviews(self) -> list[ReviewView]:
        """Recorded reviews, newest first (a manager sees their unit's reviewers' only)."""

        def read(session: Session, actor: Actor) -> list[ReviewView]:
            scope = log_scope(session, actor)
            query = select(AuditReview).order_by(col(AuditReview.id).desc())
            if not scope.everything:
                query = query.where(col(AuditReview.reviewer).in_(sorted(scope.logins)))
            return [ReviewView.of(r) for r in session.exec(query).all()]

        return self._logged_read(read, log_scope, "reviews")

    # -- verify ------------------------------------------------------------------------------

    def verify(self) -> VerifyResult:
        """Walk the whole hash chain in batches; name the first broken row (support only)."""

        def check(session: Session, actor: Actor) -> None:
            require_support_strict(actor)

        def read(session: Session, actor: Actor) -> VerifyResult:
            return walk_chain(session)

        return self._logged_read(read, check, "verify", detail_of=_verify_detail)

    # -- helpers -----------------------------------------------------------------------------

    def _sample(
        self,
        session: Session,
        scope: LogScope,
        period: Period,
        n: int,
        seed: int,
        last_row: int | None,
    ) -> AuditSample:
        newest = newest_row_id(session)
        last_id = newest if last_row is None else max(0, min(newest, last_row))
        draw = draw_sample(session, scope, period, n=n, seed=seed, last_id=last_id)
        ids = [d.row_id for d in draw.rows]
        by_id = {
            r.id: r for r in session.exec(select(AccessLog).where(col(AccessLog.id).in_(ids))).all()
        }
        names = self._names(session, {r.actor for r in by_id.values()})
        return AuditSample(
            seed=seed,
            size=n,
            period_from=period.start,
            period_to=period.end,
            examined=draw.examined,
            flagged=draw.flagged,
            volume_limit=draw.volume_limit,
            last_row_id=last_id,
            rows=tuple(
                SampledRow(to_row(by_id[d.row_id], names), d.flags, d.reason) for d in draw.rows
            ),
        )

    def _logged_read(
        self,
        read: Callable[[Session, Actor], T],
        check: Callable[[Session, Actor], object],
        detail: str,
        *,
        target: AuditTarget | None = None,
        patient: str | None = None,
        detail_of: Callable[[T], str] | None = None,
    ) -> T:
        """Check the role, read outside the write lock, then log the read (one row)."""
        self._authorised(READ, check, target)
        with self.store.read() as session:
            actor = load_actor(session, self.login)
            result = read(session, actor)
        text = f"{detail}: {detail_of(result)}" if detail_of else detail

        def work(session: Session, actor: Actor) -> T:
            check(session, actor)
            self._log(session, actor, READ, patient=patient, detail=text[:2000])
            return result

        return self._unit(READ, work, target=target)

    def _authorised(
        self,
        action: str,
        check: Callable[[Session, Actor], T],
        target: AuditTarget | None = None,
    ) -> T:
        """Run a role check in a read transaction; log a refusal like `_unit` does."""
        return self._read_unit(action, check, target=target)

    def _mailbox_name(self, session: Session, name: str) -> str:
        """An FBL named by unit code or name becomes its address; unknown text stays as is
        (the log outlives mailboxes)."""
        try:
            return find_mailbox(session, name).address
        except FblError:
            return name.strip()

    def _names(self, session: Session, logins: set[str]) -> dict[str, str]:
        if not logins:
            return {}
        return dict(
            session.exec(
                select(Account.login, Account.full_name).where(col(Account.login).in_(logins))
            ).all()
        )

    def _today(self) -> date:
        return to_local(self.clock()).date()


def _period(since: str | None, until: str | None) -> Period:
    return Period(
        parse_when(since, "from") if since else None,
        parse_when(until, "to", end=True) if until else None,
    )


def _verify_detail(result: VerifyResult) -> str:
    if result.intact:
        return f"intact, {result.checked} rows"
    return f"broken at row {result.broken_row_id}: {result.reason}"


__all__ = ["Audit", "AuditRow"]

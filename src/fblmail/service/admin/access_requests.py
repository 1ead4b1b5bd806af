"""Access requests (R18): anyone files a request for a new or ended permission; support decides.

Kinds:
- ``new``: a new account with its FBLs (a login without an account), extra FBLs for an active
  account, or re-opening an ended account.
- ``end``: the end of the whole account (no ``--mailbox``), or of the named FBLs only.

Approving a request does the change, the request's new status and the access-log row in
one transaction; an ended account loses access at its next action, because every unit of
work re-reads the account (`context.load_actor`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlmodel import Session, col, select

from fblmail.errors import InvalidInput, NoAccess
from fblmail.service.admin.access_views import (
    KINDS,
    STATUSES,
    AccessRequestView,
    InactiveAccount,
    choice,
    open_fbl,
    reason_text,
)
from fblmail.service.admin.accounts import Admin, check_login, find_organisation
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.lookup import find_mailbox
from fblmail.service.permissions import is_manager, require_admin, require_manager_or_support
from fblmail.store.shared import sync_login_role
from fblmail.store.tables import AccessRequest, Account, Mailbox, Membership, Organisation

__all__ = ["AccessRequestView", "AccessRequests", "InactiveAccount"]


class AccessRequests(ServiceBase):
    """Use cases of the R18 form: file, list, approve, reject; and idle accounts."""

    def request(
        self,
        kind: str,
        *,
        reason: str,
        mailboxes: Iterable[str] = (),
        for_login: str | None = None,
        full_name: str = "",
        organisation: str = "",
        title: str = "",
    ) -> AccessRequestView:
        """File a request. Anyone may file for themselves; managers and support for others."""
        kind = choice(kind, KINDS, "kind")
        why = reason_text(reason)
        login = check_login(for_login if for_login else self.login)
        wanted = list(mailboxes)

        def work(session: Session, actor: Actor) -> AccessRequestView:
            account = session.exec(select(Account).where(Account.login == login)).first()
            boxes = [open_fbl(session, name) for name in wanted]
            if kind == "new":
                org = self._check_new(session, account, boxes, full_name, organisation)
            else:
                org = self._check_end(session, account, boxes)
            if login != self.login:
                self._check_filer(actor, org)
            pending = session.exec(
                select(AccessRequest.id).where(
                    AccessRequest.login == login,
                    AccessRequest.kind == kind,
                    AccessRequest.status == "pending",
                )
            ).first()
            if pending is not None:
                raise InvalidInput(
                    f"Det finns redan en obehandlad ansökan (nr {pending}) för {login}. Vänta på "
                    "beslutet eller kontakta support.",
                    f"There is already a pending request (no. {pending}) for {login}. Wait for "
                    "the decision or contact support.",
                    field="login",
                )
            row = AccessRequest(
                kind=kind,
                login=login,
                full_name=(full_name.strip() or (account.full_name if account else ""))[:200],
                title=(title.strip() or (account.title if account else ""))[:100],
                organisation_code=org.code,
                mailboxes="\n".join(b.address for b in boxes),
                reason=why,
                filed_by=self.login,
                filed_at=self.clock(),
            )
            session.add(row)
            session.flush()
            self._log(
                session,
                actor,
                "access-request",
                detail=f"request {row.id}: {kind} {login}"
                + (f" ({', '.join(b.address for b in boxes)})" if boxes else ""),
            )
            return self._view(session, row)

        return self._unit("access-request", work, require_account=False)

    def list_requests(self, status: str = "pending") -> list[AccessRequestView]:
        """Requests with a status (or `all`), oldest first. Support only."""
        wanted = choice(status, (*STATUSES, "all"), "status")

        def work(session: Session, actor: Actor) -> list[AccessRequestView]:
            require_admin(session, actor)
            query = select(AccessRequest).order_by(col(AccessRequest.id))
            if wanted != "all":
                query = query.where(AccessRequest.status == wanted)
            return [self._view(session, r) for r in session.exec(query).all()]

        return self._unit("access-list", work, require_account=False)

    def approve(self, request_id: int) -> AccessRequestView:
        """Carry out a pending request; the change, the decision and the log row are one unit."""

        def work(session: Session, actor: Actor) -> AccessRequestView:
            require_admin(session, actor)
            row = self._pending(session, request_id)
            done = self._grant(session, row) if row.kind == "new" else self._end(session, row)
            row.status, row.decided_by, row.decided_at = "approved", actor.login, self.clock()
            session.add(row)
            self._log(session, actor, "access-approve", detail=f"request {row.id}: {done}")
            return self._view(session, row)

        return self._unit("access-approve", work, require_account=False)

    def reject(self, request_id: int, reason: str) -> AccessRequestView:
        """Turn a pending request down, saying why."""
        why = reason_text(reason)

        def work(session: Session, actor: Actor) -> AccessRequestView:
            require_admin(session, actor)
            row = self._pending(session, request_id)
            row.status, row.decided_by, row.decided_at = "rejected", actor.login, self.clock()
            row.decision_reason = why
            session.add(row)
            self._log(
                session,
                actor,
                "access-reject",
                detail=f"request {row.id}: {row.kind} {row.login} rejected",
            )
            return self._view(session, row)

        return self._unit("access-reject", work, require_account=False)

    def inactive_accounts(self, days: int) -> list[InactiveAccount]:
        """Active accounts unused for more than `days` days, or never (manager: own unit)."""
        if days < 0:
            raise InvalidInput(
                "Antalet dagar (--inactive-days) kan inte vara negativt.",
                "The number of days (--inactive-days) cannot be negative.",
                field="inactive_days",
            )

        def work(session: Session, actor: Actor) -> list[InactiveAccount]:
            require_manager_or_support(actor)
            now = self.clock()
            cutoff = now - timedelta(days=days)
            query = (
                select(Account, Organisation)
                .join(Organisation, col(Organisation.id) == col(Account.organisation_id))
                .where(
                    col(Account.active),
                    col(Account.last_active_at).is_(None) | (col(Account.last_active_at) < cutoff),
                )
                .order_by(col(Account.last_active_at), col(Account.login))
            )
            if not actor.is_support:
                query = query.where(Account.organisation_id == actor.organisation_id)
            found = []
            for account, org in session.exec(query).all():
                seen = account.last_active_at
                found.append(
                    InactiveAccount(
                        login=account.login,
                        full_name=account.full_name,
                        title=account.title,
                        organisation=org.name,
                        role=account.role,
                        mailboxes=self._memberships(session, account.id or 0),
                        created_at=account.created_at,
                        last_active_at=seen,
                        days_inactive=(now - seen).days if seen else None,
                    )
                )
            return found

        return self._unit("accounts-review", work)

    # -- checks when filing ---------------------------------------------------------------

    def _check_new(
        self,
        session: Session,
        account: Account | None,
        boxes: list[Mailbox],
        full_name: str,
        organisation: str,
    ) -> Organisation:
        if account is None:
            if not full_name.strip():
                raise InvalidInput(
                    "Ange det fullständiga namnet (--name) för ett nytt konto.",
                    "Give the full name (--name) for a new account.",
                    field="name",
                )
            if not organisation.strip():
                raise InvalidInput(
                    "Ange enheten (--org) för ett nytt konto. Se `fblmail directory list`.",
                    "Give the unit (--org) for a new account. See `fblmail directory list`.",
                    field="org",
                )
            return find_organisation(session, organisation)
        org = session.get(Organisation, account.organisation_id)
        assert org is not None
        if account.active:
            current = set(self._memberships(session, account.id or 0))
            if not [b for b in boxes if b.address not in current]:
                raise InvalidInput(
                    f"{account.login} har redan ett konto med de här behörigheterna. Ange de "
                    "funktionsbrevlådor som saknas (--mailbox).",
                    f"{account.login} already has an account with these permissions. Name the "
                    "functional mailboxes that are missing (--mailbox).",
                    field="mailbox",
                )
        return org

    def _check_end(
        self, session: Session, account: Account | None, boxes: list[Mailbox]
    ) -> Organisation:
        if account is None or not account.active:
            raise InvalidInput(
                "Det finns inget aktivt konto att avsluta för den inloggningen.",
                "There is no active account to end for that login.",
                field="login",
            )
        current = set(self._memberships(session, account.id or 0))
        for box in boxes:
            if box.address not in current:
                raise InvalidInput(
                    f"{account.login} är inte medlem i {box.address}.",
                    f"{account.login} is not a member of {box.address}.",
                    field="mailbox",
                )
        org = session.get(Organisation, account.organisation_id)
        assert org is not None
        return org

    def _check_filer(self, actor: Actor, org: Organisation) -> None:
        """Filing for someone else: support, or the manager of that person's unit."""
        if actor.is_support or (is_manager(actor) and actor.organisation_id == org.id):
            return
        raise NoAccess(
            "Bara enhetschefen (för sin egen enhet) eller support kan ansöka åt någon annan "
            "(--for). Ansök för dig själv eller be din chef.",
            "Only the unit manager (for their own unit) or support can file for someone else "
            "(--for). File for yourself or ask your manager.",
            field="for",
        )

    # -- carrying out ------------------------------------------------------------------------

    def _pending(self, session: Session, request_id: int) -> AccessRequest:
        row = session.get(AccessRequest, request_id)
        if row is None:
            raise NoAccess(
                f"Det finns ingen ansökan nr {request_id}. Se `fblmail access list --status all`.",
                f"There is no request no. {request_id}. See `fblmail access list --status all`.",
                field="id",
            )
        if row.status != "pending":
            raise InvalidInput(
                f"Ansökan nr {request_id} är redan avgjord ({row.status}).",
                f"Request no. {request_id} has already been decided ({row.status}).",
                field="id",
            )
        return row

    def _grant(self, session: Session, row: AccessRequest) -> str:
        admin = Admin(self.store, self.clock, self.login)
        names = [n for n in row.mailboxes.split("\n") if n]
        account = session.exec(select(Account).where(Account.login == row.login)).first()
        if account is None:
            admin.create_account_in(
                session,
                login=row.login,
                full_name=row.full_name,
                organisation=row.organisation_code,
                title=row.title,
                mailboxes=[open_fbl(session, n).address for n in names],
            )
            return f"account {row.login} created" + (f" ({', '.join(names)})" if names else "")
        reopened = not account.active
        if reopened:
            account.active, account.ended_at = True, None
            session.add(account)
            session.flush()
            sync_login_role(session, account.login)
        for name in names:
            admin._join(session, account, open_fbl(session, name))
        verb = "reopened" if reopened else "given"
        return f"account {row.login} {verb}" + (f" ({', '.join(names)})" if names else "")

    def _end(self, session: Session, row: AccessRequest) -> str:
        account = session.exec(select(Account).where(Account.login == row.login)).first()
        if account is None or not account.active:
            raise InvalidInput(
                f"Kontot {row.login} är redan avslutat. Avslå ansökan i stället.",
                f"The account {row.login} has already ended. Reject the request instead.",
                field="id",
            )
        now = self.clock()
        names = [n for n in row.mailboxes.split("\n") if n]
        query = select(Membership).where(Membership.account_id == account.id, Membership.active)
        if names:
            ids = [find_mailbox(session, n).id for n in names]
            query = query.where(col(Membership.mailbox_id).in_(ids))
        else:
            self._keep_one_support(session, account)
            account.active, account.ended_at = False, now
            session.add(account)
            session.flush()
            sync_login_role(session, account.login)
        for membership in session.exec(query).all():
            membership.active, membership.ended_at = False, now
            session.add(membership)
        if names:
            return f"{row.login} removed from {', '.join(names)}"
        return f"account {row.login} ended"

    def _keep_one_support(self, session: Session, account: Account) -> None:
        if account.role != "support":
            return
        others = session.exec(
            select(Account.id).where(
                Account.role == "support", col(Account.active), Account.id != account.id
            )
        ).first()
        if others is None:
            raise InvalidInput(
                "Det sista supportkontot kan inte avslutas: lägg först till ett nytt supportkonto.",
                "The last support account cannot be ended: add another support account first.",
                field="id",
            )

    # -- views -----------------------------------------------------------------------------

    def _memberships(self, session: Session, account_id: int) -> tuple[str, ...]:
        return tuple(
            session.exec(
                select(Mailbox.address)
                .join(Membership, col(Membership.mailbox_id) == col(Mailbox.id))
                .where(Membership.account_id == account_id, col(Membership.active))
                .order_by(col(Mailbox.address))
            ).all()
        )

    def _view(self, session: Session, row: AccessRequest) -> AccessRequestView:
        org = session.exec(
            select(Organisation.name).where(Organisation.code == row.organisation_code)
        ).first()
        return AccessRequestView(
            id=row.id or 0,
            kind=row.kind,
            login=row.login,
            full_name=row.full_name,
            title=row.title,
            organisation=org or row.organisation_code,
            mailboxes=tuple(n for n in row.mailboxes.split("\n") if n),
            reason=row.reason,
            status=row.status,
            filed_by=row.filed_by,
            filed_at=row.filed_at,
            decided_by=row.decided_by,
            decided_at=row.decided_at,
            decision_reason=row.decision_reason,
        )

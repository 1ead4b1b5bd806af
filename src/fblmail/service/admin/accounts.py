"""Administration the routine needs to run at all: accounts, memberships, the R3 register."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlmodel import Session, col, select

from fblmail.clock import to_local
from fblmail.domain import rules
from fblmail.errors import InvalidInput, NoAccess
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.lookup import find_mailbox
from fblmail.service.permissions import require_support
from fblmail.service.views import AccountView
from fblmail.store.shared import sync_login_role
from fblmail.store.tables import Account, CoordinationCase, Mailbox, Membership, Organisation

LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
ROLES = ("staff", "manager", "support")


def check_login(login: str) -> str:
    """A login is what the OS calls the user: lowercase letters, digits, `.`, `_`, `-`."""
    value = login.strip()
    if not LOGIN_PATTERN.match(value):
        raise InvalidInput(
            f"Ogiltigt användarnamn {value!r}: använd små bokstäver a–z, siffror, punkt, "
            "understreck eller bindestreck (samma som inloggningen på datorn).",
            f"Invalid login {value!r}: use lowercase a–z, digits, dot, underscore or hyphen "
            "(the same as the computer login).",
            field="login",
        )
    return value


SUPPORT_CODE = "support"
SUPPORT_NAME = "Utveckling och användarstöd patientjournal"


def support_unit(session: Session) -> Organisation:
    """The support unit (R15, R18), created the first time a support account is added."""
    org = session.exec(select(Organisation).where(Organisation.code == SUPPORT_CODE)).first()
    if org is None:
        org = Organisation(code=SUPPORT_CODE, name=SUPPORT_NAME, kind="support")
        session.add(org)
        session.flush()
    return org


def find_organisation(session: Session, name: str) -> Organisation:
    """A unit by code or name (case-insensitive); `support` is the support unit."""
    wanted = name.strip().lower()
    if wanted in (SUPPORT_CODE, SUPPORT_NAME.lower()):
        return support_unit(session)
    for org in session.exec(select(Organisation)).all():
        if wanted in (org.code.lower(), org.name.lower()):
            return org
    raise NoAccess(
        f"Organisationen {name!r} finns inte i katalogen. Se `fblmail directory list`.",
        f"The organisation {name!r} is not in the directory. See `fblmail directory list`.",
        field="org",
    )


class Admin(ServiceBase):
    """Account and membership administration (support unit)."""

    def add_account(
        self,
        login: str,
        *,
        full_name: str,
        organisation: str,
        title: str = "",
        role: str = "staff",
        mailboxes: Iterable[str] = (),
    ) -> AccountView:
        """Create an account with its personal mailbox and FBL memberships."""
        login = check_login(login)
        if role not in ROLES:
            raise InvalidInput(
                f"Okänd roll {role!r}. Välj en av: {', '.join(ROLES)}.",
                f"Unknown role {role!r}. Choose one of: {', '.join(ROLES)}.",
                field="role",
            )
        if not full_name.strip():
            raise InvalidInput("Ange namnet (--name).", "Give the name (--name).", field="name")
        wanted = list(mailboxes)

        def work(session: Session, actor: Actor) -> AccountView:
            require_support(session, actor, bootstrap=role == "support")
            account, org = self.create_account_in(
                session,
                login=login,
                full_name=full_name,
                organisation=organisation,
                title=title,
                role=role,
                mailboxes=wanted,
            )
            self._log(session, actor, "account-add", detail=f"{login} ({role}) at {org.name}")
            return self._view(session, account)

        return self._unit("account-add", work, require_account=False)

    def create_account_in(
        self,
        session: Session,
        *,
        login: str,
        full_name: str,
        organisation: str,
        title: str = "",
        role: str = "staff",
        mailboxes: Iterable[str] = (),
    ) -> tuple[Account, Organisation]:
        """Create the account, its personal mailbox and memberships in the caller's transaction.

        Shared by `add_account` and the approval of an access request (R18); the caller
        checks the role and writes the access-log row.
        """
        if session.exec(select(Account).where(Account.login == login)).first():
            raise InvalidInput(
                f"Kontot {login!r} finns redan.",
                f"The account {login!r} already exists.",
                field="login",
            )
        org = find_organisation(session, organisation)
        now = self.clock()
        account = Account(
            login=login,
            full_name=full_name.strip(),
            title=title.strip(),
            organisation_id=org.id or 0,
            role=role,
            created_at=now,
        )
        session.add(account)
        session.flush()
        session.add(
            Mailbox(
                address=f"{full_name.strip()} <{login}>",
                kind="personal",
                organisation_id=org.id or 0,
                owner_account_id=account.id,
                created_at=now,
            )
        )
        for name in mailboxes:
            self._join(session, account, find_mailbox(session, name))
        sync_login_role(session, login)
        return account, org

    def add_member(self, login: str, mailbox: str) -> AccountView:
        """Give an account access to an FBL (or re-activate an ended membership)."""

        def work(session: Session, actor: Actor) -> AccountView:
            require_support(session, actor)
            account = self._account(session, login)
            box = find_mailbox(session, mailbox)
            self._join(session, account, box)
            self._log(session, actor, "member-add", mailbox=box.address, detail=account.login)
            return self._view(session, account)

        return self._unit("member-add", work, require_account=False)

    def remove_member(self, login: str, mailbox: str) -> AccountView:
        """End an account's access to an FBL at once."""

        def work(session: Session, actor: Actor) -> AccountView:
            require_support(session, actor)
            account = self._account(session, login)
            box = find_mailbox(session, mailbox)
            membership = session.exec(
                select(Membership).where(
                    Membership.account_id == account.id, Membership.mailbox_id == box.id
                )
            ).first()
            if membership is None or not membership.active:
                raise InvalidInput(
                    f"{account.login} är inte medlem i {box.address}.",
                    f"{account.login} is not a member of {box.address}.",
                    field="mailbox",
                )
            membership.active = False
            membership.ended_at = self.clock()
            session.add(membership)
            self._log(session, actor, "member-remove", mailbox=box.address, detail=account.login)
            return self._view(session, account)

        return self._unit("member-remove", work, require_account=False)

    def accounts(self) -> list[AccountView]:
        """Every account (support and managers use this for staff changes)."""
        with self.store.read() as session:
            rows = session.exec(select(Account).order_by(Account.login)).all()
            return [self._view(session, a) for a in rows]

    def import_coordination_register(self, patients: Iterable[str]) -> int:
        """R3: replace the register of patients with an ongoing coordination case."""
        values = list(patients)

        def work(session: Session, actor: Actor) -> int:
            require_support(session, actor)
            today = to_local(self.clock()).date()
            parsed = {rules.patient_id(v, today).digits for v in values if v.strip()}
            for row in session.exec(select(CoordinationCase)).all():
                if row.patient not in parsed:
                    session.delete(row)
            existing = set(session.exec(select(CoordinationCase.patient)).all())
            now = self.clock()
            for digits in sorted(parsed - existing):
                session.add(
                    CoordinationCase(patient=digits, registered_at=now, registered_by=actor.login)
                )
            self._log(session, actor, "coordination-import", detail=f"{len(parsed)} patients")
            return len(parsed)

        return self._unit("coordination-import", work, require_account=False)

    # -- helpers -----------------------------------------------------------------------------

    def _join(self, session: Session, account: Account, box: Mailbox) -> None:
        if box.kind != "fbl":
            raise InvalidInput(
                f"{box.address} är ingen funktionsbrevlåda.",
                f"{box.address} is not a functional mailbox.",
                field="mailbox",
            )
        membership = session.exec(
            select(Membership).where(
                Membership.account_id == account.id, Membership.mailbox_id == box.id
            )
        ).first()
        now = self.clock()
        if membership is None:
            session.add(
                Membership(account_id=account.id or 0, mailbox_id=box.id or 0, added_at=now)
            )
        elif not membership.active:
            membership.active, membership.ended_at, membership.added_at = True, None, now
            session.add(membership)
        session.flush()

    def _account(self, session: Session, login: str) -> Account:
        account = session.exec(select(Account).where(Account.login == login.strip())).first()
        if account is None:
            raise NoAccess(
                f"Kontot {login!r} finns inte.",
                f"The account {login!r} does not exist.",
                field="login",
            )
        return account

    def _view(self, session: Session, account: Account) -> AccountView:
        org = session.get(Organisation, account.organisation_id)
        boxes = session.exec(
            select(Mailbox.address)
            .join(Membership, col(Membership.mailbox_id) == col(Mailbox.id))
            .where(Membership.account_id == account.id, Membership.active)
            .order_by(Mailbox.address)
        ).all()
        return AccountView(
            login=account.login,
            full_name=account.full_name,
            title=account.title,
            organisation=org.name if org else "",
            role=account.role,
            active=account.active,
            mailboxes=tuple(boxes),
            last_active_at=account.last_active_at,
        )

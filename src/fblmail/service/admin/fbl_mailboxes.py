"""Creating and closing functional mailboxes (R1, R15): the support unit's job.

There is one open FBL per unit (R1). Closing is permanent: there is no temporary close,
no re-opening and no auto-reply (R15). A closed FBL neither sends nor receives (the
messaging service refuses it), but its messages stay readable to its members until purged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from fblmail.domain.directory_file import (
    FBL_SUFFIX,
    HEALTH_CENTRE_FBL_SUFFIX,
    HEALTH_CENTRE_PREFIX,
)
from fblmail.domain.safe_text import one_line
from fblmail.errors import AuditTarget, InvalidInput, Refused
from fblmail.service.admin.accounts import find_organisation
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.lookup import find_mailbox
from fblmail.service.permissions import require_admin, require_support_strict
from fblmail.store.tables import Mailbox, Membership, Organisation

NAME_MAX = 200


@dataclass(frozen=True)
class FblView:
    """A functional mailbox as administration shows it."""

    address: str
    organisation: str
    created_at: datetime
    closed_at: datetime | None
    closed_by: str | None
    members: int

    def to_json(self) -> dict[str, Any]:
        """JSON for scripts."""
        return {
            "address": self.address,
            "organisation": self.organisation,
            "created_at": self.created_at.isoformat(),
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "closed_by": self.closed_by,
            "members": self.members,
        }


def check_fbl_name(name: str, org: Organisation) -> str:
    """An FBL's name ends in "(FBL)"; a health centre's is "Vc XX Allmänmedicinska ... (FBL)"."""
    value = name.strip()
    if not value:
        raise InvalidInput(
            "Ange funktionsbrevlådans namn (--name).",
            "Give the functional mailbox's name (--name).",
            field="name",
        )
    if len(value) > NAME_MAX or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise InvalidInput(
            f"Namnet får vara högst {NAME_MAX} tecken utan kontrolltecken.",
            f"The name may be at most {NAME_MAX} characters without control characters.",
            field="name",
        )
    if not value.endswith(FBL_SUFFIX):
        raise InvalidInput(
            f"En funktionsbrevlådas namn slutar med {FBL_SUFFIX.strip()!r}, t.ex. "
            "'Karlstad kommun Hälso- och sjukvård (FBL)'.",
            f"A functional mailbox's name ends with {FBL_SUFFIX.strip()!r}, e.g. "
            "'Karlstad kommun Hälso- och sjukvård (FBL)'.",
            field="name",
        )
    if org.kind == "health_centre" and not (
        value.startswith(HEALTH_CENTRE_PREFIX) and value.endswith(HEALTH_CENTRE_FBL_SUFFIX)
    ):
        raise Refused(
            "En vårdcentrals funktionsbrevlåda heter 'Vc XX Allmänmedicinska mottagningen (FBL)'.",
            "A health centre's functional mailbox is called 'Vc XX Allmänmedicinska "
            "mottagningen (FBL)'.",
            field="name",
            rule="R5",
        )
    return value


class MailboxAdmin(ServiceBase):
    """Use cases over the FBLs themselves."""

    def create(self, organisation: str, name: str) -> FblView:
        """Create a unit's FBL; refused while the unit has an open one (R1)."""

        def work(session: Session, actor: Actor) -> FblView:
            require_admin(session, actor)
            org = find_organisation(session, organisation)
            if org.kind not in ("municipality", "health_centre"):
                raise InvalidInput(
                    "Funktionsbrevlådor finns bara för kommuner och vårdcentraler.",
                    "Functional mailboxes exist only for municipalities and health centres.",
                    field="org",
                )
            address = check_fbl_name(name, org)
            open_box = session.exec(
                select(Mailbox).where(
                    Mailbox.organisation_id == org.id,
                    Mailbox.kind == "fbl",
                    col(Mailbox.closed_at).is_(None),
                )
            ).first()
            if open_box is not None:
                raise Refused(
                    f"{org.name} har redan en öppen funktionsbrevlåda: {open_box.address}. Varje "
                    "enhet har en officiell FBL; stäng den först om den ska ersättas.",
                    f"{org.name} already has an open functional mailbox: {open_box.address}. "
                    "Each unit has one official FBL; close it first if it is to be replaced.",
                    field="org",
                    rule="R1",
                    target=AuditTarget(mailbox=open_box.address),
                )
            clash = session.exec(
                select(Mailbox).where(func.lower(Mailbox.address) == address.lower())
            ).first()
            if clash is not None:
                raise InvalidInput(
                    f"Namnet {one_line(address, 80)!r} används redan (även stängda brevlådor "
                    "behåller sina namn). Välj ett annat namn.",
                    f"The name {one_line(address, 80)!r} is already taken (closed mailboxes "
                    "keep their names). Choose another name.",
                    field="name",
                )
            box = Mailbox(
                address=address, kind="fbl", organisation_id=org.id or 0, created_at=self.clock()
            )
            session.add(box)
            session.flush()
            self._log(
                session, actor, "mailbox-create", mailbox=address, detail=f"FBL of {org.name}"
            )
            return self._view(session, box)

        return self._unit("mailbox-create", work, require_account=False)

    def close(self, fbl: str, *, confirm_name: str) -> FblView:
        """Close an FBL for good (R15). `confirm_name` must be the FBL's exact name."""

        def work(session: Session, actor: Actor) -> FblView:
            require_support_strict(actor)
            box = find_mailbox(session, fbl)
            if box.kind != "fbl":
                raise InvalidInput(
                    f"{box.address} är ingen funktionsbrevlåda.",
                    f"{box.address} is not a functional mailbox.",
                    field="mailbox",
                )
            if box.closed_at is not None:
                raise InvalidInput(
                    f"{box.address} är redan stängd (permanent).",
                    f"{box.address} is already closed (permanently).",
                    field="mailbox",
                )
            if confirm_name != box.address:
                raise InvalidInput(
                    "Namnet du skrev stämmer inte exakt med funktionsbrevlådans namn, så "
                    f"inget stängdes. Skriv: {box.address}",
                    "The name you typed does not exactly match the functional mailbox's name, "
                    f"so nothing was closed. Type: {box.address}",
                    field="confirm_name",
                    target=AuditTarget(mailbox=box.address),
                )
            box.closed_at, box.closed_by = self.clock(), actor.login
            session.add(box)
            self._log(
                session, actor, "mailbox-close", mailbox=box.address, detail="closed permanently"
            )
            return self._view(session, box)

        return self._unit("mailbox-close", work, target=AuditTarget(mailbox=fbl[:200]))

    def _view(self, session: Session, box: Mailbox) -> FblView:
        org = session.get(Organisation, box.organisation_id)
        members = session.exec(
            select(func.count())
            .select_from(Membership)
            .where(Membership.mailbox_id == box.id, col(Membership.active))
        ).one()
        return FblView(
            address=box.address,
            organisation=org.name if org else "",
            created_at=box.created_at,
            closed_at=box.closed_at,
            closed_by=box.closed_by,
            members=int(members),
        )

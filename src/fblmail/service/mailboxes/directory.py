"""The directory of units and FBLs (R1, R5): import from the shipped file, list, presets."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from fblmail.domain.directory_file import DirectoryData, OrgKind
from fblmail.errors import InvalidInput, NoAccess
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.permissions import require_support
from fblmail.service.views import AccountView, UnitView
from fblmail.store.tables import Account, Mailbox, Organisation, PresetEntry


@dataclass(frozen=True)
class ImportResult:
    """What an import changed."""

    created: int
    updated: int
    unchanged: int
    presets: int


class Directory(ServiceBase):
    """Use cases over the directory."""

    def import_directory(self, data: DirectoryData) -> ImportResult:
        """Upsert every unit, its FBL and the preset lists; running it twice changes nothing."""

        def work(session: Session, actor: Actor) -> ImportResult:
            empty = session.exec(select(Organisation.id)).first() is None
            require_support(session, actor, bootstrap=empty)
            now = self.clock()
            created = updated = unchanged = 0
            fbl_ids: dict[str, int] = {}
            for unit in data.units:
                org = session.exec(
                    select(Organisation).where(Organisation.code == unit.code)
                ).first()
                phone = unit.phone or None
                if org is None:
                    org = Organisation(
                        code=unit.code, name=unit.name, kind=str(unit.kind), phone=phone
                    )
                    session.add(org)
                    session.flush()
                    created += 1
                elif (org.name, org.kind, org.phone) != (unit.name, str(unit.kind), phone):
                    org.name, org.kind, org.phone = unit.name, str(unit.kind), phone
                    session.add(org)
                    updated += 1
                else:
                    unchanged += 1
                box = session.exec(
                    select(Mailbox).where(Mailbox.organisation_id == org.id, Mailbox.kind == "fbl")
                ).first()
                if box is None:
                    clash = session.exec(select(Mailbox).where(Mailbox.address == unit.fbl)).first()
                    if clash is not None:
                        raise InvalidInput(
                            f"rad {unit.line}: FBL-namnet {unit.fbl!r} används redan av en annan "
                            "enhet i databasen.",
                            f"line {unit.line}: the FBL name {unit.fbl!r} is already used by "
                            "another unit in the store.",
                            field="fbl",
                        )
                    box = Mailbox(
                        address=unit.fbl, kind="fbl", organisation_id=org.id or 0, created_at=now
                    )
                    session.add(box)
                    session.flush()
                elif box.address != unit.fbl:
                    box.address = unit.fbl
                    session.add(box)
                fbl_ids[unit.fbl] = box.id or 0
            presets = 0
            for unit in data.units:
                if unit.kind is not OrgKind.MUNICIPALITY:
                    continue
                org = session.exec(select(Organisation).where(Organisation.code == unit.code)).one()
                wanted = [fbl_ids[name] for name in unit.presets]
                current = session.exec(
                    select(PresetEntry)
                    .where(PresetEntry.municipality_id == org.id)
                    .order_by(col(PresetEntry.position))
                ).all()
                if [p.mailbox_id for p in current] != wanted:
                    for entry in current:
                        session.delete(entry)
                    session.flush()
                    for position, mailbox_id in enumerate(wanted):
                        session.add(
                            PresetEntry(
                                municipality_id=org.id or 0,
                                mailbox_id=mailbox_id,
                                position=position,
                            )
                        )
                presets += len(wanted)
            result = ImportResult(created, updated, unchanged, presets)
            self._log(
                session,
                actor,
                "directory-import",
                detail=f"{created} created, {updated} updated, {unchanged} unchanged",
            )
            return result

        return self._unit("directory-import", work, require_account=False)

    def units(self, *, preset_for: str | None = None) -> list[UnitView]:
        """All units with their FBLs, or one municipality's preset list in order (R5)."""
        with self.store.read() as session:
            if preset_for is not None:
                org = self._municipality(session, preset_for)
                rows = session.exec(
                    select(Organisation, Mailbox)
                    .join(Mailbox, col(Mailbox.organisation_id) == col(Organisation.id))
                    .join(PresetEntry, col(PresetEntry.mailbox_id) == col(Mailbox.id))
                    .where(PresetEntry.municipality_id == org.id)
                    .order_by(col(PresetEntry.position))
                ).all()
                return [self._view(session, o, m) for o, m in rows]
            rows = session.exec(
                select(Organisation, Mailbox)
                .join(Mailbox, col(Mailbox.organisation_id) == col(Organisation.id))
                .where(Mailbox.kind == "fbl")
                .order_by(col(Organisation.kind).desc(), col(Organisation.name))
            ).all()
            return [self._view(session, o, m) for o, m in rows]

    def recipients_for(self, from_fbl: str) -> tuple[list[UnitView], list[UnitView]]:
        """R5: (the sender's preset list, the global list without those), open FBLs only."""
        with self.store.read() as session:
            sender = session.exec(select(Mailbox).where(Mailbox.address == from_fbl)).first()
            org = session.get(Organisation, sender.organisation_id) if sender else None
        preset = self.units(preset_for=org.code) if org and org.kind == "municipality" else []
        preset_names = {u.fbl for u in preset}
        everything = [u for u in self.units() if u.fbl != from_fbl and not u.closed]
        return (
            [u for u in preset if not u.closed],
            [u for u in everything if u.fbl not in preset_names],
        )

    def colleagues(self) -> list[AccountView]:
        """R13: the named people a message can be forwarded to: active accounts of the
        user's own organisation, the user excepted, by name (`mailboxes` is not loaded)."""
        actor = self.actor()
        with self.store.read() as session:
            rows = session.exec(
                select(Account)
                .where(
                    Account.organisation_id == actor.organisation_id,
                    col(Account.active),
                    Account.login != actor.login,
                )
                .order_by(col(Account.full_name), col(Account.login))
            ).all()
            return [
                AccountView(
                    login=a.login,
                    full_name=a.full_name,
                    title=a.title,
                    organisation=actor.unit,
                    role=a.role,
                    active=a.active,
                    mailboxes=(),
                )
                for a in rows
            ]

    def _municipality(self, session: Session, name: str) -> Organisation:
        """A municipality by code or name: unknown is exit 4, a health centre bad input."""
        wanted = name.strip().lower()
        kinds = []
        for org in session.exec(select(Organisation)).all():
            if wanted in (org.code.lower(), org.name.lower()):
                if org.kind == "municipality":
                    return org
                kinds.append(org.kind)
        error = NoAccess if not kinds else InvalidInput
        raise error(
            f"{name!r} är ingen kommun i katalogen. Se `fblmail directory list`.",
            f"{name!r} is not a municipality in the directory. See `fblmail directory list`.",
            field="preset_for",
        )

    def _view(self, session: Session, org: Organisation, box: Mailbox) -> UnitView:
        presets: tuple[str, ...] = ()
        if org.kind == "municipality":
            presets = tuple(
                session.exec(
                    select(Mailbox.address)
                    .join(PresetEntry, col(PresetEntry.mailbox_id) == col(Mailbox.id))
                    .where(PresetEntry.municipality_id == org.id)
                    .order_by(col(PresetEntry.position))
                ).all()
            )
        return UnitView(
            org.code, org.name, org.kind, box.address, box.closed_at is not None, presets
        )

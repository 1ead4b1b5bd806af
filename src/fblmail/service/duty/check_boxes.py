"""Who is checking and which FBLs: the acting user and the mailboxes of one check (R4).

Light on purpose (no SQLAlchemy): `fblmail check` reads these through the plain DB-API
`Reader`, and the app's duty screen through the same functions over its session.

Who may check an FBL: its active members; a unit manager may also check every FBL of the
unit. History shows no patient data, so the support unit may see any FBL's history too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from fblmail.domain.safe_text import one_line
from fblmail.errors import AuditTarget, InvalidInput, NoAccess
from fblmail.store.query.check import Reader, must_time, stored_time


class Member(Protocol):
    """What the check asks of the acting user (`service.context.Actor` has it too)."""

    @property
    def login(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def organisation_id(self) -> int | None: ...
    @property
    def fbl_ids(self) -> frozenset[int]: ...
    @property
    def is_support(self) -> bool: ...


@dataclass(frozen=True)
class BoxRow:
    """A mailbox as the check reads it."""

    id: int
    address: str
    kind: str
    organisation_id: int
    created_at: datetime
    closed_at: datetime | None


_BOX_COLUMNS = "mb.id, mb.address, mb.kind, mb.organisation_id, mb.created_at, mb.closed_at"


def _box(row: tuple[Any, ...]) -> BoxRow:
    box_id, address, kind, org_id, created, closed = row
    return BoxRow(int(box_id), address, kind, int(org_id), must_time(created), stored_time(closed))


def find_box(db: Reader, name: str) -> BoxRow:
    """A mailbox by its exact address, or a unit's FBL by the unit's code or name."""
    wanted = name.strip()
    found = db.one(f"SELECT {_BOX_COLUMNS} FROM mailbox mb WHERE mb.address = ?", (wanted,))  # noqa: S608
    if found is not None:
        return _box(found)
    # Compared in Python: SQLite's lower() folds ASCII only, so "årjäng" would miss
    # "Årjäng" there but not on PostgreSQL. The directory is a few dozen FBLs. A unit
    # whose FBL was closed and replaced is found by its open FBL first.
    key = wanted.casefold()
    for row in db.all(
        f"SELECT {_BOX_COLUMNS}, o.code, o.name FROM mailbox mb "  # noqa: S608
        "JOIN organisation o ON o.id = mb.organisation_id WHERE mb.kind = 'fbl' "
        "ORDER BY mb.closed_at IS NOT NULL, mb.id"
    ):
        if key in (str(row[6]).casefold(), str(row[7]).casefold(), str(row[1]).casefold()):
            return _box(row[:6])
    shown = one_line(wanted, 80)
    raise NoAccess(
        f"Det finns ingen brevlåda som heter {shown!r}. Se "
        "`fblmail directory list` för rätt namn.",
        f"There is no mailbox called {shown!r}. See `fblmail directory list` for the right name.",
        field="mailbox",
        target=AuditTarget(mailbox=wanted[:200]),
    )


def may_check(actor: Member, box: BoxRow) -> bool:
    """Members check their FBL; the unit's manager may check all the unit's FBLs."""
    if box.id in actor.fbl_ids:
        return True
    return actor.role == "manager" and box.organisation_id == actor.organisation_id


def checked_boxes(
    db: Reader, actor: Member, names: Sequence[str], *, history: bool = False
) -> list[BoxRow]:
    """The FBLs named, or by default the open FBLs the user belongs to.

    For the history a manager's default is every FBL of the unit, and support may name any.
    """
    if names:
        boxes: list[BoxRow] = []
        for name in names:
            box = find_box(db, name)
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
    rows = db.all(
        f"SELECT {_BOX_COLUMNS} FROM mailbox mb "  # noqa: S608
        "WHERE mb.kind = 'fbl' AND mb.closed_at IS NULL ORDER BY mb.address"
    )
    every = [_box(r) for r in rows]
    if history and actor.is_support:
        boxes = every
    elif history and actor.role == "manager":
        boxes = [
            b for b in every if b.id in actor.fbl_ids or b.organisation_id == actor.organisation_id
        ]
    else:
        boxes = [b for b in every if b.id in actor.fbl_ids]
    if not boxes:
        raise InvalidInput(
            "Du bevakar ingen öppen funktionsbrevlåda. Ange en med --mailbox, eller be din chef "
            "ansöka om behörighet.",
            "You monitor no open functional mailbox. Name one with --mailbox, or ask your "
            "manager to request access.",
            field="mailbox",
        )
    return boxes

"""Every role × every command of issue 5 (and the admin commands of issue 2).

Each command is allowed or refused in the service layer, and each refusal leaves exactly
one refused-attempt row in the access log (no more, no less); an allowed command leaves
none. Roles: staff (anna), unit manager (fia), support (sara), a login without an account,
and an ended account (olle).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from fblmail.domain.directory_file import parse_directory
from fblmail.errors import FblError
from fblmail.service import Messenger
from kit.people import ARVIKA, DIRECTORY_FILE, KARLSTAD, TOLVAN, TOLVAN_SAMORDNING, World
from kit.service import end_account, file_new
from kit.stores import last_log_id, refusals

EDA = "Eda kommun Hälso- och sjukvård (FBL)"
FILIPSTAD = "Filipstad kommun Hälso- och sjukvård (FBL)"

ROLES = {
    "staff": "anna.ssk",
    "manager": "fia.chef",
    "support": "sara.support",
    "no account": "nobody",
    "ended": "olle.ssk",
}
EVERYONE = frozenset(ROLES)
SUPPORT = frozenset({"support"})
MANAGERS = frozenset({"support", "manager"})
MEMBERS = frozenset({"staff", "manager"})  # of Karlstad's FBL, which holds the message


@dataclass(frozen=True)
class Fixture:
    """What the commands act on, set up before the matrix runs."""

    message_id: str
    approve_id: int
    reject_id: int
    folder: Path


Command = Callable[[Messenger, Fixture], object]

COMMANDS: dict[str, tuple[Command, frozenset[str]]] = {
    "access request new (self)": (
        lambda m, f: m.access.request(
            "new",
            reason="Behöver Arvikas FBL",
            mailboxes=[ARVIKA],
            full_name="Någon Ny",
            organisation="karlstad",
        ),
        EVERYONE,
    ),
    "access request end --for": (
        lambda m, f: m.access.request("end", for_login="bengt.ssk", reason="Slutar"),
        MANAGERS,
    ),
    "access list": (lambda m, f: m.access.list_requests("all"), SUPPORT),
    "access approve": (lambda m, f: m.access.approve(f.approve_id), SUPPORT),
    "access reject": (lambda m, f: m.access.reject(f.reject_id, "Ingen tjänst"), SUPPORT),
    "admin accounts": (lambda m, f: m.access.inactive_accounts(30), MANAGERS),
    "admin mailbox create": (
        lambda m, f: m.mailbox_admin.create("filipstad", "Filipstad kommun Vård (FBL)"),
        SUPPORT,
    ),
    "admin mailbox close": (lambda m, f: m.mailbox_admin.close(EDA, confirm_name=EDA), SUPPORT),
    "audit": (lambda m, f: m.audit.search(patient=TOLVAN), MANAGERS),
    "audit patient": (lambda m, f: m.audit.patient_extract(TOLVAN), SUPPORT),
    "audit sample": (lambda m, f: m.audit.sample(n=5, seed=1), MANAGERS),
    "audit review record": (
        lambda m, f: m.audit.record_review(seed=1, n=5, outcome="ok"),
        MANAGERS,
    ),
    "audit review list": (lambda m, f: m.audit.reviews(), MANAGERS),
    "audit verify": (lambda m, f: m.audit.verify(), SUPPORT),
    "print": (
        lambda m, f: m.printing.print_message(
            f.message_id, fmt="text", output=f.folder / f"{m.login}.txt"
        ),
        MEMBERS,
    ),
    "close": (
        lambda m, f: m.printing.close_thread(f.message_id, printouts_destroyed=True),
        MEMBERS,
    ),
    "admin account add": (
        lambda m, f: m.admin.add_account("ny.ssk", full_name="Ny Person", organisation="arvika"),
        SUPPORT,
    ),
    "admin member add": (lambda m, f: m.admin.add_member("erik.ssk", KARLSTAD), SUPPORT),
    "admin member remove": (lambda m, f: m.admin.remove_member("erik.ssk", KARLSTAD), SUPPORT),
    "admin coordination import": (
        lambda m, f: m.admin.import_coordination_register([TOLVAN_SAMORDNING]),
        SUPPORT,
    ),
    "directory import": (
        lambda m, f: m.directory.import_directory(
            parse_directory(DIRECTORY_FILE.read_text("utf-8"))
        ),
        SUPPORT,
    ),
}


def _setup(world: World, folder: Path) -> Fixture:
    support = world.as_("sara.support")
    support.admin.add_account(
        "olle.ssk", full_name="Olle Olsson", organisation="karlstad", mailboxes=[KARLSTAD]
    )
    end_account(world, "olle.ssk")
    support.mailbox_admin.close(FILIPSTAD, confirm_name=FILIPSTAD)
    return Fixture(
        message_id=world.send("anna.ssk"),
        approve_id=file_new(world, "x1.ssk", full_name="X Ett"),
        reject_id=file_new(world, "x2.ssk", full_name="X Två"),
        folder=folder,
    )


@pytest.mark.parametrize("role", list(ROLES))
def test_access_matrix(world: World, role: str, tmp_path: Path) -> None:
    fixture = _setup(world, tmp_path)
    login = ROLES[role]
    who = world.as_(login)
    outcomes: dict[str, str] = {}
    for name, (command, allowed) in COMMANDS.items():
        before = last_log_id(world.store)
        try:
            command(who, fixture)
        except FblError as exc:
            outcomes[name] = f"refused ({type(exc).__name__}: {exc.sv[:80]})"
        else:
            outcomes[name] = "allowed"
        refused_rows = refusals(world.store, login, before)
        expected = "allowed" if role in allowed else "refused"
        assert outcomes[name].split(" ")[0] == expected, (name, outcomes[name])
        assert len(refused_rows) == (0 if expected == "allowed" else 1), (name, refused_rows)
        if refused_rows:
            assert refused_rows[0].outcome in ("denied", "refused")
    assert len(outcomes) == len(COMMANDS)

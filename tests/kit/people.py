"""The standard cast: Värmland's directory, the users, the test patients, a controllable clock.

Every tier builds its stores from this (`populate`), so the names and FBLs are the same in a
service test, a command-line test and a snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fblmail.domain.directory_file import parse_directory
from fblmail.service import Messenger, Outgoing
from fblmail.store.engine import Store

REPO = Path(__file__).resolve().parents[2]
DIRECTORY_FILE = REPO / "data" / "varmland.directory"

KARLSTAD = "Karlstad kommun Hälso- och sjukvård (FBL)"
ARVIKA = "Arvika kommun Hälso- och sjukvård (FBL)"
HERRHAGEN = "Vc Herrhagen Allmänmedicinska mottagningen (FBL)"
GRIPEN = "Vc Gripen Allmänmedicinska mottagningen (FBL)"

TOLVAN = "19121212-1212"
TOLVAN_SAMORDNING = "19121272-1219"

# login, name, title, organisation code, role, FBLs
CAST = (
    ("sara.support", "Sara Support", "Systemförvaltare", "support", "support", ()),
    ("anna.ssk", "Anna Andersson", "Sjuksköterska", "karlstad", "staff", (KARLSTAD,)),
    ("bengt.ssk", "Bengt Berg", "Sjuksköterska", "karlstad", "staff", (KARLSTAD,)),
    ("fia.chef", "Fia Fransson", "Enhetschef", "karlstad", "manager", (KARLSTAD,)),
    ("cecilia.dr", "Cecilia Carlsson", "Läkare", "vc-herrhagen", "staff", (HERRHAGEN,)),
    ("david.ssk", "David Dahl", "Distriktssköterska", "vc-herrhagen", "staff", (HERRHAGEN,)),
    ("erik.ssk", "Erik Ek", "Sjuksköterska", "arvika", "staff", (ARVIKA,)),
    ("gustav.ssk", "Gustav Gran", "Sjuksköterska", "vc-gripen", "staff", (GRIPEN,)),
)


@dataclass
class FakeClock:
    """A clock the test moves by hand; always aware UTC."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 2, 8, 30, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        """Move time forward, e.g. `clock.advance(hours=71)`."""
        self.now += timedelta(**kwargs)
        return self.now


@dataclass
class World:
    """A store with Värmland's directory and the standard cast."""

    store: Store
    clock: FakeClock

    def as_(self, login: str) -> Messenger:
        """The service layer acting as `login`."""
        return Messenger(self.store, login, self.clock)

    def send(self, login: str = "anna.ssk", **overrides: object) -> str:
        """Send a valid message (overrides change fields) and return its id."""
        values: dict[str, object] = {
            "from_fbl": KARLSTAD,
            "to_fbl": HERRHAGEN,
            "category": "Frågeställning",
            "patient": TOLVAN,
            "subject": "Fråga om läkemedelslista",
            "body": "Stämmer läkemedelslistan efter utskrivningen?",
            "no_coordination_case": True,
        }
        values.update(overrides)
        return self.as_(login).messaging.send(Outgoing(**values)).id  # type: ignore[arg-type]


def populate(store: Store, clock: FakeClock) -> World:
    """Import the shipped directory and create the cast."""
    admin = Messenger(store, "sara.support", clock)
    admin.directory.import_directory(parse_directory(DIRECTORY_FILE.read_text("utf-8")))
    for login, name, title, org, role, boxes in CAST:
        admin.admin.add_account(
            login, full_name=name, title=title, organisation=org, role=role, mailboxes=boxes
        )
    return World(store, clock)

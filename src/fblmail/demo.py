"""The demo store: Värmland's directory, a small staff and a few hundred synthetic messages.

Everything goes through the service layer, so every rule of the routine holds and every
action is in the access log, exactly as if people had used the program. A fake clock walks
forward through the last 30 days, so the messages end up in every state: waiting, under
24 hours left, overdue, answered, FYI ("För kännedom"), with journal-note links, forwarded
to a person, read and unread, some in the trash, plus a few drafts. The clock ends just
before the real time, so the states are right when the app opens.

The same seed gives the same content at the same times relative to now. Patients come
only from Skatteverket's test series (`make_test_patient_ids`) and Tolvan Tolvansson.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from fblmail.clock import to_local, utc_now
from fblmail.demo_texts import (
    DEMO_USER,
    DRAFTS,
    FORCED,
    FORWARD_NOTES,
    GRIPEN,
    HERRHAGEN,
    JOURNAL_TITLES,
    KARLSTAD,
    PAIRS,
    PLACEHOLDERS,
    STAFF,
    TEMPLATES,
    THANKS,
    TOLVAN,
    Template,
)

__all__ = ["DEMO_USER", "STAFF", "THREADS", "DemoReport", "build_demo"]

if TYPE_CHECKING:
    from fblmail.service import Messenger
    from fblmail.store.engine import Store

THREADS = 160
DAYS_BACK = 30
PATIENTS = 45


@dataclass(frozen=True)
class DemoReport:
    """What `build_demo` made."""

    url: str
    messages: int
    threads: int
    accounts: int
    drafts: int
    logins: tuple[str, ...]
    coordination_patients: tuple[str, ...]


@dataclass
class _Plan:
    """One conversation to play out."""

    origin: str
    counterpart: str
    sender: str
    template: Template
    fill: dict[str, str]
    patient: str
    sent_at: datetime
    message_id: str
    journal: tuple[str, str] | None = None
    reply_id: str | None = None


@dataclass(order=True)
class _Event:
    at: datetime
    order: int
    action: Callable[[], None] = field(compare=False)


@dataclass
class _Clock:
    """The demo's fake clock: set to each event's time before it runs."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


def _send_times(rng: random.Random, n: int, now: datetime) -> list[datetime]:
    """`n` sending times in office hours (07:30–16:30 local), mostly on weekdays."""
    times: list[datetime] = []
    while len(times) < n:
        back = rng.uniform(0, 4) if rng.random() < 0.35 else rng.uniform(0, DAYS_BACK)
        day = to_local(now - timedelta(days=back))
        if day.weekday() >= 5 and rng.random() < 0.85:
            continue
        minute = rng.randrange(7 * 60 + 30, 16 * 60 + 30)
        local = day.replace(hour=minute // 60, minute=minute % 60, second=rng.randrange(60))
        at = local.astimezone(UTC).replace(microsecond=0)
        if at < now - timedelta(minutes=10):
            times.append(at)
    return sorted(times)


def _in_office_hours(at: datetime) -> bool:
    local = to_local(at)
    return local.weekday() < 5 and (7, 30) <= (local.hour, local.minute) < (16, 30)


class _Builder:
    """Plays the demo's conversations through the service layer in time order."""

    def __init__(self, store: Store, seed: int, now: datetime, threads: int) -> None:
        from fblmail.domain.personnummer import make_test_patient_ids

        self.store = store
        self.threads = threads
        self.rng = random.Random(seed)
        self.now = now
        self.clock = _Clock(now - timedelta(days=DAYS_BACK + 1))
        self.messengers: dict[str, Messenger] = {}
        self.members: dict[str, list[str]] = {}
        self.people = {row[0]: row for row in STAFF}
        for login, *_rest, boxes in STAFF:
            for box in boxes:
                self.members.setdefault(box, []).append(login)
        ids = [p.display() for p in make_test_patient_ids(PATIENTS + 2, seed)]
        self.patients = [TOLVAN, *ids[:PATIENTS]]
        self.coordination = ids[PATIENTS:]
        self.events: list[_Event] = []

    def as_(self, login: str) -> Messenger:
        from fblmail.service import Messenger

        if login not in self.messengers:
            self.messengers[login] = Messenger(self.store, login, self.clock)
        return self.messengers[login]

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def at(self, when: datetime, action: Callable[[], None]) -> None:
        if when < self.now - timedelta(minutes=1):
            self.events.append(_Event(when, len(self.events), action))

    # -- set-up ----------------------------------------------------------------------------

    def setup(self) -> None:
        from fblmail.domain.directory_file import parse_directory
        from fblmail.resources import DIRECTORY_FILE

        admin = self.as_("sara.support")
        admin.directory.import_directory(parse_directory(DIRECTORY_FILE.read_text("utf-8")))
        for login, name, title, org, role, boxes in STAFF:
            admin.admin.add_account(
                login, full_name=name, title=title, organisation=org, role=role, mailboxes=boxes
            )
        admin.admin.import_coordination_register(self.coordination)

    # -- planning --------------------------------------------------------------------------

    def plan_all(self) -> None:
        rng = self.rng
        times = _send_times(rng, self.threads, self.now)
        by_category = sorted({t.category for t in TEMPLATES})
        weights = [0.35 if t.category == "För kännedom" else 1.0 for t in TEMPLATES]
        for number, sent in enumerate(times):
            if number < len(by_category):  # every category at least once
                template = rng.choice([t for t in TEMPLATES if t.category == by_category[number]])
            else:
                template = rng.choices(TEMPLATES, weights)[0]
            municipality, centre, _w = rng.choices(PAIRS, [p[2] for p in PAIRS])[0]
            self.plan(template, municipality, centre, sent, None)
        asking = [t for t in TEMPLATES if t.category != "För kännedom"]
        for number, (least, most, side, answered) in enumerate(FORCED):
            template = rng.choice([t for t in asking if t.side == side])
            centre = HERRHAGEN if number % 2 == 0 else GRIPEN
            self.plan(template, KARLSTAD, centre, self.office_time_between(least, most), answered)

    def plan(
        self,
        template: Template,
        municipality: str,
        centre: str,
        sent: datetime,
        answered: bool | None,
    ) -> None:
        rng = self.rng
        origin, counterpart = (
            (municipality, centre) if template.side == "m" else (centre, municipality)
        )
        senders = self.members[origin]
        sender = DEMO_USER if origin == KARLSTAD and rng.random() < 0.5 else rng.choice(senders)
        fill = {key: rng.choice(values) for key, values in PLACEHOLDERS.items()}
        plan = _Plan(
            origin, counterpart, sender, template, fill, rng.choice(self.patients), sent, self.uid()
        )
        if template.side == "v" and rng.random() < 0.4:
            plan.journal = self.journal_link(sent)
        self.at(sent, lambda: self.send(plan))
        age = (self.now - sent) / timedelta(hours=1)

        # People read and answer in office hours (R4: the FBL is checked morning and
        # afternoon), unless that would be too late for a forced thread's state.
        def work(at: datetime) -> datetime:
            moved = self.working_time(at)
            return at if answered is not None and moved > self.now - timedelta(hours=1) else moved

        read_at = work(sent + timedelta(hours=rng.uniform(0.2, 8)))
        if age > 1.5 and rng.random() < 0.9:
            self.at(read_at, lambda: self.read(plan.counterpart, plan.message_id))
        if len(self.members[counterpart]) > 1 and rng.random() < 0.08:
            self.at(read_at + timedelta(minutes=20), lambda: self.forward(plan))
        if template.category == "För kännedom":
            return
        if answered is None:
            chance = 0.82 if age > 72 else 0.55 if age > 24 else 0.3
            answered = rng.random() < chance
        if not answered or age < 1:
            return
        late = age > 100 and rng.random() < 0.1
        delay = rng.uniform(73, min(age - 0.5, 110)) if late else rng.uniform(0.5, min(age, 70))
        reply_at = work(sent + timedelta(hours=delay))
        self.at(reply_at, lambda: self.reply(plan))
        reader = rng.choice(self.members[origin])
        self.at(
            work(reply_at + timedelta(hours=rng.uniform(0.2, 9))),
            lambda: self.read(plan.origin, plan.reply_id, reader),
        )
        if rng.random() < 0.12:
            self.at(work(reply_at + timedelta(hours=rng.uniform(1, 20))), lambda: self.thank(plan))
        if age > 24 * 7 and rng.random() < 0.15:
            self.at(work(reply_at + timedelta(hours=rng.uniform(24, 72))), lambda: self.trash(plan))

    def working_time(self, at: datetime) -> datetime:
        """`at`, or the next weekday office-hours moment after it (local time)."""
        local = to_local(at)
        opens = local.replace(hour=7, minute=30, second=0)
        if local < opens:
            local = opens + timedelta(minutes=self.rng.uniform(0, 90))
        elif local > opens.replace(hour=16, minute=30):
            local = opens + timedelta(days=1, minutes=self.rng.uniform(0, 90))
        while local.weekday() >= 5:
            local += timedelta(days=1)
        return local.astimezone(UTC).replace(microsecond=0)

    def office_time_between(self, least: float, most: float) -> datetime:
        """A random weekday office-hours moment between `most` and `least` hours ago."""
        start = self.now - timedelta(hours=most)
        steps = int((most - least) * 4)
        moments = [start + timedelta(minutes=15 * i) for i in range(steps + 1)]
        fitting = [m for m in moments if _in_office_hours(m)]
        return self.rng.choice(fitting or moments).replace(microsecond=0)

    def journal_link(self, when: datetime) -> tuple[str, str]:
        reference = f"cosmic:journal/{self.rng.randrange(1_000_000, 9_999_999)}"
        title = f"{self.rng.choice(JOURNAL_TITLES)} {to_local(when):%Y-%m-%d}"
        return reference, title

    # -- actions (run with the clock at their time) --------------------------------------------

    def signed(self, login: str, text: str, fill: dict[str, str]) -> str:
        _login, name, title, *_rest = self.people[login]
        return f"{text.format(**fill)}\n\nMed vänlig hälsning\n{name}, {title.lower()}"

    def send(self, plan: _Plan) -> None:
        from fblmail.service import Outgoing

        t, (note, title) = plan.template, plan.journal or (None, None)
        self.as_(plan.sender).messaging.send(
            Outgoing(
                from_fbl=plan.origin,
                to_fbl=plan.counterpart,
                category=t.category,
                patient=plan.patient,
                subject=t.subject.format(**plan.fill),
                body=self.signed(plan.sender, t.body, plan.fill),
                journal_note=note,
                journal_title=title,
                fyi_no_risk=t.category == "För kännedom",
                no_coordination_case=True,
                not_acute=t.not_acute,
                message_id=plan.message_id,
            )
        )

    def read(self, mailbox: str, message_id: str | None, reader: str | None = None) -> None:
        if message_id is not None:
            who = reader or self.rng.choice(self.members[mailbox])
            self.as_(who).folders.show(message_id, mailbox=mailbox)

    def reply(self, plan: _Plan) -> None:
        replier = self.rng.choice(self.members[plan.counterpart])
        attach = plan.template.side == "m" and self.rng.random() < 0.25
        note, title = self.journal_link(self.clock()) if attach else (None, None)
        summary = self.as_(replier).messaging.reply(
            plan.message_id,
            self.signed(replier, self.rng.choice(plan.template.replies), plan.fill),
            journal_note=note,
            journal_title=title,
            message_id=self.uid(),
        )
        plan.reply_id = summary.id

    def thank(self, plan: _Plan) -> None:
        if plan.reply_id is not None:
            who = self.rng.choice(self.members[plan.origin])
            text = self.signed(who, self.rng.choice(THANKS), plan.fill)
            self.as_(who).messaging.reply(plan.reply_id, text, message_id=self.uid())

    def forward(self, plan: _Plan) -> None:
        box = plan.counterpart
        forwarder, person = self.rng.sample(self.members[box], 2)
        if box == KARLSTAD and forwarder != DEMO_USER:
            person = DEMO_USER  # the demo user gets forwards in her personal mailbox
        note = self.rng.choice(FORWARD_NOTES)
        self.as_(forwarder).messaging.forward(
            plan.message_id, person, recipient_informed=True, note=note
        )

    def trash(self, plan: _Plan) -> None:
        if plan.reply_id is not None:
            who = self.rng.choice(self.members[plan.origin])
            self.as_(who).folders.delete(plan.reply_id, mailbox=plan.origin)

    def drafts(self) -> int:
        from fblmail.service.mailboxes.drafts import DraftInput

        self.clock.now = self.now - timedelta(minutes=5)
        for login, sender, to, category, patient, subject, body in DRAFTS:
            content = DraftInput(sender, to, category, self.patients[patient], subject, body)
            self.as_(login).drafts.save(content, self.uid())
        return len(DRAFTS)

    def run(self) -> None:
        for event in sorted(self.events):
            self.clock.now = event.at
            event.action()


def build_demo(
    url: str, *, seed: int = 1, now: datetime | None = None, threads: int = THREADS
) -> DemoReport:
    """Create the demo store at `url` (an empty or new SQLite file) and fill it.

    `threads` conversations (plus a few that show every deadline state) end at `now`.
    """
    from sqlalchemy import event, func
    from sqlmodel import select

    from fblmail.store.engine import Store, make_engine
    from fblmail.store.schema import upgrade_schema
    from fblmail.store.tables import Account, Message, Thread

    TABLES = (Message, Thread, Account)  # noqa: N806 (a local constant)

    if not url.startswith("sqlite"):
        raise ValueError("the demo store is an SQLite file")
    engine = make_engine(url)

    # A demo is rebuilt from scratch, never precious while it is being built: skip the
    # per-commit fsync (the store itself keeps synchronous=FULL whenever it is opened).
    @event.listens_for(engine, "connect")
    def _fast(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA synchronous=OFF")

    try:
        upgrade_schema(engine)
        store = Store(engine)
        builder = _Builder(store, seed, (now or utc_now()).replace(microsecond=0), threads)
        builder.setup()
        builder.plan_all()
        builder.run()
        drafts = builder.drafts()
        with store.read() as session:
            count = {t: session.exec(select(func.count()).select_from(t)).one() for t in TABLES}
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return DemoReport(
        url=url,
        messages=count[Message],
        threads=count[Thread],
        accounts=count[Account],
        drafts=drafts,
        logins=tuple(row[0] for row in STAFF),
        coordination_patients=tuple(builder.coordination),
    )

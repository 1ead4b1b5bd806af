"""Issue 13: a property-based test of the whole service (Hypothesis state machine).

Random sequences of send, reply, forward, read, delete, restore, move, purge, resolve,
close, and access requests approved (a new account, an ended one) by several users, on
SQLite and PostgreSQL. After every step: nothing half-written, every action in the access
log and the chain verifies, deadlines consistent with answers, what each user sees is
within their mailboxes, and purged text is gone from the store.

`./dev test` runs a bounded number of examples (profile "ci"); for a nightly run use
`HYPOTHESIS_PROFILE=nightly ./dev test -k state_machine` (many more, longer examples).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import cast

import psycopg
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, text
from sqlalchemy.engine import make_url
from sqlmodel import col, select

from fblmail.errors import FblError
from fblmail.service import Outgoing
from fblmail.service.audit.verify import walk_chain
from fblmail.store.engine import Store, make_engine
from fblmail.store.tables import (
    AccessLog,
    Account,
    Mailbox,
    MailboxItem,
    Membership,
    Message,
    Thread,
)
from kit.people import (
    ARVIKA,
    GRIPEN,
    HERRHAGEN,
    KARLSTAD,
    TOLVAN,
    TOLVAN_SAMORDNING,
    FakeClock,
    World,
)

settings.register_profile(
    "ci",
    max_examples=5,
    stateful_step_count=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)
settings.register_profile(
    "nightly",
    max_examples=300,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

STAFF = ("anna.ssk", "bengt.ssk", "fia.chef", "cecilia.dr", "david.ssk", "erik.ssk", "gustav.ssk")
HOME = {
    "anna.ssk": KARLSTAD,
    "bengt.ssk": KARLSTAD,
    "fia.chef": KARLSTAD,
    "cecilia.dr": HERRHAGEN,
    "david.ssk": HERRHAGEN,
    "erik.ssk": ARVIKA,
    "gustav.ssk": GRIPEN,
}
# Municipality ↔ health centre pairs that may write to each other (R1, R5).
PEERS = {KARLSTAD: (HERRHAGEN, GRIPEN), ARVIKA: (HERRHAGEN, GRIPEN), HERRHAGEN: (KARLSTAD,
         ARVIKA), GRIPEN: (KARLSTAD, ARVIKA)}
users = st.sampled_from(STAFF)
OUTCOMES: dict[str, int] = {}  # how the actions ended, over the run (shown with -s)
folders = st.sampled_from(["inbox", "sent", "trash"])


class ServiceMachine(RuleBasedStateMachine):
    """The service layer driven at random by the test cast over one store."""

    messages = Bundle("messages")

    def __init__(self, world: World, cleanup: Callable[[], None]) -> None:
        super().__init__()
        self.world = world
        self.cleanup = cleanup
        self.ended: set[str] = set()
        self.extra: dict[str, str] = {}  # logins created by an approved request → home FBL
        self.tokens: dict[str, str] = {}  # message id → the unique word in its body
        self.purged: set[str] = set()  # tokens of messages purged for good

    def teardown(self) -> None:
        """Drop this example's store."""
        self.world.store.engine.dispose()
        self.cleanup()

    # -- helpers -------------------------------------------------------------------------

    def _log_size(self) -> int:
        with self.world.store.read() as session:
            return int(session.exec(select(func.count()).select_from(AccessLog)).one())

    def _act(self, work: object) -> object:
        """Run one action; an expected refusal is fine, but either way it is logged."""
        before = self._log_size()
        try:
            result = work()  # type: ignore[operator]
        except FblError as error:
            result = None
            OUTCOMES[type(error).__name__] = OUTCOMES.get(type(error).__name__, 0) + 1
        else:
            OUTCOMES["done"] = OUTCOMES.get("done", 0) + 1
        assert self._log_size() > before, "an action left no row in the access log"
        self.world.clock.advance(minutes=37)
        return result

    # -- rules -----------------------------------------------------------------------------

    @rule(target=messages, sender=users, pick=st.integers(0, 1), twin=st.booleans())
    def send(self, sender: str, pick: int, twin: bool) -> str:
        home = self.extra.get(sender, HOME[sender])
        token = uuid.uuid4().hex
        out = Outgoing(
            from_fbl=home,
            to_fbl=PEERS[home][pick],
            category="Frågeställning",
            patient=TOLVAN_SAMORDNING if twin else TOLVAN,
            subject=f"Fråga {token[:6]}",
            body=f"Stämmer listan? {token}",
            no_coordination_case=True,
        )
        sent = self._act(lambda: self.world.as_(sender).messaging.send(out))
        if sent is None:
            return "00000000-0000-4000-8000-000000000000"
        self.tokens[sent.id] = token  # type: ignore[attr-defined]
        return sent.id  # type: ignore[attr-defined,no-any-return]

    @rule(target=messages, user=users, ref=messages)
    def reply(self, user: str, ref: str) -> str:
        token = uuid.uuid4().hex
        done = self._act(lambda: self.world.as_(user).messaging.reply(ref, f"Svar {token}"))
        if done is None:
            return ref
        self.tokens[done.id] = token  # type: ignore[attr-defined]
        return done.id  # type: ignore[attr-defined,no-any-return]

    @rule(user=users, colleague=users, ref=messages)
    def forward(self, user: str, colleague: str, ref: str) -> None:
        self._act(
            lambda: self.world.as_(user).messaging.forward(
                ref, colleague, recipient_informed=True, note="Din patient"
            )
        )

    @rule(user=users, ref=messages)
    def read(self, user: str, ref: str) -> None:
        self._act(lambda: self.world.as_(user).folders.show(ref))

    @rule(user=users, ref=messages)
    def delete(self, user: str, ref: str) -> None:
        self._act(lambda: self.world.as_(user).folders.delete(ref))

    @rule(user=users, ref=messages)
    def restore(self, user: str, ref: str) -> None:
        self._act(lambda: self.world.as_(user).folders.restore(ref))

    @rule(user=users, ref=messages, folder=folders)
    def move(self, user: str, ref: str, folder: str) -> None:
        self._act(lambda: self.world.as_(user).folders.move(ref, folder))

    @rule(user=users, folder=st.sampled_from(["trash", None]))
    def purge(self, user: str, folder: str | None) -> None:
        home = self.extra.get(user, HOME[user])
        self._act(
            lambda: self.world.as_(user).purge.purge(
                home, folder=folder, all_folders=folder is None
            )
        )
        self._note_purged()

    @rule(days=st.sampled_from([100, 400]))
    def expire(self, days: int) -> None:
        self.world.clock.advance(days=days)
        self._act(lambda: self.world.as_("sara.support").purge.expired())
        self._note_purged()

    @rule(user=users, ref=messages)
    def resolve(self, user: str, ref: str) -> None:
        self.world.clock.advance(hours=73)
        self._act(lambda: self.world.as_(user).resolutions.resolve(ref, "phone", "Ringde"))

    @rule(user=users, ref=messages)
    def close(self, user: str, ref: str) -> None:
        self._act(
            lambda: self.world.as_(user).printing.close_thread(ref, printouts_destroyed=True)
        )

    @rule(user=st.sampled_from(["anna.ssk", "bengt.ssk"]))
    def end_account(self, user: str) -> None:
        def work() -> object:
            asked = self.world.as_("fia.chef").access.request(
                "end", reason="Slutat", for_login=user
            )
            return self.world.as_("sara.support").access.approve(asked.id)

        if self._act(work) is not None:
            self.ended.add(user)

    @rule()
    def new_account(self) -> None:
        login = f"ny{len(self.extra)}.ssk"

        def work() -> object:
            asked = self.world.as_("fia.chef").access.request(
                "new",
                reason="Ny tjänst",
                for_login=login,
                full_name="Nora Nyström",
                organisation="karlstad",
                title="Sjuksköterska",
                mailboxes=[KARLSTAD],
            )
            return self.world.as_("sara.support").access.approve(asked.id)

        if self._act(work) is not None:
            self.extra[login] = KARLSTAD

    def _note_purged(self) -> None:
        with self.world.store.read() as session:
            stored = set(session.exec(select(Message.id)).all())
        for message_id, token in self.tokens.items():
            if message_id not in stored:
                self.purged.add(token)

    # -- invariants ------------------------------------------------------------------------

    @invariant()
    def nothing_half_written(self) -> None:
        with self.world.store.read() as session:
            orphans = session.exec(
                select(func.count())
                .select_from(Message)
                .where(~col(Message.seq).in_(select(MailboxItem.message_seq)))
            ).one()
            empty_threads = session.exec(
                select(func.count())
                .select_from(Thread)
                .where(~col(Thread.id).in_(select(Message.thread_id)))
            ).one()
        assert orphans == 0 and empty_threads == 0

    @invariant()
    def the_log_chain_verifies(self) -> None:
        with self.world.store.read() as session:
            assert walk_chain(session).intact

    @invariant()
    def deadlines_match_answers(self) -> None:
        with self.world.store.read() as session:
            for thread in session.exec(select(Thread)).all():
                answers = session.exec(
                    select(Message.sent_at).where(
                        Message.thread_id == thread.id,
                        Message.kind == "reply",
                        Message.sender_mailbox_id == thread.counterpart_mailbox_id,
                    )
                ).all()
                if answers:
                    assert thread.answered_at is not None
                    assert thread.answered_at <= min(answers)
                first = session.exec(
                    select(func.min(Message.sent_at)).where(Message.thread_id == thread.id)
                ).one()
                if thread.due_at is not None and thread.answered_at is None and first:
                    assert thread.due_at - thread.created_at == timedelta(hours=72)

    @invariant()
    def users_see_only_their_mailboxes(self) -> None:
        for login in (*STAFF, *self.extra):
            with self.world.store.read() as session:
                allowed = set(
                    session.exec(
                        select(Mailbox.address)
                        .join(Membership, col(Membership.mailbox_id) == col(Mailbox.id))
                        .join(Account, col(Account.id) == col(Membership.account_id))
                        .where(Account.login == login, col(Membership.active))
                    ).all()
                ) | set(
                    session.exec(
                        select(Mailbox.address)
                        .join(Account, col(Account.id) == col(Mailbox.owner_account_id))
                        .where(Account.login == login)
                    ).all()
                )
            for folder in ("inbox", "sent", "trash"):
                try:
                    page = self.world.as_(login).folders.list_messages(
                        None, folder=folder, limit=500
                    )
                except FblError:
                    assert login in self.ended
                    continue
                assert login not in self.ended
                assert {item.mailbox for item in page.items} <= allowed

    @invariant()
    def purged_text_is_gone(self) -> None:
        if not self.purged:
            return
        with self.world.store.read() as session:
            conn = session.connection()
            for token in self.purged:
                like = f"%{token}%"
                found = conn.execute(
                    text("SELECT count(*) FROM message WHERE body LIKE :t"), {"t": like}
                ).scalar_one()
                assert found == 0
                if self.world.store.sqlite:
                    indexed = conn.execute(
                        text("SELECT count(*) FROM message_fts WHERE message_fts MATCH :t"),
                        {"t": f'"{token}"'},
                    ).scalar_one()
                    assert indexed == 0


def test_the_whole_service_keeps_its_invariants(
    world: World, store_url: str, backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Each example starts from a copy of the populated store (directory and cast)."""
    world.store.engine.dispose()  # the populated store is the template from now on
    counter = iter(range(1_000_000))

    def fresh() -> ServiceMachine:
        number = next(counter)
        if backend == "sqlite":
            path = tmp_path / f"example{number}.db"
            shutil.copyfile(make_url(store_url).database or "", path)
            url = f"sqlite:///{path}"

            def cleanup() -> None:
                path.unlink(missing_ok=True)
                for suffix in ("-wal", "-shm"):
                    path.with_name(path.name + suffix).unlink(missing_ok=True)

        else:
            base = request.getfixturevalue("pg_base_url")
            template = make_url(store_url).database
            name = f"sm_{uuid.uuid4().hex[:12]}"
            admin = psycopg.connect(_plain(base), autocommit=True)
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
            url = make_url(base).set(database=name).render_as_string(hide_password=False)

            def cleanup() -> None:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.close()

        store = Store(make_engine(url))
        return ServiceMachine(World(store, FakeClock()), cleanup)

    # Hypothesis calls the factory with no arguments (a fresh store per run); its annotation
    # names a class, but any such callable is what it documents and accepts.
    factory = cast("type[RuleBasedStateMachine]", fresh)
    run_state_machine_as_test(factory, settings=settings.get_profile(PROFILE))
    print("state machine outcomes:", OUTCOMES)
    assert OUTCOMES.get("done", 0) > 0  # the machine did things, not only refusals


def _plain(url: str) -> str:
    """A libpq URL (no SQLAlchemy driver suffix)."""
    plain = make_url(url).set(drivername="postgresql", database="postgres")
    return plain.render_as_string(hide_password=False)

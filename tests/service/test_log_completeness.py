"""Every command of issue 5 leaves exactly one access-log row, with every field it can name.

The core's tests cover send, read, reply, forward, move and delete; these cover print,
close, the access requests, the FBL commands and the reads of the log itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from fblmail.service import Messenger
from fblmail.store import audit
from kit.people import KARLSTAD, TOLVAN, World
from kit.service import file_new
from kit.stores import LOGGED_FIELDS, MESSAGE_FIELDS, last_log_id, log_rows

EDA = "Eda kommun Hälso- och sjukvård (FBL)"


def test_message_commands_log_one_full_row(world: World, tmp_path: Path) -> None:
    message_id = world.send("anna.ssk")
    anna = world.as_("anna.ssk")
    calls: dict[str, Callable[[], object]] = {
        "print": lambda: anna.printing.print_message(message_id, fmt="text"),
        "close": lambda: anna.printing.close_thread(message_id, printouts_destroyed=True),
    }
    for action, call in calls.items():
        before = last_log_id(world.store)
        call()
        [row] = log_rows(world.store, before)
        assert row.action == action
        for field in (*LOGGED_FIELDS, *MESSAGE_FIELDS):
            assert getattr(row, field), (action, field)
        assert (row.actor, row.actor_unit, row.mailbox, row.message_id, row.patient) == (
            "anna.ssk",
            "Karlstad",
            KARLSTAD,
            message_id,
            "191212121212",
        )
        assert row.outcome == "ok"


def _admin_calls(world: World) -> dict[str, Callable[[Messenger], object]]:
    approve_id = file_new(world, "x1.ssk")
    reject_id = file_new(world, "x2.ssk")
    return {
        "access-request": lambda m: m.access.request(
            "new", reason="Vikariat", mailboxes=["arvika"]
        ),
        "access-approve": lambda m: m.access.approve(approve_id),
        "access-reject": lambda m: m.access.reject(reject_id, "Nej"),
        "mailbox-close": lambda m: m.mailbox_admin.close(EDA, confirm_name=EDA),
        "mailbox-create": lambda m: m.mailbox_admin.create("eda", "Eda kommun Vård (FBL)"),
        "audit-read": lambda m: m.audit.patient_extract(TOLVAN),
        "audit-review": lambda m: m.audit.record_review(seed=2, n=3, outcome="ok"),
    }


@pytest.mark.parametrize(
    "action",
    [
        "access-request",
        "access-approve",
        "access-reject",
        "mailbox-close",
        "mailbox-create",
        "audit-read",
        "audit-review",
    ],
)
def test_admin_commands_log_one_row(world: World, action: str) -> None:
    sara = world.as_("sara.support")
    calls = _admin_calls(world)
    if action == "mailbox-create":
        calls["mailbox-close"](sara)
    before = last_log_id(world.store)
    calls[action](sara)
    [row] = log_rows(world.store, before)
    assert (row.action, row.outcome, row.actor) == (action, "ok", "sara.support")
    for field in LOGGED_FIELDS:
        assert getattr(row, field), field
    assert row.detail
    if action.startswith("mailbox"):
        assert row.mailbox
    if action == "audit-read":
        assert row.patient == "191212121212"


def test_reads_of_the_log_and_the_chain_stay_whole(world: World) -> None:
    world.send("anna.ssk")
    sara = world.as_("sara.support").audit
    for call in (
        lambda: sara.search(),
        lambda: sara.sample(n=3, seed=1),
        lambda: sara.reviews(),
        lambda: sara.verify(),
    ):
        before = last_log_id(world.store)
        call()
        [row] = log_rows(world.store, before)
        assert row.action == "audit-read"
    assert audit.verify_chain(log_rows(world.store)) is None

"""Shared fixtures for the Textual app's tests (TUI-A and TUI-B).

* `tui_world`: a seeded SQLite store under tmp_path: the standard cast (`kit.people.populate`)
  and a handful of messages into Vc Herrhagen's FBL covering every deadline state (overdue,
  under 24 h, waiting, FYI, answered with a journal note), a message from Arvika, and a
  forward to Cecilia's personal mailbox. The clock is then frozen at `FROZEN_AT`.
* `make_app(login="david.ssk", lang="sv", keymap=None)`: an `FblApp` over that store with
  the frozen clock (`app.run_test(size=(100, 30))` in the test).
* `store_world`: an unseeded copy (directory and cast only, `kit.screens.seeded_world`) for
  the tests of one screen in a host app and of the real program in tmux.

Helpers for the tests themselves (`run_async`, `wait_for`, `ready`, `screen_text`) are in
kit/tui.py.

The app's Pilot tests run on SQLite only (a file under tmp_path); the service layer's
tests cover PostgreSQL, and the live-update test has its own PostgreSQL case.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fblmail.domain.personnummer import make_test_patient_ids
from fblmail.i18n import set_language
from fblmail.settings import Settings
from fblmail.store.engine import Store, make_engine
from fblmail.tui.app import FblApp
from kit.people import ARVIKA, HERRHAGEN, TOLVAN, TOLVAN_SAMORDNING, FakeClock, World, populate
from kit.screens import seeded_world
from kit.tui import AppFactory, TuiWorld

FROZEN_AT = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)
"""The app's clock in these tests: Thursday 2026-11-05 13:00 Stockholm time."""


def seed(world: World) -> dict[str, str]:
    """Messages into Vc Herrhagen (david.ssk, cecilia.dr) at fixed times; returns their ids."""
    clock = world.clock
    extra = [p.display() for p in make_test_patient_ids(3, seed=7)]
    ids: dict[str, str] = {}

    def at(day: int, hour: int, minute: int = 0) -> None:
        clock.now = datetime(2026, 11, day, hour, minute, tzinfo=UTC)

    at(2, 8, 30)
    ids["overdue"] = world.send(subject="Fråga om läkemedelslista", patient=TOLVAN)
    at(3, 8)
    ids["answered"] = world.send(
        category="Uppföljning", subject="Såret på hälen", patient=extra[0],
        body="Såret läker långsamt. Hur går vi vidare?",
    )  # fmt: skip
    at(3, 10)
    ids["due_soon"] = world.send(
        category="Provtagning", subject="Provtagning PK-INR", patient=TOLVAN_SAMORDNING,
        body="Ska vi ta PK-INR på torsdag?",
    )  # fmt: skip
    at(3, 15)
    ids["reply"] = world.as_("cecilia.dr").messaging.reply(
        ids["answered"], "Lägg om såret varannan dag. Se journalanteckningen.",
        journal_note="cosmic://journal/anteckning/4711", journal_title="Sårvård 3 nov",
    ).id  # fmt: skip
    at(4, 9)
    ids["waiting"] = world.send(
        category="Recept", subject="Förnyelse av recept på Waran", patient=extra[1],
        body="Receptet har gått ut.",
    )  # fmt: skip
    at(4, 14)
    ids["fyi"] = world.send(
        category="För kännedom", fyi_no_risk=True, subject="Patienten har flyttat",
        patient=extra[2], body="Patienten bor nu på korttidsboendet.",
    )  # fmt: skip
    at(5, 9)
    ids["arvika"] = world.send(
        "erik.ssk", from_fbl=ARVIKA, to_fbl=HERRHAGEN, category="Uppföljning",
        subject="Uppföljning efter fallet", body="Patienten föll i helgen.",
    )  # fmt: skip
    at(5, 10)
    ids["forward"] = (
        world.as_("david.ssk")
        .messaging.forward(
            ids["waiting"], "cecilia.dr", recipient_informed=True, note="Kan du titta på detta?"
        )
        .id
    )
    clock.now = FROZEN_AT
    # The afternoon check is signed in every FBL, so the start-up reminder of an unsigned
    # shift (issue 11) stays out of the other tests; tests/tui/test_duty.py moves the clock.
    for login in ("cecilia.dr", "anna.ssk", "erik.ssk", "gustav.ssk"):
        world.as_(login).checks.run(sign=True)
    return ids


@pytest.fixture
def tui_world(sqlite_template: Path, tmp_path: Path) -> Iterator[TuiWorld]:
    """A seeded SQLite store under tmp_path with a frozen clock."""
    path = tmp_path / "store.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    world = populate(Store(engine), FakeClock())
    tui = TuiWorld(url, world)
    tui.ids = seed(world)
    yield tui
    engine.dispose()


@pytest.fixture(autouse=True)
def swedish_after_each_test() -> Iterator[None]:
    """The language and the bindings' words are process-wide: an English test must not leave
    the next test's app (and its yes key) in English."""
    yield
    from fblmail.tui import bindings

    set_language("sv")
    bindings.build_bindings("sv")


@pytest.fixture
def make_app(tui_world: TuiWorld) -> Iterator[AppFactory]:
    """`make_app(login="david.ssk", lang="sv", keymap=None)` → an `FblApp` on the store."""

    def make(
        login: str = "david.ssk", lang: str = "sv", keymap: dict[str, str] | None = None
    ) -> FblApp:
        set_language(lang)
        settings = Settings(database_url=tui_world.url, user=login, lang=lang, keymap=keymap or {})
        return FblApp(settings, clock=tui_world.clock)

    yield make
    set_language("sv")


@pytest.fixture
def store_world(tmp_path: Path) -> Iterator[World]:
    """A fresh SQLite store with the directory and the cast (no messages), disposed after."""
    world = seeded_world(tmp_path)
    yield world
    world.store.engine.dispose()

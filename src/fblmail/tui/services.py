"""`Services`: what the app's screens are given to reach the store, instead of the app.

The app opens on the inbox at once and the full service layer (SQLAlchemy, SQLModel,
every use case) is loaded in a worker after the first rows (`FblShell`, shell.py), so a
screen cannot be handed the `Messenger` when it is built. It is handed this holder
instead: the app creates one, the load worker fills it (`provide`), and every screen that
reads or writes passes it on to the screens it opens. A screen never reaches the service
through the app (tests/tui/test_tui_layout.py checks it), so a test can build any screen
over a `Messenger` of its own in a small host app (`Services.over(messenger)`).

What is in it:

* `settings` and `clock`: the user's settings (read rule, notifications) and the clock
  (frozen in tests);
* `inbox`: the light reader of the first screen (plain SQL, no ORM), set by the inbox once
  the store is open;
* `messenger()`: the use cases, waited for in a worker thread (normally already there);
  `ready` says, without waiting, whether they are (actions that need them grey out).

The two things a screen asks of the app around the store are typed messages that bubble
to it: `ServiceWanted` (the first rows are on screen: load the use cases now) and
`StoreUnusable` (the store or the user cannot be used: the app ends with the reason).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from fblmail.clock import Clock, utc_now
from fblmail.errors import FblError, StoreProblem
from fblmail.settings import Settings

if TYPE_CHECKING:
    from fblmail.service import Messenger
    from fblmail.service.mailboxes.inbox import Inbox

__all__ = ["ServiceWanted", "Services", "StoreUnusable"]

WAIT_SECONDS = 60
"""How long a worker waits for the use cases before it says so in plain words."""


class ServiceWanted(Message):
    """The first rows are on screen: the app may load the service layer now."""


@dataclass
class StoreUnusable(Message):
    """The store cannot be opened or the user may not use it: the app ends with `error`."""

    error: FblError


class Services:
    """The store's readers and use cases for one user, filled in once they are loaded."""

    def __init__(self, settings: Settings, clock: Clock = utc_now) -> None:
        self.settings = settings
        self.clock = clock
        self.inbox: Inbox | None = None
        self._messenger: Messenger | None = None
        self._ready = threading.Event()

    @classmethod
    def over(cls, messenger: Messenger, settings: Settings | None = None) -> Services:
        """Ready at once over a given `Messenger` (its clock and user), e.g. in a test."""
        if settings is None:
            settings = Settings(database_url="", user=messenger.login)
        services = cls(settings, messenger.clock)
        services.provide(messenger)
        return services

    def provide(self, messenger: Messenger) -> None:
        """The load worker's result: from now on `messenger()` returns it at once."""
        self._messenger = messenger
        self._ready.set()

    @property
    def ready(self) -> bool:
        """Whether the use cases are loaded (never waits; for `check_action` and keys)."""
        return self._messenger is not None

    def messenger(self) -> Messenger:
        """The use cases (waits for them in a worker thread; they are normally there).

        On the event loop call it only when `ready` (it would otherwise block the app).
        """
        if not self._ready.wait(timeout=WAIT_SECONDS):
            raise StoreProblem(
                "Programmet blev inte klart att använda databasen. Försök igen.",
                "The program did not get ready to use the store. Try again.",
            )
        assert self._messenger is not None
        return self._messenger

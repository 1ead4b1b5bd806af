"""Use cases: one transaction each, the routine's rules checked here, never in the UI alone.

`Messenger` is the composition of the use-case groups for one acting user.
"""

from __future__ import annotations

from functools import cached_property

from fblmail.clock import Clock, utc_now
from fblmail.service.admin import Admin
from fblmail.service.directory import Directory
from fblmail.service.drafts import Drafts
from fblmail.service.folders import Folders
from fblmail.service.messaging import Messaging, Outgoing
from fblmail.store.engine import Store

__all__ = ["Messenger", "Outgoing"]


class Messenger:
    """Every use case of fblmail for one acting user over one store."""

    def __init__(self, store: Store, login: str, clock: Clock = utc_now) -> None:
        self.store = store
        self.login = login
        self.clock = clock

    @cached_property
    def messaging(self) -> Messaging:
        """Send, reply, forward."""
        return Messaging(self.store, self.clock, self.login)

    @cached_property
    def folders(self) -> Folders:
        """Mailboxes, lists, reading, filing."""
        return Folders(self.store, self.clock, self.login)

    @cached_property
    def drafts(self) -> Drafts:
        """Drafts saved as the user types."""
        return Drafts(self.store, self.clock, self.login)

    @cached_property
    def directory(self) -> Directory:
        """Units, FBLs and preset lists."""
        return Directory(self.store, self.clock, self.login)

    @cached_property
    def admin(self) -> Admin:
        """Accounts and memberships."""
        return Admin(self.store, self.clock, self.login)

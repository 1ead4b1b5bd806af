"""Use cases: one transaction each, the routine's rules checked here, never in the UI alone.

`Messenger` is the composition of the use-case groups for one acting user.

Importing this package is cheap on purpose: each use-case module (and with it SQLModel,
about 0.35 s) is imported when its group is first used, so that the app can paint its
first inbox rows through the light `fblmail.service.mailboxes.inbox` reader while the rest loads
(tests/tui/test_startup_imports.py keeps it so). Import use-case classes inside the
properties below, not at the top of this file.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from fblmail.clock import Clock, utc_now

# A dataclass only (no SQLModel): cheap, so imported here for `from fblmail.service import
# Outgoing`; a static import, so mypy checks every name taken from this package.
from fblmail.service.messages.outgoing import Outgoing

if TYPE_CHECKING:
    from fblmail.service.admin.access_requests import AccessRequests
    from fblmail.service.admin.accounts import Admin
    from fblmail.service.admin.fbl_mailboxes import MailboxAdmin
    from fblmail.service.admin.store_care import StoreCare
    from fblmail.service.audit.query import Audit
    from fblmail.service.duty.check import Checks
    from fblmail.service.duty.duty_round import Duty
    from fblmail.service.duty.purge import Purger
    from fblmail.service.duty.resolve import Resolutions
    from fblmail.service.duty.routine import Routines
    from fblmail.service.mailboxes.directory import Directory
    from fblmail.service.mailboxes.drafts import Drafts
    from fblmail.service.mailboxes.folders import Folders
    from fblmail.service.mailboxes.inbox import Inbox
    from fblmail.service.messages.handling import Handling
    from fblmail.service.messages.messaging import Messaging
    from fblmail.service.messages.patient import Patients
    from fblmail.service.messages.printing import Printing
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
        from fblmail.service.messages.messaging import Messaging

        return Messaging(self.store, self.clock, self.login)

    @cached_property
    def folders(self) -> Folders:
        """Mailboxes, lists, reading, filing."""
        from fblmail.service.mailboxes.folders import Folders

        return Folders(self.store, self.clock, self.login)

    @cached_property
    def drafts(self) -> Drafts:
        """Drafts saved as the user types."""
        from fblmail.service.mailboxes.drafts import Drafts

        return Drafts(self.store, self.clock, self.login)

    @cached_property
    def directory(self) -> Directory:
        """Units, FBLs and preset lists."""
        from fblmail.service.mailboxes.directory import Directory

        return Directory(self.store, self.clock, self.login)

    @cached_property
    def admin(self) -> Admin:
        """Accounts and memberships."""
        from fblmail.service.admin.accounts import Admin

        return Admin(self.store, self.clock, self.login)

    @cached_property
    def access(self) -> AccessRequests:
        """Access requests (R18) and accounts to review."""
        from fblmail.service.admin.access_requests import AccessRequests

        return AccessRequests(self.store, self.clock, self.login)

    @cached_property
    def audit(self) -> Audit:
        """The access log: search, patient extract, sample and review, verify."""
        from fblmail.service.audit.query import Audit

        return Audit(self.store, self.clock, self.login)

    @cached_property
    def printing(self) -> Printing:
        """Printouts (R14, R16) and closing a case."""
        from fblmail.service.messages.printing import Printing

        return Printing(self.store, self.clock, self.login)

    @cached_property
    def mailbox_admin(self) -> MailboxAdmin:
        """Creating and closing FBLs (R1, R15)."""
        from fblmail.service.admin.fbl_mailboxes import MailboxAdmin

        return MailboxAdmin(self.store, self.clock, self.login)

    @cached_property
    def store_care(self) -> StoreCare:
        """Backups and the doctor's run, both logged."""
        from fblmail.service.admin.store_care import StoreCare

        return StoreCare(self.store, self.clock, self.login)

    @cached_property
    def checks(self) -> Checks:
        """The duty nurse's check, its signature and history (R4)."""
        from fblmail.service.duty.check import Checks

        return Checks(self.store, self.clock, self.login)

    @cached_property
    def resolutions(self) -> Resolutions:
        """Recording that a late question was settled outside fblmail (R10)."""
        from fblmail.service.duty.resolve import Resolutions

        return Resolutions(self.store, self.clock, self.login)

    @cached_property
    def purge(self) -> Purger:
        """Purging mailboxes and the one-year deletion (R17)."""
        from fblmail.service.duty.purge import Purger

        return Purger(self.store, self.clock, self.login)

    @cached_property
    def routine(self) -> Routines:
        """The unit's local routine (R20)."""
        from fblmail.service.duty.routine import Routines

        return Routines(self.store, self.clock, self.login)

    @cached_property
    def duty(self) -> Duty:
        """The duty screen's helpers: unsigned shifts now, a named message's row."""
        from fblmail.service.duty.duty_round import Duty

        return Duty(self.store, self.clock, self.login)

    @cached_property
    def patients(self) -> Patients:
        """The patient across threads; open questions before a new one (issue 11)."""
        from fblmail.service.messages.patient import Patients

        return Patients(self.store, self.clock, self.login)

    @cached_property
    def handling(self) -> Handling:
        """Who handles which question: take, release, take over (issue 11)."""
        from fblmail.service.messages.handling import Handling

        return Handling(self.store, self.clock, self.login)

    @cached_property
    def inbox(self) -> Inbox:
        """The inbox's fast reads: urgent-first lists by keyset, search, change feed."""
        from fblmail.service.mailboxes.inbox import Inbox

        return Inbox.for_store(self.store, self.login, self.clock)

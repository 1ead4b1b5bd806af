"""The SQLModel tables. Schema changes go through an Alembic migration (store/migrations).

Conventions: times are aware UTC (`UTCDateTime`); message and thread ids are UUID strings
chosen by the client (idempotent send); the access log stores names and ids as plain text,
not foreign keys, because it outlives the messages, mailboxes and accounts it speaks of.

Importing this package registers every table on `SQLModel.metadata`. By what they hold:
directory.py (units, mailboxes, accounts), messages.py (threads, messages, their copies and
attachments), records.py (access log, duty and purge records); columns.py holds the column
conventions. Import tables from here; a new table also needs its row-level security
policies in store/shared_policies_sql.py (a test checks).
"""

from __future__ import annotations

from fblmail.store.tables.columns import FOLDERS, MAILBOX_KINDS, MESSAGE_KINDS, ORG_KINDS, ROLES
from fblmail.store.tables.directory import (
    AccessRequest,
    Account,
    Mailbox,
    Membership,
    Organisation,
    PresetEntry,
)
from fblmail.store.tables.messages import (
    FYI_MESSAGE,
    OPEN_QUESTION,
    CoordinationCase,
    Disclosure,
    Draft,
    FolderTally,
    JournalNote,
    MailboxItem,
    Message,
    Printout,
    Thread,
    ThreadHandler,
)
from fblmail.store.tables.records import (
    AccessLog,
    AuditHead,
    AuditReview,
    CheckSignature,
    LocalRoutine,
    PurgeRun,
    StoreDamage,
)

__all__ = [
    "FOLDERS",
    "FYI_MESSAGE",
    "MAILBOX_KINDS",
    "MESSAGE_KINDS",
    "OPEN_QUESTION",
    "ORG_KINDS",
    "ROLES",
    "AccessLog",
    "AccessRequest",
    "Account",
    "AuditHead",
    "AuditReview",
    "CheckSignature",
    "CoordinationCase",
    "Disclosure",
    "Draft",
    "FolderTally",
    "JournalNote",
    "LocalRoutine",
    "Mailbox",
    "MailboxItem",
    "Membership",
    "Message",
    "Organisation",
    "PresetEntry",
    "Printout",
    "PurgeRun",
    "StoreDamage",
    "Thread",
    "ThreadHandler",
]

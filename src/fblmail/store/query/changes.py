"""Change feeds: they tell the app that something may have changed for the user.

On SQLite by polling `PRAGMA data_version` (which moves when *another* connection commits,
so one dedicated connection polls it); on PostgreSQL by LISTEN on the channels a trigger on
`mailbox_item` notifies (migration 0001; per-mailbox opaque channels on a shared store).
"""

from __future__ import annotations

import time
from contextlib import suppress
from typing import Protocol

from fblmail.store.query.connection import DbTarget, cannot_open, connect
from fblmail.store.shared_sql import MODE_SQL

CHANNEL = "fblmail_changes"

class ChangeFeed(Protocol):
    """Waits until the store may have changed for the user; `wait` returns True then."""

    def wait(self, timeout: float) -> bool:
        """Block up to `timeout` seconds; True if a change was seen."""
        ...

    def close(self) -> None:
        """Release the feed's connection."""
        ...


class SqliteChanges:
    """Polls `PRAGMA data_version` on one dedicated connection (it is per connection)."""

    def __init__(self, target: DbTarget, interval: float = 0.3) -> None:
        self._conn = connect(target)
        self._interval = interval
        self._seen = self._version()

    def _version(self) -> int:
        # Outside any transaction (autocommit), so polling holds no snapshot open.
        row = self._conn.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def wait(self, timeout: float) -> bool:
        """True as soon as another connection has committed since the last call."""
        deadline = time.monotonic() + timeout
        while True:
            version = self._version()
            if version != self._seen:
                self._seen = version
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(self._interval, left))

    def close(self) -> None:
        """Close the polling connection."""
        with suppress(Exception):
            self._conn.close()


class PostgresChanges:
    """LISTENs for changes to the user's mailboxes.

    On a shared store (issue 8) each mailbox has its own opaque channel
    (`fblmail_channel(id)`, a salted hash only the database can compute) and notifications
    carry nothing: a person learns their channels from `fblmail_my_channels()`, which knows
    only their own memberships, so LISTEN tells nobody about other FBLs. Older single-role
    stores still use the one `fblmail_changes` channel with the mailbox id as payload.
    """

    def __init__(self, target: DbTarget, mailbox_ids: frozenset[int]) -> None:
        import psycopg

        self._mine: set[str] | None = {str(i) for i in mailbox_ids}
        try:
            self._conn = psycopg.connect(target.location, autocommit=True)
            mode = self._conn.execute(MODE_SQL).fetchone()
            if mode is not None and mode[0]:
                self._mine = None
                if mode[1]:  # the owner acting for an account (administration, tests)
                    rows = self._conn.execute(
                        "SELECT fblmail_channel(b) FROM unnest(%s::int[]) AS b",
                        (sorted(mailbox_ids),),
                    ).fetchall()
                else:
                    rows = self._conn.execute("SELECT fblmail_my_channels()").fetchall()
                for (channel,) in rows:
                    self._conn.execute(f'LISTEN "{channel}"')
            else:
                self._conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as exc:
            raise cannot_open(exc) from exc

    def wait(self, timeout: float) -> bool:
        """True when a notification about one of the user's mailboxes arrives."""
        deadline = time.monotonic() + timeout
        changed = False
        while not changed:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            for note in self._conn.notifies(timeout=left, stop_after=1):
                changed = changed or self._mine is None or note.payload in self._mine
        if changed:  # drain what is already queued, so one burst is one reload
            for note in self._conn.notifies(timeout=0.01):
                del note
        return changed

    def close(self) -> None:
        """Close the listening connection."""
        with suppress(Exception):
            self._conn.close()


def change_feed(target: DbTarget, mailbox_ids: frozenset[int]) -> ChangeFeed:
    """The right feed for the back end."""
    if target.sqlite:
        return SqliteChanges(target)
    return PostgresChanges(target, mailbox_ids)

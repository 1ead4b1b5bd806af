"""Is the SQLite file we opened still there, still the same file, and still writable?

An open SQLite connection keeps working on a file that was deleted (the data goes to an
unlinked inode and is lost when the program ends), and a new connection to a path whose
file is gone creates an empty database. So before each unit of work the store compares
the file's identity (device and inode) with the one it first saw, and before each write
checks that the file can be written. Either problem becomes a `StoreProblem` in plain
words, raised before anything claims to be saved.

Root bypasses file permissions, so for root a file with no write bit at all also counts
as read-only: someone marked it so on purpose.

A stat per unit of work costs microseconds; PostgreSQL needs none of this (its server
answers for itself).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from fblmail.errors import StoreProblem

__all__ = ["StoreFile", "read_only_store", "store_unusable"]


def read_only_store(where: str) -> StoreProblem:
    """The store can be read but not written."""
    named = f" {where}" if where else ""
    return StoreProblem(
        f"Databasen{named} går bara att läsa (skrivskyddad), så inget kan sparas just nu. "
        "Det du skriver finns kvar i programmet. Be den som sköter fblmail om skrivrätt.",
        f"The store{named} can only be read (read-only), so nothing can be saved right now. "
        "What you write stays in the program. Ask whoever runs fblmail for write access.",
        field="database",
    )


def store_unusable(detail: str) -> StoreProblem:
    """The store failed in a way we cannot name more precisely; nothing was saved."""
    return StoreProblem(
        f"Databasen går inte att använda just nu ({detail}), så inget sparades. "
        "Försök igen om en stund; kvarstår felet, kontakta support.",
        f"The store cannot be used right now ({detail}), so nothing was saved. "
        "Try again in a while; if it persists, contact support.",
        field="database",
    )


def _vanished(where: str) -> StoreProblem:
    return StoreProblem(
        f"Databasfilen {where} finns inte längre: den togs bort eller flyttades medan fblmail "
        "var öppet. Inget mer kan sparas. Det du skriver finns kvar i programmet; be den som "
        "sköter fblmail att lägga tillbaka filen.",
        f"The database file {where} is gone: it was deleted or moved while fblmail was open. "
        "Nothing more can be saved. What you write stays in the program; ask whoever runs "
        "fblmail to put the file back.",
        field="database",
    )


def _replaced(where: str) -> StoreProblem:
    return StoreProblem(
        f"Databasfilen {where} har bytts ut medan fblmail var öppet, så inget sparas i den. "
        "Avsluta fblmail och starta det igen.",
        f"The database file {where} was replaced while fblmail was open, so nothing is saved "
        "to it. Quit fblmail and start it again.",
        field="database",
    )


class StoreFile:
    """The identity of one SQLite file, as first seen, checked before each unit of work."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        self._identity: tuple[int, int] | None = None
        self._lock = threading.Lock()
        self.remember()

    def remember(self) -> None:
        """Take the file's identity now (if it exists and none is known yet)."""
        if self._identity is not None:
            return
        with self._lock:
            if self._identity is None:
                try:
                    st = self.path.stat()
                except OSError:
                    return
                self._identity = (st.st_dev, st.st_ino)

    def check(self, *, write: bool) -> None:
        """Raise a `StoreProblem` if the file went away, was replaced or (for a write)
        cannot be written."""
        if self._identity is None:
            self.remember()  # created after we started (`fblmail init`)
            if self._identity is None:
                return  # not there yet: opening it says what to do
        where = str(self.path)
        try:
            st = self.path.stat()
        except FileNotFoundError:
            raise _vanished(where) from None
        except OSError as exc:
            raise store_unusable(exc.strerror or type(exc).__name__) from exc
        if (st.st_dev, st.st_ino) != self._identity:
            raise _replaced(where)
        if write and not self.writable(st.st_mode):
            raise read_only_store(where)

    def writable(self, mode: int) -> bool:
        """Can this process write the file (and create its journal beside it)?"""
        if not os.access(self.path, os.W_OK):
            return False
        if os.geteuid() == 0 and not mode & 0o222:
            return False
        wal = self.path.with_name(self.path.name + "-wal")
        return wal.exists() or os.access(self.path.parent, os.W_OK)

"""Looking after the store itself: the backup and the doctor's run, both in the access log.

A backup copies every patient's messages, so it is an action on patient data: only the
support unit may take one (the same answer on SQLite, where the file's mode is the real
lock, as on PostgreSQL, where `pg_dump` needs the database owner anyway), and every backup,
refused, failed or done, is an access-log row naming the destination.

`fblmail doctor` needs no account, shows no patient data and must work on a store too
damaged for anything else, but it reads the newest rows of the access log (patient numbers
among them), so its run is logged too: who, and the verdict (healthy, damaged, unusable).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from fblmail.errors import InvalidInput
from fblmail.service.context import Actor, ServiceBase
from fblmail.service.permissions import require_support
from fblmail.store.backup import copy_sqlite

DETAIL_MAX = 2000


@dataclass(frozen=True)
class BackupDone:
    """A finished backup: where to and how big."""

    dest: Path
    size: int


def _not_written(dest: Path, exc: OSError) -> InvalidInput:
    """The destination could not take the copy (a file for a folder, no room, no right)."""
    cause = os.strerror(exc.errno) if exc.errno else type(exc).__name__
    return InvalidInput(
        f"Kopian kunde inte skrivas till {dest} ({cause}); ange en annan plats.",
        f"The copy could not be written to {dest} ({cause}); give another place.",
        field="dest",
    )


class StoreCare(ServiceBase):
    """Backup and the doctor's log row."""

    def backup(self, dest: Path) -> BackupDone:
        """Copy the SQLite store into the new file `dest` (support only), logged.

        The copy runs inside the unit of work that writes its log row: a copy without a row
        cannot happen, and if the copy fails its row says so (outcome `error`) and no file
        is left behind.
        """
        source = self.store.path
        if source is None:  # the command line explains pg_dump before getting here
            raise InvalidInput(
                "Bara en SQLite-databas kopieras av fblmail; PostgreSQL med pg_dump.",
                "Only an SQLite store is copied by fblmail; PostgreSQL with pg_dump.",
                field="dest",
            )
        where = str(dest)[:DETAIL_MAX]

        def work(session: Session, actor: Actor) -> BackupDone | Exception:
            require_support(session, actor)
            if dest.exists() or dest.is_symlink():
                raise InvalidInput(
                    f"{dest} finns redan; ange en ny fil för kopian.",
                    f"{dest} already exists; give a new file for the copy.",
                    field="dest",
                )
            try:
                size = copy_sqlite(source, dest)
            except Exception as exc:  # logged, then raised once the row is committed
                self._log(session, actor, "backup", outcome="error", detail=where)
                return _not_written(dest, exc) if isinstance(exc, OSError) else exc
            self._log(session, actor, "backup", detail=where)
            return BackupDone(dest, size)

        result = self._unit("backup", work)
        if isinstance(result, Exception):
            raise result
        return result

    def log_doctor(self, verdict: str, detail: str) -> None:
        """Write the doctor run's row (no account needed; the login is whoever ran it)."""

        def work(session: Session, actor: Actor) -> None:
            self._log(session, actor, "doctor", outcome=verdict, detail=detail[:DETAIL_MAX])

        self._unit("doctor", work, require_account=False, despite_damage=True)

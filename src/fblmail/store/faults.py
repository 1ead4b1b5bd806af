"""One classifier for everything that can go wrong between the program and its store.

The command line and the app both turn an exception into `(exit_code, message)` with
`describe_store_error`, so a full disk, a read-only file, a vanished file, a damaged file or
a PostgreSQL server that went away are named as such, with what to do, in both.

The words never contain the driver's message, the SQL or its parameters (SQLAlchemy's
`[SQL: ...]` and `[parameters: ...]` would print a personnummer, a subject or a body): a
cause is recognised by the driver's error *code* (SQLite's extended result code, PostgreSQL's
SQLSTATE, the `errno` of an OSError) and described in our own words.
"""

from __future__ import annotations

import errno
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass

from fblmail.errors import FblError, InvalidInput, NoAccess, StoreProblem
from fblmail.i18n import language

EXIT_UNEXPECTED = 1

RESTORE_SV = (
    "Skriv inte mer i den: kör `fblmail doctor`, och återställ den från en säkerhetskopia "
    "(`fblmail backup` tar en)."
)
RESTORE_EN = (
    "Do not write to it any more: run `fblmail doctor` and restore it from a backup "
    "(`fblmail backup` makes one)."
)
NOTHING_SAVED_SV = "Ingenting sparades."
NOTHING_SAVED_EN = "Nothing was saved."


@dataclass(frozen=True)
class Cause:
    """A recognised cause: its kind (a stable word for scripts and tests) and the words."""

    kind: str
    error: FblError


def _store(kind: str, sv: str, en: str) -> Cause:
    return Cause(kind, StoreProblem(sv, en, field="database"))


def _disk_full() -> Cause:
    return _store(
        "disk_full",
        f"Disken är full: databasen kunde inte skriva. {NOTHING_SAVED_SV} Frigör utrymme på "
        "disken där databasen ligger (se `fblmail doctor`) och försök igen.",
        f"The disk is full: the store could not write. {NOTHING_SAVED_EN} Free space on the "
        "disk that holds the store (see `fblmail doctor`) and try again.",
    )


def _read_only() -> Cause:
    return _store(
        "read_only",
        f"Databasen är skrivskyddad: filen eller dess katalog går inte att skriva i. "
        f"{NOTHING_SAVED_SV} Ge ägaren skrivrätt (`chmod 600` på filen, `chmod 700` på "
        "katalogen) eller kör som den användare som äger databasen.",
        f"The store is read-only: the file or its folder cannot be written. "
        f"{NOTHING_SAVED_EN} Give the owner write permission (`chmod 600` on the file, "
        "`chmod 700` on the folder) or run as the user who owns the store.",
    )


def _cannot_open() -> Cause:
    return _store(
        "cannot_open",
        "Databasfilen går inte att öppna: den saknas, har flyttats eller så saknas behörighet "
        "till filen eller dess katalog. Kontrollera sökvägen och behörigheten; har filen "
        "raderats, återställ den från en säkerhetskopia.",
        "The store file cannot be opened: it is missing, was moved, or the file or its folder "
        "may not be read. Check the path and the permissions; if the file was deleted, "
        "restore it from a backup.",
    )


def _damaged(detail: str) -> Cause:
    return _store(
        "damaged",
        f"Databasen är skadad ({detail}). {RESTORE_SV}",
        f"The store is damaged ({detail}). {RESTORE_EN}",
    )


def _busy() -> Cause:
    return _store(
        "busy",
        f"Databasen är upptagen av en annan skrivning som inte blev klar i tid. "
        f"{NOTHING_SAVED_SV} Försök igen om en stund.",
        f"The store is busy with another write that did not finish in time. "
        f"{NOTHING_SAVED_EN} Try again in a moment.",
    )


def _server_down() -> Cause:
    return _store(
        "server_down",
        f"Förbindelsen med databasservern bröts eller gick inte att öppna. {NOTHING_SAVED_SV} "
        "Kontrollera att PostgreSQL kör och nås härifrån, och försök igen.",
        f"The connection to the database server was lost or could not be made. "
        f"{NOTHING_SAVED_EN} Check that PostgreSQL is running and reachable from here, and "
        "try again.",
    )


def _bad_text() -> Cause:
    return Cause(
        "bad_text",
        InvalidInput(
            "Texten innehåller tecken som inte kan sparas (ett NUL-tecken eller ogiltig "
            "UTF-8). Ta bort dem och försök igen.",
            "The text contains characters that cannot be stored (a NUL character or invalid "
            "UTF-8). Remove them and try again.",
            field="text",
        ),
    )


_SQLITE: dict[str, Callable[[], Cause]] = {
    "SQLITE_FULL": _disk_full,
    # ENOSPC while writing the file, or while growing the -shm file beside it
    "SQLITE_IOERR_WRITE": _disk_full,
    "SQLITE_IOERR_SHMSIZE": _disk_full,
    "SQLITE_READONLY": _read_only,
    "SQLITE_READONLY_DBMOVED": _cannot_open,
    "SQLITE_READONLY_DIRECTORY": _read_only,
    "SQLITE_READONLY_CANTINIT": _read_only,
    "SQLITE_READONLY_CANTLOCK": _read_only,
    "SQLITE_READONLY_RECOVERY": _read_only,
    "SQLITE_PERM": _read_only,
    "SQLITE_CANTOPEN": _cannot_open,
    "SQLITE_BUSY": _busy,
    "SQLITE_LOCKED": _busy,
}


def _sqlite_cause(exc: sqlite3.Error) -> Cause | None:
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    if name == "SQLITE_NOTADB":
        return _store(
            "not_a_database",
            "Filen är ingen SQLite-databas, eller så är dess första sida skadad. Är det fel "
            "fil: rätta sökvägen (--db eller FBLMAIL_DATABASE_URL). Annars: återställ den från "
            "en säkerhetskopia.",
            "The file is not an SQLite database, or its first page is damaged. If it is the "
            "wrong file, correct the path (--db or FBLMAIL_DATABASE_URL). Otherwise restore "
            "it from a backup.",
        )
    if name.startswith("SQLITE_CORRUPT"):
        return _damaged(name)
    primary = "_".join(name.split("_")[:2])
    make = _SQLITE.get(name) or _SQLITE.get(primary)
    if make is not None:
        return make()
    if name.startswith("SQLITE_IOERR"):
        return _store(
            "io_error",
            f"Databasfilen gick inte att läsa eller skriva ({name}). {NOTHING_SAVED_SV} "
            "Kontrollera disken (full eller trasig?) och kör `fblmail doctor`.",
            f"The store file could not be read or written ({name}). {NOTHING_SAVED_EN} "
            "Check the disk (full or failing?) and run `fblmail doctor`.",
        )
    return None


def _postgres_cause(exc: BaseException) -> Cause | None:
    import psycopg

    if isinstance(exc, psycopg.DataError) and getattr(exc, "sqlstate", None) is None:
        return _bad_text()  # psycopg refuses NUL characters before sending anything
    state = str(getattr(exc, "sqlstate", "") or "")
    if isinstance(exc, psycopg.OperationalError) and not state:
        # A failed connection carries no SQLSTATE; the server's words are read here to tell
        # the causes apart, never shown (they are not ours to translate).
        said = str(exc).lower()
        if "does not exist" in said and "database" in said:
            state = "3D000"
        elif "authentication failed" in said or "no pg_hba.conf entry" in said:
            state = "28000"
    if state in ("22021", "22P05"):
        return _bad_text()
    if state == "53100":
        return _disk_full()
    if state.startswith("08") or state in ("57P01", "57P02", "57P03"):
        return _server_down()
    if state in ("XX001", "XX002"):
        return _damaged("PostgreSQL " + state)
    if state == "25006":
        return _store(
            "read_only",
            f"Databasservern tar bara emot läsningar (skrivskyddad). {NOTHING_SAVED_SV} "
            "Kontakta den som sköter PostgreSQL.",
            f"The database server accepts reads only (read-only). {NOTHING_SAVED_EN} "
            "Contact whoever runs PostgreSQL.",
        )
    if state in ("28000", "28P01"):
        return _store(
            "login_refused",
            "Databasservern godtog inte inloggningen. Kontrollera användare och lösenord i "
            "databasadressen (--db eller FBLMAIL_DATABASE_URL) eller pg_hba.conf.",
            "The database server did not accept the login. Check the user and password in "
            "the database URL (--db or FBLMAIL_DATABASE_URL) or pg_hba.conf.",
        )
    if state == "3D000":
        return _store(
            "no_database",
            "Databasen finns inte på servern. Kontrollera namnet i databasadressen (--db eller "
            "FBLMAIL_DATABASE_URL), eller skapa den (`createdb`) och kör `fblmail init`.",
            "The database does not exist on the server. Check the name in the database URL "
            "(--db or FBLMAIL_DATABASE_URL), or create it (`createdb`) and run `fblmail init`.",
        )
    if state == "42501":
        return Cause(
            "no_rights",
            NoAccess(
                "Databasen nekade den här åtgärden för din användare (saknar rättighet).",
                "The database refused this action for your user (no privilege).",
                field="database",
            ),
        )
    if isinstance(exc, psycopg.OperationalError) and not state:
        return _server_down()  # connection refused, closed unexpectedly, consuming input
    return None


def _os_cause(exc: OSError) -> Cause | None:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return _disk_full()
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return _read_only()
    if exc.errno == errno.ENOENT:
        return _cannot_open()
    return None


def _classify_chain(exc: BaseException) -> Cause | None:
    """`classify` for a driver or OS error raised without SQLAlchemy in between."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        found: Cause | None = None
        if isinstance(current, FblError):
            return Cause("fbl", current)
        if isinstance(current, UnicodeError):
            return _bad_text()
        if isinstance(current, sqlite3.Error):
            found = _sqlite_cause(current)
        elif type(current).__module__.startswith("psycopg"):
            found = _postgres_cause(current)
        elif isinstance(current, OSError):
            found = _os_cause(current)
        if found is not None:
            return found
        current = current.__cause__ or current.__context__
    return None


def classify(exc: BaseException) -> Cause | None:
    """The recognised cause of a store failure, or None if it is not one we know."""
    if isinstance(exc, FblError):
        return Cause("fbl", exc)
    if "sqlalchemy" not in sys.modules:
        # The read path (store/query) never loads SQLAlchemy, so nothing it raised can be
        # one of SQLAlchemy's errors; importing it here would cost a quarter second.
        return _classify_chain(exc)
    from sqlalchemy.exc import DBAPIError, StatementError

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, FblError):
            return Cause("fbl", current)
        if isinstance(current, UnicodeError):
            return _bad_text()
        if isinstance(current, sqlite3.Error):
            found = _sqlite_cause(current)
            if found is not None:
                return found
        elif type(current).__module__.startswith("psycopg"):
            found = _postgres_cause(current)
            if found is not None:
                return found
        elif isinstance(current, OSError):
            found = _os_cause(current)
            if found is not None:
                return found
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return _server_down()
        nested = current.orig if isinstance(current, StatementError) else None
        current = nested or current.__cause__ or current.__context__
    if isinstance(exc, DBAPIError):
        name = type(exc.orig).__name__ if exc.orig is not None else type(exc).__name__
        return Cause("store_error", answered_with_error(name))
    return None


def answered_with_error(name: str) -> StoreProblem:
    """A write the store refused for a reason we do not recognise, named by the driver's
    exception type only (its text could hold values)."""
    return StoreProblem(
        f"Databasen svarade med ett fel ({name}). {NOTHING_SAVED_SV} Kör `fblmail doctor`; "
        "kvarstår felet, kontakta support.",
        f"The store answered with an error ({name}). {NOTHING_SAVED_EN} Run "
        "`fblmail doctor`; if it persists, contact support.",
        field="database",
    )


def store_error(exc: BaseException) -> FblError | None:
    """`classify` as an `FblError`, or None for an exception that is not a store failure."""
    cause = classify(exc)
    return cause.error if cause is not None else None


def describe_store_error(exc: BaseException) -> tuple[int, str]:
    """(exit code, message in the user's language) for any exception; never a traceback.

    A store failure gets its cause and remedy (exit 5, or 2 for text that cannot be stored);
    anything else is reported as an unexpected error by its type name only (exit 1), since
    its text could hold patient data.
    """
    cause = classify(exc)
    if cause is not None:
        return cause.error.exit_code, cause.error.message(language())
    name = type(exc).__name__
    if language() == "en":
        return EXIT_UNEXPECTED, (
            f"Unexpected error ({name}). Nothing more is shown, since the details could hold "
            "patient data; run again with --debug (or FBLMAIL_DEBUG=1) and tell support."
        )
    return EXIT_UNEXPECTED, (
        f"Oväntat fel ({name}). Inget mer visas, eftersom detaljerna kan innehålla "
        "patientuppgifter; kör igen med --debug (eller FBLMAIL_DEBUG=1) och kontakta support."
    )


RETRYABLE_STATES = ("40P01", "40001")
"""PostgreSQL's deadlock and serialization failures: the server rolled the transaction back
and says it may simply be run again (the purge's batches and a send both update the
per-folder counters, in whatever order their rows come)."""


def worth_retrying(exc: BaseException) -> bool:
    """True if some link of `exc`'s chain is a deadlock or serialization failure."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        state = getattr(current, "sqlstate", None) or getattr(
            getattr(current, "orig", None), "sqlstate", None
        )
        if state in RETRYABLE_STATES:
            return True
        current = current.__cause__ or current.__context__
    return False

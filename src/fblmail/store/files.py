"""The SQLite store's files: created private, checked for loose modes, marked when damaged.

No SQLAlchemy here: the app's first screen uses this before anything heavy is imported.
"""

from __future__ import annotations

import os
from pathlib import Path

from fblmail.errors import StoreProblem

__all__ = [
    "companions",
    "create_private_file",
    "damage_marker",
    "loose_permissions",
    "no_store_at",
    "shared_store_warning",
]


def damage_marker(path: Path) -> Path:
    """The file that records damage found by `fblmail doctor` next to the store."""
    return path.with_name(path.name + "-damaged")


def companions(path: Path) -> list[Path]:
    """The write-ahead log and shared-memory files SQLite keeps beside the store."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def no_store_at(path: Path) -> StoreProblem:
    """The answer when an SQLite store file does not exist (nothing is created)."""
    return StoreProblem(
        f"Det finns ingen databas i {path}. Kör `fblmail init` för att skapa en, eller "
        "rätta sökvägen (--db eller FBLMAIL_DATABASE_URL). Har filen raderats: återställ den "
        "från en säkerhetskopia.",
        f"There is no store at {path}. Run `fblmail init` to create one, or correct the "
        "path (--db or FBLMAIL_DATABASE_URL). If the file was deleted, restore it from a "
        "backup.",
        field="database",
    )


def create_private_file(path: Path) -> None:
    """Create `path` (and missing folders) for its owner only, whatever the umask.

    New folders are 0700 and the file 0600; SQLite gives the -wal and -shm files it creates
    later the store file's own mode, so they are private too.
    """
    missing = [p for p in reversed(path.parents) if not p.exists()]
    for folder in missing:
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def loose_permissions(path: Path) -> list[Path]:
    """The store file and companions that users other than the owner may read or write."""
    return [p for p in [path, *companions(path)] if p.exists() and p.stat().st_mode & 0o077]


def shared_store_warning(path: Path) -> tuple[str, str] | None:
    """(sv, en) warning naming the fix if others may read or write the store, else None."""
    loose = loose_permissions(path)
    if not loose:
        return None
    names = " ".join(str(p) for p in loose)
    return (
        f"Andra användare på datorn kan läsa eller ändra databasen {path}. Gör den privat: "
        f"chmod 600 {names}. (En databas som flera delar ska vara PostgreSQL.)",
        f"Other users on this computer can read or change the store {path}. Make it "
        f"private: chmod 600 {names}. (A store that several people share belongs in "
        "PostgreSQL.)",
    )

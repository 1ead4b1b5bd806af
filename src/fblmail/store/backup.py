"""`fblmail backup`: SQLite's online backup into a new file only its owner may read.

The use case (who may, and the access-log row) is `fblmail.service.admin.store_care`; this module
only copies bytes. No SQLAlchemy: the copy uses its own read-only connection.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from fblmail.store.files import create_private_file


def copy_sqlite(source: Path, dest: Path) -> int:
    """Copy the store at `source` into the new file `dest` (0600); returns its size in bytes.

    The online backup API gives a consistent copy even while others write. A failed copy
    leaves no file behind.
    """
    create_private_file(dest)
    try:
        src = sqlite3.connect(f"file:{quote(str(source))}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(dest)
            try:
                src.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                target.close()
        finally:
            src.close()
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return dest.stat().st_size

"""Database URLs as the user typed them: shown without a password, and their SQLite file.

The command line needs both (the demo store is built only in an SQLite file) but holds no
SQLAlchemy itself (the import contracts in `pyproject.toml`), so the parsing lives here.
"""

from __future__ import annotations

from pathlib import Path


def shown_url(url: str) -> str:
    """A database URL with any password hidden (the URL itself if it does not parse)."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can parse: show nothing secret
        return url.split("@")[-1]


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL; None for another back end, memory or an unparsable URL."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:
        return None
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database or "").expanduser()

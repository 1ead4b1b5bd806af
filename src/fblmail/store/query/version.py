"""The schema check of the read path: is this store at the revision this program knows?

The same answers as `store/schema.check_schema` (its revisions and its words, through
`judge_revision`), read with two catalogue-sized queries over the DB-API instead of
SQLAlchemy's inspector, so a read command pays a millisecond for it, not an import.
"""

from __future__ import annotations

from fblmail.store.query.connection import Reader
from fblmail.store.schema import judge_revision

SQLITE_TABLES_SQL = (
    "SELECT count(*), coalesce(sum(name = 'alembic_version'), 0) FROM sqlite_master "
    "WHERE type = 'table'"
)
POSTGRES_TABLES_SQL = (
    "SELECT count(*), count(*) FILTER (WHERE c.relname = 'alembic_version') FROM pg_class c "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
)


def store_revision(db: Reader) -> tuple[str | None, bool]:
    """(the store's schema revision or None, whether the database holds no table at all)."""
    counts = db.one(SQLITE_TABLES_SQL if db.target.sqlite else POSTGRES_TABLES_SQL)
    tables, versioned = (int(counts[0]), int(counts[1])) if counts else (0, 0)
    if not versioned:
        return None, tables == 0
    revision = db.scalar("SELECT version_num FROM alembic_version")
    return (str(revision) if revision is not None else None), False


def check_revision(db: Reader) -> None:
    """Refuse, with advice, a store that is empty, older or newer than this program."""
    revision, empty = store_revision(db)
    judge_revision(revision, empty=empty)

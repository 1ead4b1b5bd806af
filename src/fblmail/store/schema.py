"""Create, upgrade and check the store's schema (Alembic under the hood).

`check_schema` is on every command's path, so it reads `alembic_version` with one query
and compares it with `HEAD_REVISION` instead of importing Alembic (a test keeps the two in
step). The read commands check the same way over the DB-API (`store/query/version.py`)
with this module's revisions and words, so SQLAlchemy is imported here only when used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fblmail.errors import StoreProblem

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from fblmail.store.engine import Store

HEAD_REVISION = "0007"
KNOWN_REVISIONS = ("0001", "0003_taking", "0004_draft_retention", "0005", "0006", "0007")
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _alembic_config(connection: object) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision, or None for an empty database."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


def upgrade_schema(engine: Engine) -> tuple[str | None, str]:
    """Create or upgrade the schema to head; safe to run twice. Returns (before, after)."""
    from alembic import command

    before = current_revision(engine)
    if before is not None and before not in KNOWN_REVISIONS:
        raise unknown_revision(before)
    if before is None and _has_tables(engine):
        raise tables_without_version()
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")  # type: ignore[arg-type]
    return before, HEAD_REVISION


def _has_tables(engine: Engine) -> bool:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def unknown_revision(revision: str) -> StoreProblem:
    """A version this program never shipped: newer, older or foreign, said as it is."""
    if revision.isdigit() and HEAD_REVISION.isdigit() and int(revision) > int(HEAD_REVISION):
        return StoreProblem(
            f"Databasen har schemaversion {revision}, som är nyare än det här programmet "
            "förstår. Uppdatera fblmail och försök igen.",
            f"The store has schema version {revision}, newer than this program understands. "
            "Upgrade fblmail and try again.",
            field="database",
        )
    return StoreProblem(
        f"Databasen har schemaversion {revision!r}, som fblmail aldrig har haft (varken äldre "
        f"eller nyare än {HEAD_REVISION} som det här programmet har). Den är inte gjord av "
        "fblmail eller har ändrats för hand; återställ den från en säkerhetskopia.",
        f"The store has schema version {revision!r}, which fblmail never had (neither older "
        f"nor newer than this program's {HEAD_REVISION}). It was not made by fblmail or was "
        "changed by hand; restore it from a backup.",
        field="database",
    )


def tables_without_version() -> StoreProblem:
    return StoreProblem(
        "Databasen innehåller tabeller men ingen schemaversion, så fblmail kan inte veta vad "
        "den är, och `fblmail init` skriver inte över den. Är det fel databas: rätta "
        "adressen (--db eller FBLMAIL_DATABASE_URL). Annars: återställ från en "
        "säkerhetskopia, eller skapa en ny databas med `fblmail init` på en ny adress.",
        "The store holds tables but no schema version, so fblmail cannot tell what it is, "
        "and `fblmail init` will not write over it. If it is the wrong database, correct the "
        "URL (--db or FBLMAIL_DATABASE_URL). Otherwise restore it from a backup, or create a "
        "new store with `fblmail init` at a new address.",
        field="database",
    )


def check_schema(engine: Engine) -> None:
    """Refuse, with advice, a store that is missing, older or newer than this program.

    An open failure is named by its cause (see `fblmail.store.faults`), never by the
    driver's text.
    """
    from fblmail.store.faults import classify

    try:
        revision = current_revision(engine)
        empty = revision is None and not _has_tables(engine)
    except Exception as exc:  # any driver error: unreachable server, not a database file
        cause = classify(exc)
        if cause is not None:
            raise cause.error from exc
        raise StoreProblem(
            f"Databasen går inte att öppna ({type(exc).__name__}). Kontrollera "
            "databasadressen (--db eller FBLMAIL_DATABASE_URL) och kör `fblmail doctor`.",
            f"The store cannot be opened ({type(exc).__name__}). Check the database URL "
            "(--db or FBLMAIL_DATABASE_URL) and run `fblmail doctor`.",
            field="database",
        ) from exc
    judge_revision(revision, empty=empty)


def not_set_up() -> StoreProblem:
    """An empty database: nothing of fblmail's in it yet."""
    return StoreProblem(
        "Databasen är inte förberedd. Kör `fblmail init` först.",
        "The store is not set up. Run `fblmail init` first.",
        field="database",
    )


def judge_revision(revision: str | None, *, empty: bool) -> None:
    """Refuse any revision but `HEAD_REVISION`, naming what the store is (shared by the
    SQLAlchemy check above and the DB-API one of the read commands)."""
    if revision == HEAD_REVISION:
        return
    if revision is None and empty:
        raise not_set_up()
    if revision is None:
        raise tables_without_version()
    if revision in KNOWN_REVISIONS:
        raise StoreProblem(
            f"Databasen har en äldre schemaversion ({revision}). Kör `fblmail init` för att "
            "uppgradera den.",
            f"The store has an older schema version ({revision}). Run `fblmail init` to "
            "upgrade it.",
            field="database",
        )
    raise unknown_revision(revision)


def unit_count(store: Store) -> int:
    """How many municipalities and health centres the store's directory holds."""
    from sqlalchemy import func
    from sqlmodel import col, select

    from fblmail.store.tables import Organisation

    with store.read() as session:
        return session.exec(
            select(func.count()).where(
                col(Organisation.kind).in_(("municipality", "health_centre"))
            )
        ).one()

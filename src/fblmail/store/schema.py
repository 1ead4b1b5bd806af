"""Create, upgrade and check the store's schema (Alembic under the hood).

`check_schema` is on every command's path, so it reads `alembic_version` with one query
and compares it with `HEAD_REVISION` instead of importing Alembic (a test keeps the two in
step).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from fblmail.errors import StoreProblem

HEAD_REVISION = "0003_taking"
KNOWN_REVISIONS = ("0001", "0003_taking")
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _alembic_config(connection: object) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision, or None for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


def upgrade_schema(engine: Engine) -> tuple[str | None, str]:
    """Create or upgrade the schema to head; safe to run twice. Returns (before, after)."""
    from alembic import command

    before = current_revision(engine)
    if before is not None and before not in KNOWN_REVISIONS:
        raise _newer_store(before)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")  # type: ignore[arg-type]
    return before, HEAD_REVISION


def _newer_store(revision: str) -> StoreProblem:
    return StoreProblem(
        f"Databasen har schemaversion {revision}, som är nyare än det här programmet "
        "förstår. Uppdatera fblmail och försök igen.",
        f"The store has schema version {revision}, newer than this program understands. "
        "Upgrade fblmail and try again.",
        field="database",
    )


def check_schema(engine: Engine) -> None:
    """Refuse, with advice, a store that is missing, older or newer than this program."""
    try:
        revision = current_revision(engine)
    except Exception as exc:  # any driver error: unreachable server, not a database file
        raise StoreProblem(
            f"Databasen går inte att öppna ({type(exc).__name__}: {exc}). "
            "Kontrollera databasadressen (--db eller FBLMAIL_DATABASE_URL).",
            f"The store cannot be opened ({type(exc).__name__}: {exc}). "
            "Check the database URL (--db or FBLMAIL_DATABASE_URL).",
            field="database",
        ) from exc
    if revision == HEAD_REVISION:
        return
    if revision is None:
        raise StoreProblem(
            "Databasen är inte förberedd. Kör `fblmail init` först.",
            "The store is not set up. Run `fblmail init` first.",
            field="database",
        )
    if revision in KNOWN_REVISIONS:
        raise StoreProblem(
            f"Databasen har en äldre schemaversion ({revision}). Kör `fblmail init` för att "
            "uppgradera den.",
            f"The store has an older schema version ({revision}). Run `fblmail init` to "
            "upgrade it.",
            field="database",
        )
    raise _newer_store(revision)

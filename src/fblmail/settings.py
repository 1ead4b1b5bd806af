"""Settings: command-line options beat environment variables beat the config file.

Nothing here runs at import time; `load_settings()` is called once by the composition root.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from fblmail.errors import InvalidInput

APP_NAME = "fblmail"
LANGUAGES = ("sv", "en")
IDENTITIES = ("os", "database")
MARK_READ = ("open", "preview")


def default_data_dir() -> Path:
    """Per-user data directory (e.g. ~/.local/share/fblmail)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_config_file() -> Path:
    """Per-user config file (e.g. ~/.config/fblmail/config.toml)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def default_database_url() -> str:
    """An SQLite file in the user's data directory."""
    return f"sqlite:///{default_data_dir() / 'fblmail.db'}"


@dataclass(frozen=True)
class Settings:
    """Everything the program needs to know before it opens the store."""

    database_url: str
    user: str
    lang: str = "sv"
    keymap: dict[str, str] = field(default_factory=dict)
    config_file: Path | None = None
    # "os": the acting user is the OS login (or --user). "database": on PostgreSQL the
    # database's session user is the acting user and cannot be overridden (shared hosts).
    identity: str = "os"
    user_given: bool = False
    # When a message counts as read for the unit (`[reading]` in the config file): "open"
    # (opened with Enter) or "preview" (after `preview_seconds` in the inbox's preview).
    mark_read: str = "open"
    preview_seconds: float = 5.0
    # `[notify]`: terminal notifications in the app (off by default; tui/team/notify.py).
    notify: dict[str, str] = field(default_factory=dict)


def _read_config(path: Path) -> dict[str, object]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(
            f"Inställningsfilen {path} går inte att läsa: {exc}. Rätta filen eller ta bort den.",
            f"The config file {path} cannot be read: {exc}. Fix or remove it.",
            field="config",
        ) from exc


def load_settings(
    *,
    database_url: str | None = None,
    user: str | None = None,
    lang: str | None = None,
    config_file: Path | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Resolve settings from options, then FBLMAIL_* variables, then the config file."""
    env = os.environ if environ is None else environ
    path = config_file or Path(env.get("FBLMAIL_CONFIG") or default_config_file())
    config = _read_config(path)
    url = database_url or env.get("FBLMAIL_DATABASE_URL") or config.get("database_url")
    who = user or env.get("FBLMAIL_USER") or getpass.getuser()
    language = (lang or env.get("FBLMAIL_LANG") or str(config.get("lang", "sv"))).lower()
    if language not in LANGUAGES:
        raise InvalidInput(
            f"Okänt språk {language!r}: välj sv eller en.",
            f"Unknown language {language!r}: choose sv or en.",
            field="lang",
        )
    identity = str(env.get("FBLMAIL_IDENTITY") or config.get("identity", "os")).lower()
    if identity not in IDENTITIES:
        raise InvalidInput(
            f"Okänt identitetsläge {identity!r}: välj os eller database.",
            f"Unknown identity mode {identity!r}: choose os or database.",
            field="identity",
        )
    mark_read, preview_seconds = _reading(config.get("reading", {}))
    raw_keymap = config.get("keymap", {})
    keymap = {str(k): str(v) for k, v in raw_keymap.items()} if isinstance(raw_keymap, dict) else {}
    return Settings(
        database_url=str(url) if url else default_database_url(),
        user=who,
        lang=language,
        keymap=keymap,
        config_file=path,
        identity=identity,
        user_given=bool(user or env.get("FBLMAIL_USER")),
        mark_read=mark_read,
        preview_seconds=preview_seconds,
        notify=_table(config, "notify"),
    )


def _reading(table: object) -> tuple[str, float]:
    """The `[reading]` table: `mark_read = "open"|"preview"`, `preview_seconds = 5`."""
    if not isinstance(table, dict):
        table = {}
    mark_read = str(table.get("mark_read", "open")).lower()
    if mark_read not in MARK_READ:
        raise InvalidInput(
            f"Okänt värde för [reading] mark_read: {mark_read!r}; välj open eller preview.",
            f"Unknown [reading] mark_read {mark_read!r}: choose open or preview.",
            field="config",
        )
    seconds = table.get("preview_seconds", 5)
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 1 <= seconds <= 600:
        raise InvalidInput(
            "[reading] preview_seconds ska vara ett tal mellan 1 och 600.",
            "[reading] preview_seconds must be a number from 1 to 600.",
            field="config",
        )
    return mark_read, float(seconds)


def _table(config: dict[str, object], name: str) -> dict[str, str]:
    """A config-file table as text values (`true` becomes "true")."""
    raw = config.get(name, {})
    if not isinstance(raw, dict):
        return {}
    return {str(k): str(v).lower() if isinstance(v, bool) else str(v) for k, v in raw.items()}

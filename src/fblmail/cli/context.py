"""What every command needs: the resolved settings and a way to open the service layer.

The service layer and SQLAlchemy are imported only when a command opens the store, so
`fblmail --help` starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

from fblmail.settings import Settings

if TYPE_CHECKING:
    from fblmail.service import Messenger
    from fblmail.store.engine import Store


@dataclass
class CliState:
    """Global options, resolved once in the root callback."""

    settings: Settings
    _stores: list[Store] = field(default_factory=list)

    def store(self, *, check: bool = True, create: bool = False) -> Store:
        """The store at the configured URL.

        `check=False` skips the schema check and `create=True` creates a missing SQLite
        file: both are for `init` only; every other command opens an existing store or
        stops (a mistyped path never leaves an empty store behind).
        """
        from fblmail.errors import FblError, StoreProblem
        from fblmail.store.engine import Store, make_engine
        from fblmail.store.schema import check_schema

        try:
            engine = make_engine(self.settings.database_url, create=create)
        except FblError:
            raise
        except OSError as exc:  # the file or its folders could not be created
            from fblmail.store.faults import store_error

            raise (store_error(exc) or exc) from exc
        except Exception as exc:  # a malformed or unsupported URL: the user's to fix
            raise StoreProblem(
                f"Databasadressen går inte att använda ({exc}). Ange sqlite:///fil.db eller "
                "postgresql://... med --db eller FBLMAIL_DATABASE_URL.",
                f"The database URL cannot be used ({exc}). Give sqlite:///file.db or "
                "postgresql://... with --db or FBLMAIL_DATABASE_URL.",
                field="database",
            ) from exc
        store = Store(engine)
        self._stores.append(store)
        warn_if_shared(store)
        if check:
            check_schema(engine)
        return store

    def messenger(self) -> Messenger:
        """Open the store (checking its schema) as the acting user."""
        from fblmail.bootstrap import acting_login
        from fblmail.service import Messenger

        store = self.store()
        return Messenger(store, acting_login(self.settings, store))

    def close(self) -> None:
        """Release the connections of every store opened by this command."""
        while self._stores:
            self._stores.pop().engine.dispose()


def warn_if_shared(store: Store) -> None:
    """Warn (stderr) when others than the owner may read or write the SQLite store."""
    from fblmail.cli.output import warn
    from fblmail.store.files import shared_store_warning

    path = store.path
    words = shared_store_warning(path) if path is not None else None
    if words is not None:
        warn(*words)


def state(ctx: typer.Context) -> CliState:
    """The `CliState` stored by the root callback."""
    root = ctx.find_root()
    assert isinstance(root.obj, CliState)
    return root.obj

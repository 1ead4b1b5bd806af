"""Opening `fblmail check` on the plain DB-API path: store, schema, identity, damage.

The same decisions, in the same order, as `CliState.messenger()` followed by the doctor's
cheap checks: a missing store stops with "run `fblmail init`" (exit 5) and leaves no file
behind, a store others may read gets its warning, an old or foreign schema is refused, the
acting user is decided by `fblmail.identity` (a shared PostgreSQL store decides itself and
a refused `--user` is logged), and a damaged store is refused before anything is written.
No SQLAlchemy is imported on the way.
"""

from __future__ import annotations

from pathlib import Path

from fblmail.clock import Clock, utc_now
from fblmail.service.acting import acting_login
from fblmail.service.duty.check_unit import LightChecks
from fblmail.settings import Settings
from fblmail.store.query.check_guard import refuse_damaged
from fblmail.store.query.connection import Connector, parse_target
from fblmail.store.query.version import check_revision

CLOCK: list[Clock] = [utc_now]
"""The check's clock (the tests put their fake clock here)."""


def _warn_if_shared(connector: Connector) -> None:
    from fblmail.cli.output import warn
    from fblmail.store.files import shared_store_warning

    if connector.target.sqlite:
        words = shared_store_warning(Path(connector.target.location))
        if words is not None:
            warn(*words)


def open_checks(settings: Settings, *, guard: bool = True) -> LightChecks:
    """The check for the acting user over the configured store, or a refusal.

    `guard=False` leaves out the damage checks (`check history` reads no patient data and,
    as before, runs on a store the doctor found damaged)."""
    connector = Connector(parse_target(settings.database_url))
    try:
        with connector.reading() as db:  # a missing file stops here, exit 5
            check_revision(db)
        _warn_if_shared(connector)
        login = acting_login(settings, connector)
        if guard:
            refuse_damaged(connector)
    except BaseException:
        connector.close()
        raise
    return LightChecks(connector, login, CLOCK[0])

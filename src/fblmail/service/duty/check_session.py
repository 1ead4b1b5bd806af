"""The check's `Reader` over a SQLModel session, for the service layer and the app.

`fblmail check` runs on the plain DB-API connection; the app's duty screen, the tests'
`Messenger` and the other use cases hold a SQLModel session. Both run the same SQL
(`check_queries`, `check_boxes`, `shifts`) through this adapter, which hands the text to
the session's own driver connection, so the statements join the session's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from fblmail.store.query.connection import SQLITE_TIME_FORMAT


class SessionReader:
    """`?`-placeholder SQL run in a session's transaction (`%s` for psycopg)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.sqlite = session.get_bind().dialect.name == "sqlite"

    def _sql(self, text: str) -> str:
        return text if self.sqlite else text.replace("?", "%s")

    def all(self, text: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Every row of a query."""
        result = self.session.connection().exec_driver_sql(self._sql(text), tuple(params))
        return [tuple(row) for row in result.all()]

    def one(self, text: str, params: Sequence[object] = ()) -> tuple[Any, ...] | None:
        """The first row, or None."""
        rows = self.all(text, params)
        return rows[0] if rows else None

    def scalar(self, text: str, params: Sequence[object] = ()) -> Any:
        """The first column of the first row (None when there is none)."""
        row = self.one(text, params)
        return row[0] if row else None

    def time(self, value: datetime) -> object:
        """A datetime as this back end compares it."""
        moment = value.astimezone(UTC)
        return moment.strftime(SQLITE_TIME_FORMAT) if self.sqlite else moment

    def execute(self, text: str, params: Sequence[object] = ()) -> None:
        """A statement without rows (an INSERT or UPDATE) in the same transaction."""
        self.session.connection().exec_driver_sql(self._sql(text), tuple(params))

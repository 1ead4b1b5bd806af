"""The errors a use case can end in, each with a plain message in Swedish and English.

Every error says what was wrong and what to do instead; the exit code tells a script which
kind of failure it was (see the README: 2 bad input, 3 refused by the routine, 4 unknown or
no access, 5 the store itself).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AuditTarget:
    """What a refused attempt was aimed at, so the access log can name it."""

    mailbox: str | None = None
    message_id: str | None = None
    thread_id: str | None = None
    patient: str | None = None


class FblError(Exception):
    """Base of every expected failure. Never carries a traceback to the user."""

    exit_code = 1
    outcome = "error"

    def __init__(
        self,
        sv: str,
        en: str,
        *,
        field: str | None = None,
        rule: str | None = None,
        target: AuditTarget | None = None,
    ) -> None:
        super().__init__(sv)
        self.sv = sv
        self.en = en
        self.field = field
        self.rule = rule
        self.target = target

    def message(self, lang: str = "sv") -> str:
        """The message in the user's language, prefixed by the rule it enforces."""
        text = self.en if lang == "en" else self.sv
        return f"{self.rule}: {text}" if self.rule else text


class InvalidInput(FblError):
    """A value that is malformed or missing; names the field and the fix."""

    exit_code = 2
    outcome = "invalid"


class Refused(FblError):
    """Refused by a rule of the routine (R1–R20); says which and what to do instead."""

    exit_code = 3
    outcome = "refused"


class NoAccess(FblError):
    """Unknown, or not the acting user's to see or change."""

    exit_code = 4
    outcome = "denied"


class StoreProblem(FblError):
    """The store cannot be used as it is (not initialised, wrong schema version, unreachable)."""

    exit_code = 5
    outcome = "error"

"""The errors a use case can end in, each with a plain message in Swedish and English.

Every error says what was wrong and what to do instead; the exit code tells a script which
kind of failure it was (see the README: 2 bad input, 3 refused by the routine, 4 unknown or
no access, 5 the store itself).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

HINT = "{hint}"
"""Where a message says what to do in the caller's own terms (a CLI flag, an app checkbox)."""

CLI_HINTS: Mapping[str, tuple[str, str]] = {
    "fyi_no_risk": (" (--fyi-no-risk)", " (--fyi-no-risk)"),
    "not_acute": (" (--not-acute)", " (--not-acute)"),
    "no_coordination_case": (" (--no-coordination-case)", " (--no-coordination-case)"),
    "recipient_informed": (
        " (bekräfta med --recipient-informed)",
        " (confirm with --recipient-informed)",
    ),
    "output": (" (--output)", " (--output)"),
    "journal_link_both": (
        " (--journal-note och --journal-title)",
        " (--journal-note and --journal-title)",
    ),
}
"""How the command line says each `FblError.hint`: the flag to give. The app has its own
phrasebook (`fblmail.tui.hints`); an unknown hint is left out."""


def _fill(template: str, hint: str | None, lang: int, book: Mapping[str, tuple[str, str]]) -> str:
    if hint is None or HINT not in template:
        return template
    phrase = book.get(hint, ("", ""))[lang]
    head, _, tail = template.rpartition(HINT)
    return head + phrase + tail


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
        hint: str | None = None,
    ) -> None:
        # `sv`/`en` may hold HINT where the caller says what to do in its own terms; the
        # stored texts (the access log, str()) say it as the command line does.
        self.sv = _fill(sv, hint, 0, CLI_HINTS)
        self.en = _fill(en, hint, 1, CLI_HINTS)
        super().__init__(self.sv)
        self._templates = (sv, en)
        self.field = field
        self.rule = rule
        self.target = target
        self.hint = hint

    def message(
        self, lang: str = "sv", hints: Mapping[str, tuple[str, str]] | None = None
    ) -> str:
        """The message in the user's language, prefixed by the rule it enforces.

        `hints` is the caller's phrasebook for `hint` (sv, en); the command line's by default.
        """
        index = 1 if lang == "en" else 0
        text = _fill(self._templates[index], self.hint, index, hints or CLI_HINTS)
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

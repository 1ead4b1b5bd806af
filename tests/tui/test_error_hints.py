"""Refusals say what to do in the caller's own terms: the CLI names its flag (as before),
the app the box to tick; the stored text (access log) keeps the CLI's words."""

from __future__ import annotations

from datetime import date

import pytest

from fblmail.domain import rules
from fblmail.errors import FblError
from fblmail.tui.hints import APP_HINTS


def refusal(check: object) -> FblError:
    assert callable(check)
    with pytest.raises(FblError) as caught:
        check()
    return caught.value


@pytest.mark.parametrize(
    ("check", "flag", "box"),
    [
        (lambda: rules.not_acute(["Det är akut"], False), "(--not-acute)", "Det är inte akut (R9)"),
        (
            lambda: rules.coordination_confirmed(False),
            "(--no-coordination-case)",
            "Patienten har inget pågående samordningsärende (R3)",
        ),
        (
            lambda: rules.fyi_confirmed(rules.category("För kännedom"), False),
            "(--fyi-no-risk)",
            "Ingen risk för patienten",
        ),
        (
            lambda: rules.journal_link("ref", None, "health_centre"),
            "--journal-note",
            "Journallänk och Rubrik",
        ),
    ],
)
def test_cli_names_the_flag_and_the_app_the_box(check: object, flag: str, box: str) -> None:
    error = refusal(check)
    assert flag in error.message("sv")
    assert flag in error.sv  # what the access log records
    app = error.message("sv", APP_HINTS)
    assert box in app and "--" not in app
    assert "--" not in error.message("en", APP_HINTS)


def test_a_message_without_a_hint_is_unchanged() -> None:
    error = refusal(lambda: rules.patient_id("123", date(2026, 11, 2)))
    assert error.hint is None
    assert error.message("sv") == error.message("sv", APP_HINTS)

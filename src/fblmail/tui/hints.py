"""How the app says what to do about a refusal: the box to tick, not the CLI flag.

The service's errors carry a structured `hint` (see `fblmail.errors.CLI_HINTS`); the command
line names a flag, the app names the control on the screen. `say(error)` is the one way the
app turns an `FblError` into words.
"""

from __future__ import annotations

from collections.abc import Mapping

from fblmail.errors import FblError
from fblmail.i18n import language

__all__ = ["APP_HINTS", "say"]

APP_HINTS: Mapping[str, tuple[str, str]] = {
    "fyi_no_risk": (
        ' genom att kryssa i "Ingen risk för patienten om meddelandet aldrig läses (R7)"',
        ' by ticking "No risk to the patient if the message is never read (R7)"',
    ),
    "not_acute": (
        ' genom att kryssa i "Det är inte akut (R9)"',
        ' by ticking "It is not acute (R9)"',
    ),
    "no_coordination_case": (
        ' genom att kryssa i "Patienten har inget pågående samordningsärende (R3)"',
        ' by ticking "The patient has no ongoing coordination case (R3)"',
    ),
    "recipient_informed": (
        ' (säg till personen och kryssa sedan i "Mottagaren vet att meddelandet kommer")',
        ' (tell the person, then tick "The recipient has been told it is coming")',
    ),
    "output": (' i fältet "Spara som"', ' in the "Save as" field'),
    "journal_link_both": (
        " (fyll i både Journallänk och Rubrik, eller töm båda)",
        " (fill in both Journal link and Title, or clear both)",
    ),
}


def say(error: FblError) -> str:
    """The error in the user's language, with what to do in the app's terms."""
    return error.message(language(), APP_HINTS)

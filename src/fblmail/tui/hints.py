"""How the app says what to do about a refusal: the box to tick, not the CLI flag.

The service's errors carry a structured `hint` (see `fblmail.errors.CLI_HINTS`); the command
line names a flag, the app names the control on the screen. `say(error)` is the one way the
app turns an `FblError` into words; `describe(error)` turns any exception into words (a store
fault by its cause, as the command line does; anything else by its type name only).
"""

from __future__ import annotations

from collections.abc import Mapping

from fblmail.errors import FblError
from fblmail.i18n import language

__all__ = ["APP_HINTS", "describe", "say"]

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


def describe(error: BaseException) -> str:
    """Any exception in the user's language, never its text (it could hold patient data).

    An `FblError` says what to do in the app's terms; anything else goes through the CLI's
    classifier (`store/faults.py`), which names a store fault by its cause and reports the
    rest as an unexpected error by its type name.
    """
    if isinstance(error, FblError):
        return say(error)
    from fblmail.store.faults import describe_store_error  # only when something went wrong

    return describe_store_error(error)[1]

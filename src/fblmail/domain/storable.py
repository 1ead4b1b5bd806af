"""Text that a store can hold: no NUL character, nothing that is not valid UTF-8.

SQLite would store a NUL and PostgreSQL refuses it, and a lone surrogate (how Python hands
over an invalid byte from the command line) cannot be encoded at all; both are refused up
front as bad input, naming the field, the same way on both back ends.
"""

from __future__ import annotations

from fblmail.errors import InvalidInput


def not_storable(value: str) -> bool:
    """True for text with a NUL character or a lone surrogate (invalid UTF-8 input)."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def unstorable_text(field: str) -> InvalidInput:
    """The usage error for text that cannot be stored, naming the field."""
    return InvalidInput(
        f"Fältet {field} innehåller ett NUL-tecken eller ogiltig UTF-8 och kan inte sparas. "
        "Ta bort tecknet och försök igen.",
        f"The field {field} contains a NUL character or invalid UTF-8 and cannot be stored. "
        "Remove the character and try again.",
        field=field,
    )

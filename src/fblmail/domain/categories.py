"""The eleven message categories of the routine (R8)."""

from __future__ import annotations

import unicodedata
from enum import StrEnum

__all__ = ["Category", "UnknownCategory", "parse_category"]


class Category(StrEnum):
    """A selectable message heading (R8), in the routine's order.

    Values are the Swedish headings exactly as the routine spells them (NFC); they are what
    users see and what the store keeps.
    """

    RECEPT = "Recept"
    LAKEMEDEL = "Läkemedel"
    FRAGESTALLNING = "Frågeställning"
    KONSULTATION_LAKARE = "Konsultation läkare"
    PROVTAGNING = "Provtagning"
    REHABILITERING = "Rehabilitering"
    SAMORDNANDE_SJUKSKOTERSKA = "Samordnande sjuksköterska"
    # "För kännedom": no action requested, avoided as far as possible (R7), no deadline (R10).
    FYI = "För kännedom"
    PAMINNELSE = "Påminnelse"
    UPPFOLJNING = "Uppföljning"
    UTREDANDE_ATGARDER = "Utredande åtgärder"


def _key(text: str) -> str:
    # NFC first so that a decomposed "å" (a + ring) compares equal to the precomposed one;
    # NFC again after casefold because case folding can leave text unnormalised.
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


_BY_KEY: dict[str, Category] = {_key(category.value): category for category in Category}
_VALID_LIST = ", ".join(category.value for category in Category)


class UnknownCategory(ValueError):
    """A text that is not one of the routine's categories."""

    def __init__(self) -> None:
        self.reason_sv = f"Okänd kategori. Välj en av: {_VALID_LIST}."
        self.reason_en = f"Unknown category. Choose one of: {_VALID_LIST}."
        super().__init__(self.reason_en)


def parse_category(text: str) -> Category:
    """The category named by ``text``.

    Matching ignores surrounding whitespace, letter case and Unicode normalisation form, and
    nothing else: a misspelt heading is refused rather than guessed, because the category
    decides whether a message has an answer deadline.

    Raises :class:`UnknownCategory` listing the valid categories.
    """
    category = _BY_KEY.get(_key(text.strip()))
    if category is None:
        raise UnknownCategory
    return category

"""The routine's eleven categories (R8) and parsing them from text."""

from __future__ import annotations

import unicodedata

import pytest

from fblmail.domain.categories import Category, UnknownCategory, parse_category

R8 = [
    "Recept",
    "Läkemedel",
    "Frågeställning",
    "Konsultation läkare",
    "Provtagning",
    "Rehabilitering",
    "Samordnande sjuksköterska",
    "För kännedom",
    "Påminnelse",
    "Uppföljning",
    "Utredande åtgärder",
]


def test_exactly_the_r8_categories_in_order() -> None:
    assert [category.value for category in Category] == R8


def test_values_are_nfc_and_names_ascii() -> None:
    for category in Category:
        assert unicodedata.is_normalized("NFC", category.value)
        assert category.name.isascii()
        assert category.name.isupper()


def test_fyi_is_for_kannedom() -> None:
    assert isinstance(Category.FYI, str)
    assert str(Category.FYI) == "För kännedom"
    assert Category("Läkemedel") is Category.LAKEMEDEL
    assert str(Category.KONSULTATION_LAKARE) == "Konsultation läkare"


@pytest.mark.parametrize("value", R8)
def test_parse_exact(value: str) -> None:
    assert parse_category(value).value == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Recept \n", Category.RECEPT),
        ("recept", Category.RECEPT),
        ("RECEPT", Category.RECEPT),
        ("LÄKEMEDEL", Category.LAKEMEDEL),
        ("för kännedom", Category.FYI),
        ("FÖR KÄNNEDOM", Category.FYI),
        ("konsultation LÄKARE", Category.KONSULTATION_LAKARE),
        ("Pa\u030aminnelse", Category.PAMINNELSE),  # decomposed å (NFD)
        ("UPPFO\u0308LJNING", Category.UPPFOLJNING),  # decomposed Ö
        ("\u00a0Utredande åtgärder\u00a0", Category.UTREDANDE_ATGARDER),
    ],
)
def test_parse_case_and_normalisation(text: str, expected: Category) -> None:
    assert parse_category(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Recep",
        "Recepts",
        "Recept!",
        "Lakemedel",  # no diacritics: not guessed
        "Konsultation  läkare",  # double space inside
        "Konsultation-läkare",
        "FYI",
        "FOR_KANNEDOM",
        "Akut",
        "Re\u200bcept",  # zero-width space inside
    ],
)
def test_parse_refuses_anything_else(text: str) -> None:
    with pytest.raises(UnknownCategory):
        parse_category(text)


def test_unknown_category_lists_valid_ones() -> None:
    with pytest.raises(UnknownCategory) as caught:
        parse_category("Okänt")
    error = caught.value
    assert isinstance(error, ValueError)
    for value in R8:
        assert value in error.reason_sv
        assert value in error.reason_en
    assert error.reason_sv.startswith("Okänd kategori")
    assert error.reason_en.startswith("Unknown category")

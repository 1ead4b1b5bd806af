"""Spotting words that suggest an acute matter (R9)."""

from __future__ import annotations

import pytest

from fblmail.domain.acute import ACUTE_WORDS, acute_words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Akut!", ["Akut"]),
        ("Det är AKUT.", ["AKUT"]),
        ("akuta besvär", ["akuta"]),
        ("ett akutt ärende", ["akutt"]),
        ("akutare än väntat", ["akutare"]),
        ("remiss till akutmottagningen", ["akutmottagningen"]),
        ("var på akuten i natt", ["akuten"]),
        ("subakut förlopp", ["subakut"]),
        ("perakut insjuknande", ["perakut"]),
        ("icke-akut", ["icke-akut"]),
        ("ej akut", ["akut"]),
        ("akut_remiss", ["akut"]),
        ("Brådskande!", ["Brådskande"]),
        ("det brådskar", ["brådskar"]),
        ("ingen brådska", ["brådska"]),
        ("det är bråttom", ["bråttom"]),
        ("svara omedelbart", ["omedelbart"]),
        ("omedelbar åtgärd", ["omedelbar"]),
        ("svara omgående", ["omgående"]),
        ("ring genast", ["genast"]),
        ("snarast möjligt", ["snarast"]),
        ("livshotande tillstånd", ["livshotande"]),
        ("Urgent: please call", ["Urgent"]),
        ("please reply ASAP", ["ASAP"]),
        ("emergency", ["emergency"]),
        ("ring 112", ["112"]),
        ("112:an larmad", ["112"]),
        ("larma 112", ["112"]),
        ("112 larmad, ambulans på väg", ["112"]),
        ("vi har ringt 112 i natt", ["112"]),
        ("kontakta 112:an", ["112"]),
        ("please call 112", ["112"]),
        # Decomposed å (a + combining ring) as some keyboards and pastes produce it.
        ("bra\u030adskande", ["bra\u030adskande"]),
    ],
)
def test_flags(text: str, expected: list[str]) -> None:
    assert acute_words(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Receptförnyelse Waran, ordinarie kontroll.",
        "sparka bakut",  # "backwards": contains 'akut' inside a word
        "makulera beställningen",
        "genaste vägen",  # not "genast"
        "snart",
        "omgåendes",  # not an inflection we know; whole-word match only
        "ring 1177",
        "tel 0701-112233",
        "1120 mg",
        "x112",
        "ärende 5112",
        "Alvedon 112 mg",  # a dose, not an alarm (issue 13)
        "(112)",
        "112 tabletter kvar i dosetten",

        "emergent",
        "brådstörtad",
    ],
)
def test_does_not_flag(text: str) -> None:
    assert acute_words(text) == []


def test_order_of_appearance_unique_first_spelling_kept() -> None:
    text = "Brådskande: AKUT, akut och akut igen – snarast! Akut."
    assert acute_words(text) == ["Brådskande", "AKUT", "snarast"]


def test_different_words_from_same_stem_each_reported() -> None:
    assert acute_words("akut, akuta, akuten") == ["akut", "akuta", "akuten"]


def test_word_list_is_a_tuple_of_lowercase_words() -> None:
    assert isinstance(ACUTE_WORDS, tuple)
    for word in ACUTE_WORDS:
        assert word == word.casefold()
        assert " " not in word

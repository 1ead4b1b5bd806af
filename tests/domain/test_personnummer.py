"""Personnummer parsing, check digits and the synthetic test series.

Only synthetic numbers appear here: Tolvan Tolvansson 19121212-1212, his samordningsnummer
19121272-1219, and numbers with birth number 988-999. A 10-digit form is only written where
its century resolves to a test number (e.g. Tolvan only as 121212+1212: with '-' it would be
a different person born in 2012).
"""

from __future__ import annotations

from datetime import date

import pytest

from fblmail.domain.personnummer import (
    InvalidPatientId,
    PatientId,
    PatientIdProblem,
    is_test_number,
    luhn_check_digit,
    make_test_patient_ids,
    parse_patient_id,
)

TODAY = date(2025, 6, 15)


def _num(yyyymmdd: str, birth_number: str) -> str:
    """A 12-digit number with a correct check digit, built at run time."""
    return yyyymmdd + birth_number + str(luhn_check_digit(yyyymmdd[2:] + birth_number))


def _refusal(text: str, today: date = TODAY) -> InvalidPatientId:
    with pytest.raises(InvalidPatientId) as caught:
        parse_patient_id(text, today)
    return caught.value


# --- luhn_check_digit -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nine", "check"),
    [
        ("121212121", 2),  # Tolvan Tolvansson
        ("121272121", 9),  # his samordningsnummer
        ("800101988", 7),
        ("000229988", 1),
        ("000000000", 0),
    ],
)
def test_luhn_check_digit(nine: str, check: int) -> None:
    assert luhn_check_digit(nine) == check


@pytest.mark.parametrize("bad", ["", "12121212", "8001019887", "12121212x", "١٢١٢١٢١٢١"])
def test_luhn_check_digit_needs_nine_ascii_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="nine ASCII digits"):
        luhn_check_digit(bad)


# --- accepted forms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("19121212-1212", "191212121212"),
        ("191212121212", "191212121212"),
        ("121212+1212", "191212121212"),  # '+': a hundred years or older
        ("  19121212-1212\n", "191212121212"),
        ("\t121212+1212 ", "191212121212"),
        ("19121272-1219", "191212721219"),
        ("121272+1219", "191212721219"),
        ("19800101-9887", "198001019887"),
        ("800101-9887", "198001019887"),
        ("8001019887", "198001019887"),
        ("121212-9884", "201212129884"),  # '-': the latest century, aged 0-99
        ("1212129884", "201212129884"),
        ("20121212-9884", "201212129884"),
    ],
)
def test_accepted_forms(text: str, digits: str) -> None:
    assert parse_patient_id(text, TODAY) == PatientId(digits)


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("20000229-9881", "200002299881"),  # 2000 was a leap year (divisible by 400)
        ("000229-9881", "200002299881"),
        ("20240229-9883", "202402299883"),
        ("19800161-9884", "198001619884"),  # samordningsnummer, day 61 = the 1st
        ("19800191-9888", "198001919888"),  # day 91 = 31 January
        ("20250615-9884", "202506159884"),  # born today
        ("250615-9884", "202506159884"),  # born today: age 0, this century
        ("250616-9883", "192506169883"),  # birthday tomorrow: 99 years old, not -1
        ("250615+9884", "192506159884"),  # exactly 100 today
        ("18400101-9886", "184001019886"),
    ],
)
def test_edge_dates_accepted(text: str, digits: str) -> None:
    assert parse_patient_id(text, TODAY).digits == digits


def test_ten_digit_century_follows_today() -> None:
    # The same 10-digit text names different people depending on the day it is read.
    assert parse_patient_id("250616-9883", date(2025, 6, 16)).digits == "202506169883"
    assert parse_patient_id("250616-9883", date(2025, 6, 15)).digits == "192506169883"
    assert parse_patient_id("250616+9883", date(2025, 6, 16)).digits == "192506169883"


def test_coordination_number_leap_day() -> None:
    # 29 + 60 = 89: a samordningsnummer for 29 February 2000, but not for 1900.
    assert parse_patient_id(_num("20000289", "988"), TODAY).is_coordination_number
    assert _refusal(_num("19000289", "988")).problem is PatientIdProblem.NOT_A_DATE


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "19121212 1212",  # space inside
        "121212 1212",
        "19121212\n1212",
        "19121212–1212",  # en dash
        "19121212_1212",
        "1912-12-12-1212",
        "121212--1212",
        "+121212-1212",
        "-19121212-1212",
        "1912121212121",  # 13 digits
        "191212121",  # 9 digits
        "12121212121",  # 11 digits
        "19121212-121",
        "19121212-12121",
        "1912121-21212",
        "19121212-121X",
        "T19121212-1212",
        "abc",
        "١٩١٢١٢١٢-١٢١٢",  # Arabic-Indic digits
        "１９１２１２１２-１２１２",  # fullwidth digits
        "19121212-121٢",  # one non-ASCII digit
        "𝟏𝟗𝟏𝟐𝟏𝟐𝟏𝟐-𝟏𝟐𝟏𝟐",  # mathematical bold digits
        "19121212+1212",  # 12 digits with '+': refused as ambiguous
    ],
)
def test_format_refused(text: str) -> None:
    error = _refusal(text)
    assert error.problem is PatientIdProblem.FORMAT
    assert error.reason_sv
    assert error.reason_en


def test_format_reasons_are_specific() -> None:
    assert "0–9" in _refusal("１９１２１２１２-１２１２").reason_en
    assert "0–9" in _refusal("١٩١٢١٢١٢-١٢١٢").reason_sv
    assert "plus" in _refusal("19121212+1212").reason_en
    assert "Plustecken" in _refusal("19121212+1212").reason_sv
    assert "YYYYMMDD-NNNN" in _refusal("19121212 1212").reason_en
    assert "No personal identity number" in _refusal("  ").reason_en
    assert "hyphen" in _refusal("19121212–1212").reason_en  # en dash
    assert "bindestreck" in _refusal("19121212\u20111212").reason_sv  # non-breaking hyphen
    assert "0–9" not in _refusal("19121212–1212").reason_en


@pytest.mark.parametrize(
    "text",
    [
        "19000229-9881",  # 1900 was not a leap year (divisible by 100, not by 400)
        "000229+9881",  # the same day in the 10-digit form
        "20230229-9884",
        "19801301-9883",  # month 13
        "19800001-9888",  # month 0
        "19800132-9880",  # day 32
        "19800260-9884",  # samordningsnummer day 60 = day 0
        "19800231-9880",  # 31 February
        "19800291-9887",  # samordningsnummer for 31 February
        "19800292-9886",  # samordningsnummer day 32
    ],
)
def test_not_a_date_refused(text: str) -> None:
    assert _refusal(text).problem is PatientIdProblem.NOT_A_DATE


def test_day_zero_refused() -> None:
    assert _refusal(_num("19800100", "988")).problem is PatientIdProblem.NOT_A_DATE


def test_leap_day_with_dash_in_a_century_year() -> None:
    # On 2000-01-15, 000229-NNNN would be 2000-02-29 (future), so '-' means 1900-02-29,
    # which does not exist.
    assert _refusal("000229-9881", date(2000, 1, 15)).problem is PatientIdProblem.NOT_A_DATE


@pytest.mark.parametrize(
    "text",
    [
        "20250616-9883",  # tomorrow
        "20301212-9882",
        "21121212-9884",  # right 10 digits, wrong century
    ],
)
def test_future_refused(text: str) -> None:
    error = _refusal(text)
    assert error.problem is PatientIdProblem.FUTURE
    assert "future" in error.reason_en
    assert "framtiden" in error.reason_sv


def test_future_coordination_number_refused() -> None:
    assert _refusal(_num("20250676", "988")).problem is PatientIdProblem.FUTURE


@pytest.mark.parametrize(
    "text",
    [
        "18391231-9880",
        "18121212-9884",  # right 10 digits, wrong century
        "250616+9883",  # '+' makes it 1825
    ],
)
def test_too_old_refused(text: str) -> None:
    assert _refusal(text).problem is PatientIdProblem.TOO_OLD


VALID = [
    "19121212-1212",
    "121212+1212",
    "19121272-1219",
    "19800101-9887",
    "800101-9887",
    "20000229-9881",
    "19800191-9888",
]


@pytest.mark.parametrize("valid", VALID)
@pytest.mark.parametrize("wrong", range(1, 10))
def test_wrong_check_digit_refused(valid: str, wrong: int) -> None:
    mutated = valid[:-1] + str((int(valid[-1]) + wrong) % 10)
    error = _refusal(mutated)
    assert error.problem is PatientIdProblem.CHECK_DIGIT
    assert error.reason_sv == "Kontrollsiffran stämmer inte – kontrollera numret."
    assert error.reason_en == "The check digit is wrong – check the number."


def test_refusal_is_a_value_error_without_the_number() -> None:
    error = _refusal("19121212-1213")
    assert isinstance(error, ValueError)
    assert "1212" not in str(error)
    assert str(error) == error.reason_en


# --- PatientId ------------------------------------------------------------------------------


def test_patient_id_display_and_birth_date() -> None:
    tolvan = PatientId("191212121212")
    assert tolvan.display() == "19121212-1212"
    assert tolvan.birth_date == date(1912, 12, 12)
    assert not tolvan.is_coordination_number


def test_coordination_number_properties() -> None:
    twin = PatientId("191212721219")
    assert twin.is_coordination_number
    assert twin.birth_date == date(1912, 12, 12)
    assert twin.display() == "19121272-1219"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "19121212-1212",
        "8001019887",
        "1912121212123",
        "１９１２１２１２１２１２",
        "19121212121x",
    ],
)
def test_patient_id_needs_twelve_ascii_digits(bad: str) -> None:
    with pytest.raises(InvalidPatientId):
        PatientId(bad)


def test_patient_id_is_frozen_and_hashable() -> None:
    tolvan = PatientId("191212121212")
    with pytest.raises(AttributeError):
        tolvan.digits = "191212721219"  # type: ignore[misc]
    assert len({tolvan, PatientId("191212121212")}) == 1


# --- test series ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "digits",
    ["191212121212", "191212721219", "198001019887", "198001019994", "200002299881"],
)
def test_is_test_number(digits: str) -> None:
    assert is_test_number(PatientId(digits))


@pytest.mark.parametrize("birth_number", ["000", "121", "987"])
def test_is_not_test_number(birth_number: str) -> None:
    assert not is_test_number(PatientId(_num("19800101", birth_number)))


def test_tolvan_neighbours_are_not_test_numbers() -> None:
    # Only Tolvan himself is special, not every number from his birthday.
    assert not is_test_number(PatientId(_num("19121212", "123")))


def test_make_test_patient_ids_are_valid_distinct_test_numbers() -> None:
    ids = make_test_patient_ids(2000, seed=7)
    assert len(ids) == 2000
    assert len(set(ids)) == 2000
    for patient in ids:
        assert is_test_number(patient)
        assert 988 <= int(patient.digits[8:11]) <= 999
        assert date(1930, 1, 1) <= patient.birth_date <= date(2020, 12, 31)
        assert not patient.is_coordination_number
        assert parse_patient_id(patient.display(), TODAY) == patient
        assert parse_patient_id(patient.digits, date(2021, 1, 1)) == patient


def test_make_test_patient_ids_is_deterministic() -> None:
    assert make_test_patient_ids(50, seed=1) == make_test_patient_ids(50, seed=1)
    assert make_test_patient_ids(50, seed=1) != make_test_patient_ids(50, seed=2)
    # A longer list starts with the shorter one, so demo data can grow without reshuffling.
    assert make_test_patient_ids(80, seed=1)[:50] == make_test_patient_ids(50, seed=1)


def test_make_test_patient_ids_edge_counts() -> None:
    assert make_test_patient_ids(0, seed=0) == []
    with pytest.raises(ValueError, match="n must be"):
        make_test_patient_ids(-1, seed=0)
    with pytest.raises(ValueError, match="n must be"):
        make_test_patient_ids(10**9, seed=0)


@pytest.mark.parametrize("yyyymmdd", ["19990787", "19121212", "20000229", "19800191"])
def test_birth_number_000_refused(yyyymmdd: str) -> None:
    # Issue 13: serial 000 is never issued (the PyPI `personnummer` library excludes it).
    # Built at run time with a correct check digit, so the check digit is not the reason.
    twelve = _num(yyyymmdd, "000")
    for text in (twelve, f"{twelve[:8]}-{twelve[8:]}", twelve[2:]):
        error = _refusal(text)
        assert error.problem is PatientIdProblem.SERIAL
        assert "000" in error.reason_sv and "000" in error.reason_en

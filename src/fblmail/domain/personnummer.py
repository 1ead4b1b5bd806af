"""Swedish personal identity numbers (personnummer) and coordination numbers.

Every message concerns one patient (R2), identified by a personnummer or, for people who are
not registered in Sweden, a samordningsnummer (the day of the month plus 60). This module
parses what a nurse types, refuses anything doubtful with a reason she can act on, and makes
synthetic test numbers from Skatteverket's test series for demo data and tests.

Error messages never contain the number itself, so that they can be logged safely.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

__all__ = [
    "InvalidPatientId",
    "PatientId",
    "PatientIdProblem",
    "is_test_number",
    "luhn_check_digit",
    "make_test_patient_ids",
    "parse_patient_id",
]

# Coordination numbers add 60 to the day of the month.
_COORDINATION_OFFSET = 60

# Personnummer were introduced in 1947; nobody who ever held one was born long before 1840.
# A year earlier than this is a typing mistake (e.g. 18 for 19), not a patient.
_EARLIEST_BIRTH_YEAR = 1840

# Tolvan Tolvansson and his coordination-number twin, Skatteverket's best-known test identities.
_NAMED_TEST_NUMBERS = frozenset({"191212121212", "191212721219"})
# Birth numbers (digits 9-11 of the 12-digit form) that Skatteverket reserves for tests.
_TEST_BIRTH_NUMBERS = range(988, 1000)

# [0-9], not \d: \d also matches Arabic-Indic, fullwidth and other Unicode digits, which
# int() would happily accept and silently turn into a different-looking number.
_TEN = re.compile(r"([0-9]{6})([-+]?)([0-9]{4})")
_TWELVE = re.compile(r"([0-9]{8})(-?)([0-9]{4})")
_TWELVE_PLUS = re.compile(r"[0-9]{8}\+[0-9]{4}")
_DIGITS_12 = re.compile(r"[0-9]{12}")


class PatientIdProblem(StrEnum):
    """Why a text was refused as a patient id; lets callers branch without parsing prose."""

    FORMAT = "format"
    NOT_A_DATE = "not_a_date"
    FUTURE = "future"
    TOO_OLD = "too_old"
    CHECK_DIGIT = "check_digit"
    SERIAL = "serial"


class InvalidPatientId(ValueError):
    """A text that is not a valid personnummer or samordningsnummer.

    ``reason_sv`` and ``reason_en`` are plain sentences meant for the person who typed the
    number; ``problem`` says which check failed.
    """

    def __init__(self, problem: PatientIdProblem, reason_sv: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.problem = problem
        self.reason_sv = reason_sv
        self.reason_en = reason_en


def _refuse(problem: PatientIdProblem) -> InvalidPatientId:
    sv, en = _REASONS[problem]
    return InvalidPatientId(problem, sv, en)


_REASONS: dict[PatientIdProblem, tuple[str, str]] = {
    PatientIdProblem.FORMAT: (
        "Skriv personnumret som ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN.",
        "Write the personal identity number as YYYYMMDD-NNNN or YYMMDD-NNNN.",
    ),
    PatientIdProblem.NOT_A_DATE: (
        "Datumet i personnumret finns inte – kontrollera numret.",
        "The date in the number does not exist – check the number.",
    ),
    PatientIdProblem.FUTURE: (
        "Datumet i personnumret ligger i framtiden – kontrollera numret.",
        "The date in the number is in the future – check the number.",
    ),
    PatientIdProblem.TOO_OLD: (
        "Födelseåret är orimligt tidigt – kontrollera numret.",
        "The year of birth is implausibly early – check the number.",
    ),
    PatientIdProblem.CHECK_DIGIT: (
        "Kontrollsiffran stämmer inte – kontrollera numret.",
        "The check digit is wrong – check the number.",
    ),
    PatientIdProblem.SERIAL: (
        "Födelsenumret (de tre siffrorna före kontrollsiffran) kan inte vara 000 – "
        "kontrollera numret.",
        "The birth number (the three digits before the check digit) cannot be 000 – "
        "check the number.",
    ),
}

# More specific wording for two format mistakes that are easy to make and hard to see.
_EMPTY = (
    "Inget personnummer angivet.",
    "No personal identity number given.",
)
_NOT_ASCII_DIGITS = (
    "Numret innehåller tecken som inte är siffrorna 0–9 – skriv om det med vanliga siffror.",
    "The number contains characters other than the digits 0–9 – retype it with plain digits.",
)
_NOT_A_HYPHEN = (
    "Använd ett vanligt bindestreck (-) mellan datum och de fyra sista siffrorna.",
    "Use a plain hyphen (-) between the date and the last four digits.",
)
_TWELVE_WITH_PLUS = (
    "Plustecken används bara i tiosiffriga nummer (ÅÅMMDD+NNNN) – använd bindestreck.",
    "A plus sign is only used in 10-digit numbers (YYMMDD+NNNN) – use a hyphen.",
)


@dataclass(frozen=True, slots=True)
class PatientId:
    """A validated patient identity, stored as its 12 ASCII digits ``YYYYMMDDNNNC``.

    Construct it with :func:`parse_patient_id`; the constructor only checks the shape, so that
    numbers read back from the store need not be re-validated against today's date.
    """

    digits: str

    def __post_init__(self) -> None:
        if not _DIGITS_12.fullmatch(self.digits):
            raise InvalidPatientId(PatientIdProblem.FORMAT, *_REASONS[PatientIdProblem.FORMAT])

    @property
    def is_coordination_number(self) -> bool:
        """True for a samordningsnummer (day of month + 60)."""
        return int(self.digits[6:8]) > _COORDINATION_OFFSET

    @property
    def birth_date(self) -> date:
        """The date of birth, with the coordination offset removed.

        Raises ValueError if the digits do not hold a real date (only possible for ids built
        directly, not through :func:`parse_patient_id`).
        """
        day = int(self.digits[6:8])
        if day > _COORDINATION_OFFSET:
            day -= _COORDINATION_OFFSET
        return date(int(self.digits[0:4]), int(self.digits[4:6]), day)

    def display(self) -> str:
        """The canonical written form ``YYYYMMDD-NNNN``."""
        return f"{self.digits[:8]}-{self.digits[8:]}"


def luhn_check_digit(nine_digits: str) -> int:
    """The Luhn check digit for ``YYMMDDNNN`` (the 10-digit form without its last digit)."""
    if not re.fullmatch(r"[0-9]{9}", nine_digits):
        raise ValueError("luhn_check_digit needs exactly nine ASCII digits")
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def _real_date(year: int, month: int, day: int) -> date | None:
    if day > _COORDINATION_OFFSET:
        day -= _COORDINATION_OFFSET
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _century_year(yy: int, month: int, day: int, separator: str, today: date) -> int:
    """The full year of a 10-digit number.

    With ``-`` (or none) it is the latest year ending in ``yy`` whose birthday is not after
    today, which makes the person 0-99 years old; with ``+`` it is a hundred years earlier.
    Comparing (month, day) rather than dates keeps this defined for days that exist only in
    some centuries (29 February 1900 vs 2000); validity is checked afterwards.
    """
    year = today.year - (today.year - yy) % 100
    real_day = day - _COORDINATION_OFFSET if day > _COORDINATION_OFFSET else day
    if year == today.year and (month, real_day) > (today.month, today.day):
        year -= 100
    if separator == "+":
        year -= 100
    return year


def parse_patient_id(text: str, today: date) -> PatientId:
    """Parse a personnummer or samordningsnummer typed by a person.

    Accepts, after stripping surrounding whitespace, ``YYMMDD-NNNN``, ``YYMMDD+NNNN``,
    ``YYMMDDNNNN``, ``YYYYMMDD-NNNN`` and ``YYYYMMDDNNNN`` in ASCII digits. The date must be
    real (day - 60 for a samordningsnummer), not after ``today`` and not before 1840, the
    Luhn check digit over the 10-digit form must match, and the birth number is not 000.

    Raises :class:`InvalidPatientId` with a reason for the person who typed it.
    """
    stripped = text.strip()
    if not stripped:
        raise InvalidPatientId(PatientIdProblem.FORMAT, *_EMPTY)
    if not stripped.isascii():
        # Most likely digits pasted from a document in another script or fullwidth form;
        # say so, because they look exactly like ordinary digits on screen.
        if any(char.isdigit() and not char.isascii() for char in stripped):
            raise InvalidPatientId(PatientIdProblem.FORMAT, *_NOT_ASCII_DIGITS)
        # Word processors turn "-" into an en dash; pasted from there it looks right.
        if any(unicodedata.category(char) == "Pd" for char in stripped):
            raise InvalidPatientId(PatientIdProblem.FORMAT, *_NOT_A_HYPHEN)
        raise _refuse(PatientIdProblem.FORMAT)

    if match := _TWELVE.fullmatch(stripped):
        head, _separator, tail = match.groups()
        year, month, day = int(head[0:4]), int(head[4:6]), int(head[6:8])
        ten = head[2:] + tail
    elif match := _TEN.fullmatch(stripped):
        head, separator, tail = match.groups()
        month, day = int(head[2:4]), int(head[4:6])
        year = _century_year(int(head[0:2]), month, day, separator, today)
        ten = head + tail
    elif _TWELVE_PLUS.fullmatch(stripped):
        # A 12-digit number already states its century, so a '+' is either a mistake or means
        # something we cannot know; refuse rather than guess.
        raise InvalidPatientId(PatientIdProblem.FORMAT, *_TWELVE_WITH_PLUS)
    else:
        raise _refuse(PatientIdProblem.FORMAT)

    born = _real_date(year, month, day)
    if born is None or day == _COORDINATION_OFFSET:
        raise _refuse(PatientIdProblem.NOT_A_DATE)
    if born > today:
        raise _refuse(PatientIdProblem.FUTURE)
    if year < _EARLIEST_BIRTH_YEAR:
        raise _refuse(PatientIdProblem.TOO_OLD)
    if luhn_check_digit(ten[:9]) != int(ten[9]):
        raise _refuse(PatientIdProblem.CHECK_DIGIT)
    if ten[6:9] == "000":
        # Skatteverket never issues birth number 000 (the `personnummer` library agrees).
        raise _refuse(PatientIdProblem.SERIAL)
    return PatientId(f"{year:04d}{ten[2:]}")


def is_test_number(p: PatientId) -> bool:
    """True for Skatteverket's test identities: Tolvan Tolvansson (19121212-1212), his
    samordningsnummer 19121272-1219, or any number whose birth number is 988-999."""
    return p.digits in _NAMED_TEST_NUMBERS or int(p.digits[8:11]) in _TEST_BIRTH_NUMBERS


_FIRST_TEST_DAY = date(1930, 1, 1)
_LAST_TEST_DAY = date(2020, 12, 31)


def make_test_patient_ids(n: int, seed: int) -> list[PatientId]:
    """``n`` distinct valid test personnummer, the same list for the same ``seed``.

    Birth dates fall between 1930-01-01 and 2020-12-31, birth numbers in 988-999, with a
    correct check digit, so :func:`is_test_number` is true for each. All are ordinary
    personnummer (no samordningsnummer), so each is valid for any ``today`` from 2021 on.
    """
    span = (_LAST_TEST_DAY - _FIRST_TEST_DAY).days + 1
    capacity = span * len(_TEST_BIRTH_NUMBERS)
    if not 0 <= n <= capacity:
        raise ValueError(f"n must be between 0 and {capacity}")
    # A private generator, so that the result depends on the seed alone.
    rng = random.Random(seed)
    seen: set[str] = set()
    result: list[PatientId] = []
    while len(result) < n:
        born = _FIRST_TEST_DAY + timedelta(days=rng.randrange(span))
        birth_number = rng.choice(_TEST_BIRTH_NUMBERS)
        nine = f"{born:%y%m%d}{birth_number:03d}"
        digits = f"{born:%Y%m%d}{birth_number:03d}{luhn_check_digit(nine)}"
        if digits not in seen:
            seen.add(digits)
            result.append(PatientId(digits))
    return result

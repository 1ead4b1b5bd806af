"""House rule: no real person's personnummer anywhere in the repository.

Scans every tracked file, and every untracked file that is not ignored, for 10- and 12-digit
numbers (optionally with '-' or '+') that are valid personnummer or samordningsnummer, i.e. a
real date not in the future and a correct check digit, and that are not in Skatteverket's
test series. Use 19121212-1212, 19121272-1219 or a birth number 988-999 instead.

A number only counts when it stands alone: digits, letters or another -/+/. group directly
before or after it make it part of something else (a UUID, a version, a decimal, an ISO
timestamp), which keeps the false alarms down. A phone number or compact timestamp that
happens to look like a valid personnummer is still reported; change it rather than the rule.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from fblmail.domain.personnummer import (
    InvalidPatientId,
    is_test_number,
    luhn_check_digit,
    parse_patient_id,
)
from kit.people import REPO

_CANDIDATE = re.compile(
    r"(?<![\w.+\-])"  # not the tail of a longer token
    r"(?:[0-9]{8}|[0-9]{6})[-+]?[0-9]{4}"
    r"(?![\w]|[.+\-]\w)",  # not the head of a longer token; a full stop may end a sentence
    re.ASCII,
)


def _repo_files() -> list[Path]:
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    listing = subprocess.run(
        [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout
    paths = []
    for raw in listing.split(b"\0"):
        if not raw:
            continue
        relative = raw.decode("utf-8", "surrogateescape")
        if relative.split("/", 1)[0] == ".venv":
            continue
        path = REPO / relative
        if path.is_file():  # a tracked file may be deleted in the working tree
            paths.append(path)
    return paths


def _text(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def find_real_personnummer(text: str, today: date) -> list[tuple[int, str]]:
    """(line number, match) for each valid non-test personnummer in ``text``."""
    found = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        for match in _CANDIDATE.finditer(line):
            try:
                patient = parse_patient_id(match.group(), today)
            except InvalidPatientId:
                continue
            if not is_test_number(patient):
                found.append((line_number, match.group()))
    return found


def test_no_real_personnummer_in_repository() -> None:
    # Only decides the century of 10-digit numbers; the scan need not be reproducible.
    today = date.today()
    problems = []
    for path in _repo_files():
        text = _text(path)
        if text is None:
            continue
        for line_number, number in find_real_personnummer(text, today):
            # Show only the date part: the message itself must not leak the number.
            shown = number[:-4] + "XXXX"
            problems.append(f"{path.relative_to(REPO)}:{line_number}: {shown}")
    assert not problems, (
        "Possible real personnummer (use 19121212-1212, 19121272-1219 or birth numbers "
        "988-999):\n" + "\n".join(problems)
    )


# The scanner's own behaviour. Numbers that must be found are built at run time, so that
# this file never holds one in its text.


def _number(yyyymmdd: str, birth_number: str) -> str:
    nine = yyyymmdd[2:] + birth_number
    return f"{yyyymmdd}-{birth_number}{luhn_check_digit(nine)}"


TODAY = date(2025, 6, 15)


def test_scanner_finds_real_looking_numbers() -> None:
    real = _number("19800101", "123")
    text = f"ok\npnr: {real}.\n{real[2:]}\n{real.replace('-', '')}\n({real[2:].replace('-', '')})"
    found = find_real_personnummer(text, TODAY)
    assert [line for line, _ in found] == [2, 3, 4, 5]


@pytest.mark.parametrize(
    "text",
    [
        "19121212-1212 and 121212+1212 and 19121272-1219",
        "198001019887",  # birth number 988
        "123e4567-e89b-12d3-a456-426614174000",
        "{uuid}",
        "x{real}",  # part of a longer token
        "{real}x",
        "1{real}",
        "{real}1",
        "v1.{real}",
        "{real}.5",
        "id-{real}",
        "{real}-00",
        "2025-06-15T12:30:45",
        "20250615T123045Z",
        "1749990645",  # Unix time
        "1749990645123",
        "{wrong_check}",
        "{future}",
    ],
)
def test_scanner_ignores(text: str) -> None:
    real = _number("19800101", "123")
    body = real[:-1] + str((int(real[-1]) + 1) % 10)
    text = text.format(
        real=real,
        uuid=f"{real[:8]}-{real[9:]}-4abc-8def-{real.replace('-', '')}",
        wrong_check=body,
        future=_number("20300101", "123"),
    )
    assert find_real_personnummer(text, TODAY) == []

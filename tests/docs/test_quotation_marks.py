"""One form of quotation marks for quoted subjects, searches and titles (issue 12).

The app once quoted with »…« in some places and “…” in others. Every quote now goes
through `fblmail.i18n.quoted`: ”…” in Swedish, “…” in English, and no guillemet is left
anywhere in the shipped source (user-facing strings live next to the code that shows them,
so a plain scan of the source is enough).
"""

from __future__ import annotations

import pytest

from fblmail import i18n
from kit.people import REPO

SRC = REPO / "src" / "fblmail"


def test_no_guillemets_in_the_source() -> None:
    found = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in sorted(SRC.rglob("*"))
        if path.is_file() and path.suffix in {".py", ".tcss", ".toml", ".txt", ".md", ".json"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "»" in line or "«" in line
    ]
    assert found == []


@pytest.mark.parametrize(("lang", "expected"), [("sv", "”Provsvar”"), ("en", "“Provsvar”")])
def test_quoted_follows_the_language(lang: str, expected: str) -> None:
    before = i18n.language()
    i18n.set_language(lang)
    try:
        assert i18n.quoted("Provsvar") == expected
    finally:
        i18n.set_language(before)

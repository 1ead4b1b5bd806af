"""Tests for Värmland's directory file format and the shipped directory (R1, R5)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from fblmail.domain.directory_file import (
    VARMLAND_MUNICIPALITIES,
    DirectoryData,
    DirectoryFileError,
    DirectoryFileErrors,
    OrgKind,
    UnitEntry,
    health_centre_fbl,
    parse_directory,
    render_directory,
    slugify,
)

SHIPPED = Path(__file__).parents[2] / "data" / "varmland.directory"

VC_FBL = re.compile(r"Vc \S.* Allmänmedicinska mottagningen \(FBL\)")

# A small valid file; the error tests below change one or a few lines of it.
BASE = """\
# kommentar
[kommun] Karlstad
fbl = Karlstad kommun Hälso- och sjukvård (FBL)
förval = Vc Herrhagen Allmänmedicinska mottagningen (FBL)
förval = Vc Gripen Allmänmedicinska mottagningen (FBL)

[vårdcentral] Vc Herrhagen
fbl = Vc Herrhagen Allmänmedicinska mottagningen (FBL)

[vårdcentral] Vc Gripen
fbl = Vc Gripen Allmänmedicinska mottagningen (FBL)
"""


def errors_of(text: str) -> tuple[DirectoryFileError, ...]:
    with pytest.raises(DirectoryFileErrors) as info:
        parse_directory(text)
    return info.value.errors


def only_error(text: str) -> DirectoryFileError:
    errors = errors_of(text)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def with_line(text: str, number: int, replacement: str) -> str:
    lines = text.split("\n")
    lines[number - 1] = replacement
    return "\n".join(lines)


# --- the shipped file ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> DirectoryData:
    return parse_directory(SHIPPED.read_text(encoding="utf-8"))


def test_shipped_file_has_exactly_the_16_municipalities(shipped: DirectoryData) -> None:
    names = [u.name for u in shipped.municipalities()]
    assert sorted(names) == sorted(VARMLAND_MUNICIPALITIES)
    assert len(names) == 16


def test_shipped_municipality_fbls_follow_one_pattern(shipped: DirectoryData) -> None:
    for unit in shipped.municipalities():
        assert unit.fbl == f"{unit.name} kommun Hälso- och sjukvård (FBL)"


def test_shipped_health_centres_follow_r5(shipped: DirectoryData) -> None:
    centres = shipped.health_centres()
    assert 25 <= len(centres) <= 30
    for unit in centres:
        assert unit.name.startswith("Vc ")
        assert VC_FBL.fullmatch(unit.fbl)
        assert unit.fbl == f"Vc {unit.name.removeprefix('Vc ')} Allmänmedicinska mottagningen (FBL)"
        assert unit.presets == ()


def test_shipped_presets_resolve_and_every_municipality_has_some(shipped: DirectoryData) -> None:
    centre_fbls = {u.fbl for u in shipped.health_centres()}
    for unit in shipped.municipalities():
        assert len(unit.presets) >= 1, unit.name
        assert set(unit.presets) <= centre_fbls
        assert len(set(unit.presets)) == len(unit.presets)
    used = {p for u in shipped.municipalities() for p in u.presets}
    assert used == centre_fbls  # no health centre is unreachable from every preset list


def test_shipped_file_documents_the_sample_and_the_import_command() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    assert "EXEMPEL" in text and "SAMPLE" in text
    assert "fblmail directory import data/varmland.directory" in text
    assert text == unicodedata.normalize("NFC", text)


def test_shipped_codes(shipped: DirectoryData) -> None:
    codes = [u.code for u in shipped.units]
    assert len(set(codes)) == len(codes)
    karlstad = shipped.by_code("karlstad")
    assert karlstad is not None and karlstad.kind is OrgKind.MUNICIPALITY
    assert karlstad.presets[0] == "Vc Herrhagen Allmänmedicinska mottagningen (FBL)"
    herrhagen = shipped.by_code("vc-herrhagen")
    assert herrhagen is not None and herrhagen.kind is OrgKind.HEALTH_CENTRE
    assert shipped.by_code("hammaro") is not None
    assert shipped.by_code("arjang") is not None
    assert shipped.by_code("nowhere") is None


def test_shipped_file_round_trips(shipped: DirectoryData) -> None:
    assert parse_directory(render_directory(shipped)) == shipped


# --- the valid small file ------------------------------------------------------------------


def test_base_parses_to_entries_with_header_lines() -> None:
    data = parse_directory(BASE)
    assert data.units == (
        UnitEntry(
            OrgKind.MUNICIPALITY,
            "Karlstad",
            "karlstad",
            "Karlstad kommun Hälso- och sjukvård (FBL)",
            (
                "Vc Herrhagen Allmänmedicinska mottagningen (FBL)",
                "Vc Gripen Allmänmedicinska mottagningen (FBL)",
            ),
            2,
        ),
        UnitEntry(
            OrgKind.HEALTH_CENTRE,
            "Vc Herrhagen",
            "vc-herrhagen",
            "Vc Herrhagen Allmänmedicinska mottagningen (FBL)",
            (),
            7,
        ),
        UnitEntry(
            OrgKind.HEALTH_CENTRE,
            "Vc Gripen",
            "vc-gripen",
            "Vc Gripen Allmänmedicinska mottagningen (FBL)",
            (),
            10,
        ),
    )
    assert [u.line for u in data.units] == [2, 7, 10]


def test_bom_crlf_whitespace_and_case_of_keywords_are_accepted() -> None:
    text = "\ufeff" + BASE.replace("fbl = Karlstad", "  FBL   =   Karlstad").replace("\n", "\r\n")
    text = text.replace("[vårdcentral] Vc Gripen", "[Vårdcentral]   Vc Gripen   ")
    assert parse_directory(text) == parse_directory(BASE)


def test_decomposed_unicode_is_the_same_name() -> None:
    nfd = unicodedata.normalize("NFD", BASE.replace("Karlstad", "Säffle"))
    data = parse_directory(nfd)
    assert data.units[0].name == "Säffle"
    assert data.units[0].code == "saffle"


def test_explicit_code_and_presets_defined_later_in_the_file() -> None:
    text = BASE.replace("[kommun] Karlstad\n", "[kommun] Karlstad\nkod = ks\n")
    data = parse_directory(text)
    assert data.units[0].code == "ks"
    assert data.by_code("ks") is data.units[0]


def test_interior_spacing_is_kept() -> None:
    text = BASE.replace("Vc Gripen", "Vc  Gripen")
    data = parse_directory(text)
    assert data.units[2].name == "Vc  Gripen"
    assert data.units[2].fbl == "Vc  Gripen Allmänmedicinska mottagningen (FBL)"


def test_municipality_without_presets_is_allowed() -> None:
    text = "[kommun] Eda\nfbl = Eda kommun Hälso- och sjukvård (FBL)\n"
    assert parse_directory(text).units[0].presets == ()


def test_helpers() -> None:
    data = parse_directory(BASE)
    assert [u.name for u in data.municipalities()] == ["Karlstad"]
    assert [u.name for u in data.health_centres()] == ["Vc Herrhagen", "Vc Gripen"]
    assert health_centre_fbl("Vc Rud") == "Vc Rud Allmänmedicinska mottagningen (FBL)"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Vc Herrhagen", "vc-herrhagen"),
        ("Karlstad", "karlstad"),
        ("Hammarö", "hammaro"),
        ("Årjäng", "arjang"),
        ("Säffle", "saffle"),
        ("Vc Ekshärad", "vc-eksharad"),
        ("  Vc  Våxnäs ", "vc-vaxnas"),
        ("Vc Sankt Göran/Øst", "vc-sankt-goran-ost"),
        ("???", ""),
    ],
)
def test_slugify(name: str, code: str) -> None:
    assert slugify(name) == code


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "replacement", "fragment"),
    [
        (2, "[sjukhus] Karlstad", "okänd avsnittstyp"),
        (2, "[kommun Karlstad", "felaktig avsnittsrad"),
        (2, "[kommun]", "saknar namn"),
        (2, "[kommun] Oslo", "inte en av Värmlands 16 kommuner"),
        (2, "[kommun] Karlstad\u200b", "U+200B"),
        (4, "förval Vc Herrhagen Allmänmedicinska mottagningen (FBL)", "'=' saknas"),
        (4, "epost = karlstad@example.org", "okänd nyckel"),
        (3, "fbl =", "saknar värde"),
        (3, "fbl = Karlstad kommun Hälso- och sjukvård", "slutar med '(FBL)'"),
        (3, "fbl = Karlstad\u202e kommun (FBL)", "U+202E"),
        (4, "förval = Vc Nowhere Allmänmedicinska mottagningen (FBL)", "ingen vårdcentrals fbl"),
        (4, "förval = Karlstad kommun Hälso- och sjukvård (FBL)", "en kommuns FBL"),
        (5, "förval = Vc Herrhagen Allmänmedicinska mottagningen (FBL)", "redan i förvalslistan"),
        (7, "[vårdcentral] Herrhagen", "måste börja med 'Vc '"),
        (7, "[vårdcentral] Vc ", "måste börja med 'Vc '"),
        (8, "fbl = Vc Herrhagen (FBL)", "ska vara exakt"),
        (8, "fbl = Vc Herrhagen Allmänmedicinska mottagningen", "ska vara exakt"),
        (9, "förval = Vc Gripen Allmänmedicinska mottagningen (FBL)", "bara stå under [kommun]"),
        (9, "kod = Vc Herrhagen", "ogiltig kod"),
        (9, "kod =", "saknar värde"),
    ],
)
def test_single_error_names_its_line(number: int, replacement: str, fragment: str) -> None:
    text = with_line(BASE, number, replacement)
    error = only_error(text)
    assert error.line == number
    assert fragment in error.message_sv
    assert error.message_en
    assert str(error).startswith(f"rad {number}: ")
    assert error.english().startswith(f"line {number}: ")


def test_unknown_municipality_gets_a_hint() -> None:
    error = only_error(with_line(BASE, 2, "[kommun] Karlsad"))
    assert "menade du Karlstad?" in error.message_sv
    error = only_error(with_line(BASE, 2, "[kommun] Göteborg"))
    assert "Årjäng" in error.message_sv  # no close match: the whole list


def test_preset_hint_for_near_miss() -> None:
    error = only_error(
        with_line(BASE, 4, "förval = Vc Herhagen Allmänmedicinska mottagningen (FBL)")
    )
    assert "menade du 'Vc Herrhagen Allmänmedicinska mottagningen (FBL)'?" in error.message_sv


def test_line_outside_a_section() -> None:
    error = only_error("fbl = Karlstad kommun Hälso- och sjukvård (FBL)\n" + BASE)
    assert error.line == 1
    assert "utanför avsnitt" in error.message_sv


def test_missing_fbl_is_reported_on_the_header() -> None:
    error = only_error(BASE.replace("fbl = Vc Gripen Allmänmedicinska mottagningen (FBL)\n", ""))
    assert error.line == 10
    assert "saknar fbl" in error.message_sv


def test_duplicate_fbl_in_one_unit() -> None:
    text = BASE.replace(
        "fbl = Vc Gripen Allmänmedicinska mottagningen (FBL)",
        "fbl = Vc Gripen Allmänmedicinska mottagningen (FBL)\n"
        "fbl = Vc Gripen Allmänmedicinska mottagningen (FBL)",
    )
    error = only_error(text)
    assert error.line == 12
    assert "redan fbl på rad 11" in error.message_sv


def test_duplicate_fbl_across_units() -> None:
    text = BASE + "\n[kommun] Kil\nfbl = Karlstad kommun Hälso- och sjukvård (FBL)\n"
    error = only_error(text)
    assert error.line == 14
    assert "finns redan på rad 3" in error.message_sv


def test_duplicate_name_ignores_case_and_is_not_echoed_as_a_duplicate_code() -> None:
    text = (
        BASE
        + "\n[vårdcentral] Vc herrhagen\nfbl = Vc herrhagen Allmänmedicinska mottagningen (FBL)\n"
    )
    errors = errors_of(text)
    assert [e.line for e in errors] == [13, 14]
    assert "namnet 'Vc herrhagen' finns redan på rad 7" in errors[0].message_sv
    assert "finns redan på rad 8" in errors[1].message_sv  # FBL names compare without case


def test_refused_fbl_value_is_not_echoed_elsewhere() -> None:
    # The centre's fbl is wrong, but its name fixes its FBL (R5): the preset on line 4
    # still resolves, and the unit is not also reported as having no fbl.
    error = only_error(with_line(BASE, 8, "fbl = Vc Herrhagen\u200b Allmänmedicinska (FBL)"))
    assert error.line == 8


def test_duplicate_code_explicit_and_derived() -> None:
    text = BASE.replace(
        "[vårdcentral] Vc Gripen\n", "[vårdcentral] Vc Gripen\nkod = vc-herrhagen\n"
    )
    error = only_error(text)
    assert error.line == 11
    assert "koden 'vc-herrhagen'" in error.message_sv
    # Two names that differ only in å/a derive the same code: reported on the header.
    text = BASE + "\n[vårdcentral] Vc Grípen\nfbl = Vc Grípen Allmänmedicinska mottagningen (FBL)\n"
    error = only_error(text)
    assert error.line == 13
    assert "ange en egen kod" in error.message_sv


def test_invalid_and_duplicate_code_key() -> None:
    text = BASE.replace("[kommun] Karlstad\n", "[kommun] Karlstad\nkod = Karl Stad\nkod = ks\n")
    errors = errors_of(text)
    assert [e.line for e in errors] == [3, 4]
    assert "ogiltig kod" in errors[0].message_sv
    assert "redan kod på rad 3" in errors[1].message_sv


def test_codes_of_unusual_names() -> None:
    text = "[vårdcentral] Vc ÆØÅ?\nfbl = Vc ÆØÅ? Allmänmedicinska mottagningen (FBL)\n"
    assert parse_directory(text).units[0].code == "vc-aeoa"
    text = "[vårdcentral] Vc ???\nfbl = Vc ??? Allmänmedicinska mottagningen (FBL)\n"
    assert parse_directory(text).units[0].code == "vc"
    text = "[vårdcentral] Vc 日本\nfbl = Vc 日本 Allmänmedicinska mottagningen (FBL)\n"
    assert parse_directory(text).units[0].code == "vc"
    text = "[kommun] Eda\nkod = vc\nfbl = Eda kommun Hälso- och sjukvård (FBL)\n" + text
    assert only_error(text).line == 4
    errors = errors_of("[vårdcentral] ???\nfbl = ??? (FBL)\n")
    assert [e.line for e in errors] == [1, 1]
    assert "kan inte härleda en kod" in errors[1].message_sv


def test_tab_and_escape_in_names_are_refused() -> None:
    text = BASE + "\n[vårdcentral] Vc\tRud\nfbl = Vc\tRud Allmänmedicinska mottagningen (FBL)\n"
    error = only_error(text)
    assert (error.line, "U+0009" in error.message_sv) == (13, True)
    assert "U+001B" in only_error(with_line(BASE, 4, "förval = Vc \x1b[31m (FBL)")).message_sv


def test_keys_under_a_rejected_header_are_not_reported_again() -> None:
    text = BASE + "\n[sjukhus] CSK\nfbl = CSK (FBL)\nförval = x\nrubbish\n"
    error = only_error(text)
    assert error.line == 13


def test_presets_of_a_unit_under_a_rejected_header_are_not_reported_again() -> None:
    error = only_error(with_line(BASE, 7, "[vårdcenral] Vc Herrhagen"))
    assert error.line == 7


def test_errors_are_collected_and_ordered() -> None:
    text = with_line(BASE, 3, "fbl Karlstad")  # missing '='; the unit then has no fbl
    text = with_line(text, 5, "förval = Vc Nowhere Allmänmedicinska mottagningen (FBL)")
    text = with_line(text, 6, "färg = blå")
    errors = errors_of(text)
    assert [e.line for e in errors] == [2, 3, 5, 6]
    text = with_line(BASE, 3, "fbl = Karlstad kommun")
    text = with_line(text, 5, "förval = Vc Nowhere Allmänmedicinska mottagningen (FBL)")
    text = with_line(text, 6, "färg = blå")
    with pytest.raises(DirectoryFileErrors) as info:
        parse_directory(text)
    assert [e.line for e in info.value.errors] == [3, 5, 6]
    assert str(info.value).splitlines()[0].startswith("rad 3: ")
    assert len(str(info.value).splitlines()) == 3
    assert isinstance(info.value, ValueError)


def test_empty_file_is_an_error_without_a_line() -> None:
    error = only_error("# bara kommentarer\n\n")
    assert error.line is None
    assert str(error) == "filen innehåller inga enheter"
    assert error.english() == "the file contains no units"


# --- rendering -----------------------------------------------------------------------------


def test_render_round_trips_and_writes_kod_only_when_needed() -> None:
    text = BASE.replace("[kommun] Karlstad\n", "[kommun] Karlstad\nkod = ks\n")
    data = parse_directory(text)
    rendered = render_directory(data)
    assert rendered.count("kod = ") == 1
    assert "kod = ks" in rendered
    again = parse_directory(rendered)
    assert again == data
    assert [u.line for u in again.units] != [u.line for u in data.units]  # lines don't count


def test_render_refuses_values_that_would_break_lines() -> None:
    unit = UnitEntry(OrgKind.MUNICIPALITY, "Kil", "kil", "Kil (FBL)\n[kommun] Eda", (), 1)
    with pytest.raises(ValueError, match="cannot render"):
        render_directory(DirectoryData((unit,)))


def test_telefon_is_optional_checked_and_rendered() -> None:
    """Issue 11: `telefon = ...` (whom to ring, R10) parses, renders and round-trips."""
    from fblmail.domain.directory_file import (
        DirectoryFileErrors,
        parse_directory,
        render_directory,
    )

    text = (
        "[vårdcentral] Vc Herrhagen\n"
        "fbl = Vc Herrhagen Allmänmedicinska mottagningen (FBL)\n"
        "telefon = 070-174 06 05\n"
    )
    data = parse_directory(text)
    assert data.units[0].phone == "070-174 06 05"
    assert "telefon = 070-174 06 05" in render_directory(data)
    assert parse_directory(render_directory(data)) == data
    try:
        parse_directory(text.replace("070-174 06 05", "ring växeln"))
    except DirectoryFileErrors as errors:
        assert "ogiltigt telefonnummer" in str(errors)
    else:
        raise AssertionError("a phone number with letters was accepted")

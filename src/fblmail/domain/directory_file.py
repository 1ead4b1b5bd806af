"""Värmland's directory file: parse and render the human-editable unit list.

The format (documented at length in ``data/varmland.directory``) is line based and
INI-like, with Swedish keys::

    [kommun] Karlstad
    fbl = Karlstad kommun Hälso- och sjukvård (FBL)
    förval = Vc Herrhagen Allmänmedicinska mottagningen (FBL)

    [vårdcentral] Vc Herrhagen
    fbl = Vc Herrhagen Allmänmedicinska mottagningen (FBL)

Each unit has exactly one FBL (R1); a municipality has an ordered preset list of
health-centre FBLs (R5). The module is pure: it turns text into frozen values and back,
and never reads files, touches a database or imports a UI library.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "FBL_SUFFIX",
    "HEALTH_CENTRE_FBL_SUFFIX",
    "HEALTH_CENTRE_PREFIX",
    "VARMLAND_MUNICIPALITIES",
    "DirectoryData",
    "DirectoryFileError",
    "DirectoryFileErrors",
    "OrgKind",
    "UnitEntry",
    "health_centre_fbl",
    "parse_directory",
    "render_directory",
    "slugify",
]

VARMLAND_MUNICIPALITIES: tuple[str, ...] = (
    "Arvika",
    "Eda",
    "Filipstad",
    "Forshaga",
    "Grums",
    "Hagfors",
    "Hammarö",
    "Karlstad",
    "Kil",
    "Kristinehamn",
    "Munkfors",
    "Storfors",
    "Sunne",
    "Säffle",
    "Torsby",
    "Årjäng",
)
"""The 16 municipalities of Värmland, the only ones the routine covers."""

FBL_SUFFIX = " (FBL)"
"""Every functional mailbox name ends with this."""

HEALTH_CENTRE_PREFIX = "Vc "
"""A health centre's name starts with this (R5: ``Vc XX``)."""

HEALTH_CENTRE_FBL_SUFFIX = " Allmänmedicinska mottagningen (FBL)"
"""What follows ``Vc XX`` in the one mailbox a health centre is reached by (R5)."""

_CODE_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CODE_MAX_LEN = 64
_HEADER_RE = re.compile(r"\[([^\]]*)\](.*)")
_PHONE_RE = re.compile(r"\+?[0-9][0-9 /-]{3,28}[0-9]")

# Letters that Unicode decomposition does not reduce to ASCII; the rest (å, ä, ö, é, ü ...)
# lose their marks through NFKD below.
_SLUG_EXTRA = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ł": "l"})


class OrgKind(StrEnum):
    """The two kinds of unit that own an FBL."""

    MUNICIPALITY = "municipality"
    HEALTH_CENTRE = "health_centre"


_KIND_BY_WORD: dict[str, OrgKind] = {
    "kommun": OrgKind.MUNICIPALITY,
    "vårdcentral": OrgKind.HEALTH_CENTRE,
}
_WORD_BY_KIND: dict[OrgKind, str] = {kind: word for word, kind in _KIND_BY_WORD.items()}


@dataclass(frozen=True)
class UnitEntry:
    """One municipality or health centre as written in the directory file.

    ``presets`` holds health-centre FBL names in the file's order (empty for a health
    centre). ``line`` is the section header's line number; it is provenance only and
    takes no part in equality, so that ``parse(render(d)) == d``.
    """

    kind: OrgKind
    name: str
    code: str
    fbl: str
    presets: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)
    phone: str = ""  # `telefon = ...`: whom to ring when a question goes unanswered (R10)


@dataclass(frozen=True)
class DirectoryData:
    """A whole, validated directory: the units in file order."""

    units: tuple[UnitEntry, ...]

    def municipalities(self) -> tuple[UnitEntry, ...]:
        """The municipalities, in file order."""
        return tuple(u for u in self.units if u.kind is OrgKind.MUNICIPALITY)

    def health_centres(self) -> tuple[UnitEntry, ...]:
        """The health centres, in file order."""
        return tuple(u for u in self.units if u.kind is OrgKind.HEALTH_CENTRE)

    def by_code(self, code: str) -> UnitEntry | None:
        """The unit with this code, or ``None``."""
        return next((u for u in self.units if u.code == code), None)


class DirectoryFileError(ValueError):
    """One problem in a directory file, in Swedish (for users) and English (for logs)."""

    def __init__(self, line: int | None, message_sv: str, message_en: str) -> None:
        self.line = line
        self.message_sv = message_sv
        self.message_en = message_en
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return self.message_sv if self.line is None else f"rad {self.line}: {self.message_sv}"

    def english(self) -> str:
        """The English message, prefixed with ``line N:`` like ``str()``."""
        return self.message_en if self.line is None else f"line {self.line}: {self.message_en}"


class DirectoryFileErrors(ValueError):
    """All problems found in a directory file, ordered by line."""

    def __init__(self, errors: Iterable[DirectoryFileError]) -> None:
        self.errors: tuple[DirectoryFileError, ...] = tuple(errors)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def health_centre_fbl(name: str) -> str:
    """The one FBL name R5 allows for the health centre ``name`` (``Vc XX ...``)."""
    return f"{name}{HEALTH_CENTRE_FBL_SUFFIX}"


def slugify(name: str) -> str:
    """Derive a unit code from a name: ``"Vc Herrhagen"`` → ``"vc-herrhagen"``.

    Lowercase ASCII; å/ä become a and ö becomes o (as do other accented letters); every
    run of other characters becomes one ``-``. May return ``""`` for a name with no
    letters or digits; the parser then asks for an explicit ``kod``.
    """
    folded = unicodedata.normalize("NFKD", name.casefold().translate(_SLUG_EXTRA))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def _bad_char(value: str) -> str | None:
    """The first character a name must not hold, as ``U+XXXX``, or ``None``.

    The characters ``safe_text`` escapes on screen (C0, DEL, C1; Cf: bidi, zero-width, BOM;
    Zl/Zp; lone surrogates), plus tab, which has no place in a one-line name. Invisible or
    reordering characters would let two names that look alike address different mailboxes.
    """
    for ch in value:
        if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp", "Cs"}:
            return f"U+{ord(ch):04X}"
    return None


@dataclass
class _Draft:
    """A unit while its section is being read (mutable; becomes a UnitEntry)."""

    kind: OrgKind
    name: str
    line: int
    duplicate_name: bool = False
    fbl: str | None = None
    code: str | None = None
    phone: str = ""
    # Line of each single-valued key seen (fbl, kod). A key whose value was refused still
    # counts as seen, so that the refusal is not echoed as "missing fbl".
    seen: dict[str, int] = field(default_factory=dict)
    presets: list[tuple[str, int]] = field(default_factory=list)


class _Parser:
    """Collects every error instead of stopping at the first, so one run shows them all."""

    def __init__(self) -> None:
        self.errors: list[DirectoryFileError] = []
        self.drafts: list[_Draft] = []
        self.names: dict[str, int] = {}
        self.fbls: dict[str, int] = {}
        # FBLs declared under a rejected header: presets naming them fail only because of
        # that header, which is already reported.
        self.orphan_fbls: set[str] = set()

    def error(self, line: int | None, sv: str, en: str) -> None:
        self.errors.append(DirectoryFileError(line, sv, en))

    def run(self, text: str) -> DirectoryData:
        # Editors save NFC or NFD at will; the same visible name must compare equal.
        text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
        current: _Draft | None = None
        in_bad_section = False
        # Split on "\n" only: str.splitlines() also breaks on \v, \f, U+2028 ..., which would
        # make our line numbers disagree with the user's editor.
        for number, raw in enumerate(text.split("\n"), start=1):
            line = raw.removesuffix("\r").strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                current = self.header(number, line)
                # Keys under a rejected header would only repeat that one mistake.
                in_bad_section = current is None
            elif current is not None:
                self.key_line(current, number, line)
            elif in_bad_section:
                key, _, value = line.partition("=")
                if key.strip().casefold() == "fbl":
                    self.orphan_fbls.add(value.strip())
            else:
                self.error(
                    number,
                    "rad utanför avsnitt; börja med [kommun] NAMN eller [vårdcentral] NAMN",
                    "line outside a section; start with [kommun] NAME or [vårdcentral] NAME",
                )
        if not self.drafts and not self.errors:
            self.error(None, "filen innehåller inga enheter", "the file contains no units")
        units = self.finish()
        if self.errors:
            self.errors.sort(key=lambda e: (e.line is None, e.line or 0))
            raise DirectoryFileErrors(self.errors)
        return DirectoryData(units)

    def header(self, number: int, line: str) -> _Draft | None:
        match = _HEADER_RE.fullmatch(line)
        if match is None:
            self.error(
                number,
                "felaktig avsnittsrad; skriv [kommun] NAMN eller [vårdcentral] NAMN",
                "malformed section header; write [kommun] NAME or [vårdcentral] NAME",
            )
            return None
        word, name = match[1].strip(), match[2].strip()
        kind = _KIND_BY_WORD.get(word.casefold())
        if kind is None:
            self.error(
                number,
                f"okänd avsnittstyp {word!r}; tillåtna är [kommun] och [vårdcentral]",
                f"unknown section kind {word!r}; allowed: [kommun], [vårdcentral]",
            )
            return None
        if not name:
            self.error(number, "avsnittet saknar namn", "the section has no name")
            return None
        if (bad := _bad_char(name)) is not None:
            self.error(
                number,
                f"otillåtet styrtecken {bad} i namnet",
                f"forbidden control character {bad} in the name",
            )
            return None
        draft = _Draft(kind, name, number, duplicate_name=self.check_name(kind, name, number))
        self.drafts.append(draft)
        return draft

    def check_name(self, kind: OrgKind, name: str, number: int) -> bool:
        """Report what is wrong with a unit's name; whether it repeats an earlier one."""
        if kind is OrgKind.MUNICIPALITY and name not in VARMLAND_MUNICIPALITIES:
            close = difflib.get_close_matches(name, VARMLAND_MUNICIPALITIES, n=1)
            listed = ", ".join(VARMLAND_MUNICIPALITIES)
            self.error(
                number,
                f"{name!r} är inte en av Värmlands 16 kommuner; "
                + (f"menade du {close[0]}?" if close else f"tillåtna: {listed}"),
                f"{name!r} is not one of Värmland's 16 municipalities; "
                + (f"did you mean {close[0]}?" if close else f"allowed: {listed}"),
            )
        if kind is OrgKind.HEALTH_CENTRE and not _is_health_centre_name(name):
            self.error(
                number,
                f"vårdcentralens namn måste börja med 'Vc ' följt av ett namn: {name!r} (R5)",
                f"a health centre's name must start with 'Vc ' and a name: {name!r} (R5)",
            )
        earlier = self.names.setdefault(name.casefold(), number)
        if earlier != number:
            self.error(
                number,
                f"namnet {name!r} finns redan på rad {earlier}",
                f"the name {name!r} already appears on line {earlier}",
            )
        return earlier != number

    def key_line(self, draft: _Draft, number: int, line: str) -> None:
        raw_key, sep, value = line.partition("=")
        if not sep:
            self.error(
                number,
                "'=' saknas; skriv nyckel = värde",
                "missing '='; write key = value",
            )
            return
        key, value = raw_key.strip().casefold(), value.strip()
        if key not in {"fbl", "förval", "kod", "telefon"}:
            self.error(
                number,
                f"okänd nyckel {raw_key.strip()!r}; tillåtna är fbl, förval, kod och telefon",
                f"unknown key {raw_key.strip()!r}; allowed: fbl, förval, kod, telefon",
            )
            return
        if key != "förval":
            earlier = draft.seen.setdefault(key, number)
            if earlier != number:
                rule = " (R1)" if key == "fbl" else ""
                self.error(
                    number,
                    f"{draft.name} har redan {key} på rad {earlier}; bara en per enhet{rule}",
                    f"{draft.name} already has {key} on line {earlier}; one per unit{rule}",
                )
                return
        if not value:
            self.error(number, f"{key} saknar värde", f"{key} has no value")
            return
        if (bad := _bad_char(value)) is not None:
            self.error(
                number,
                f"otillåtet styrtecken {bad} i värdet",
                f"forbidden control character {bad} in the value",
            )
            return
        if key == "fbl":
            self.set_fbl(draft, number, value)
        elif key == "förval":
            self.add_preset(draft, number, value)
        elif key == "telefon":
            self.set_phone(draft, number, value)
        else:
            self.set_code(draft, number, value)

    def set_fbl(self, draft: _Draft, number: int, value: str) -> None:
        draft.fbl = value
        if draft.kind is OrgKind.HEALTH_CENTRE:
            # A bad name was reported on the header; comparing against it would only echo it.
            expected = health_centre_fbl(draft.name)
            if _is_health_centre_name(draft.name) and value != expected:
                self.error(
                    number,
                    f"vårdcentralens fbl ska vara exakt {expected!r} (R5)",
                    f"the health centre's fbl must be exactly {expected!r} (R5)",
                )
        elif not value.endswith(FBL_SUFFIX):
            self.error(
                number,
                f"ett FBL-namn slutar med '{FBL_SUFFIX.strip()}': {value!r}",
                f"an FBL name ends with '{FBL_SUFFIX.strip()}': {value!r}",
            )
        earlier = self.fbls.setdefault(value.casefold(), number)
        if earlier != number:
            self.error(
                number,
                f"FBL-namnet {value!r} finns redan på rad {earlier}",
                f"the FBL name {value!r} already appears on line {earlier}",
            )

    def add_preset(self, draft: _Draft, number: int, value: str) -> None:
        if draft.kind is not OrgKind.MUNICIPALITY:
            self.error(
                number,
                "förval får bara stå under [kommun], inte under [vårdcentral]",
                "förval is allowed only under [kommun], not under [vårdcentral]",
            )
            return
        earlier = next((n for v, n in draft.presets if v.casefold() == value.casefold()), None)
        if earlier is not None:
            self.error(
                number,
                f"{value!r} står redan i förvalslistan på rad {earlier}",
                f"{value!r} is already in the preset list on line {earlier}",
            )
            return
        draft.presets.append((value, number))

    def set_phone(self, draft: _Draft, number: int, value: str) -> None:
        draft.phone = value
        if not _PHONE_RE.fullmatch(value):
            self.error(
                number,
                f"ogiltigt telefonnummer {value!r}; skriv siffror, blanksteg, +, - eller /, "
                "t.ex. 054-14 00 00",
                f"invalid phone number {value!r}; use digits, spaces, +, - or /, e.g. 054-14 00 00",
            )

    def set_code(self, draft: _Draft, number: int, value: str) -> None:
        draft.code = value
        if not _is_code(value):
            self.error(
                number,
                f"ogiltig kod {value!r}; använd a-z, 0-9 och bindestreck, högst "
                f"{_CODE_MAX_LEN} tecken",
                f"invalid kod {value!r}; use a-z, 0-9 and hyphens, at most "
                f"{_CODE_MAX_LEN} characters",
            )

    def finish(self) -> tuple[UnitEntry, ...]:
        """Check what needs the whole file (codes, presets) and build the entries."""
        codes: dict[str, int] = {}
        centres = [d for d in self.drafts if d.kind is OrgKind.HEALTH_CENTRE]
        # R5 fixes a health centre's FBL by its name, so a preset resolves against that name
        # too: a typo on the centre's fbl line is reported there, not again on every preset.
        centre_fbls = {d.fbl for d in centres if d.fbl} | {
            health_centre_fbl(d.name) for d in centres if _is_health_centre_name(d.name)
        }
        municipal_fbls = {d.fbl for d in self.drafts if d.kind is OrgKind.MUNICIPALITY and d.fbl}
        units: list[UnitEntry] = []
        for draft in self.drafts:
            if "fbl" not in draft.seen:
                self.error(
                    draft.line,
                    f"{draft.name} saknar fbl; varje enhet har exakt en (R1)",
                    f"{draft.name} has no fbl; every unit has exactly one (R1)",
                )
            code = draft.code if draft.code is not None else slugify(draft.name)
            code_line = draft.seen["kod"] if draft.code is not None else draft.line
            if draft.code is None and not _is_code(code):
                self.error(
                    draft.line,
                    f"kan inte härleda en kod ur {draft.name!r}; ange kod = ...",
                    f"cannot derive a code from {draft.name!r}; add kod = ...",
                )
            earlier = codes.setdefault(code, code_line)
            # A repeated name derives a repeated code; that is the same mistake, already told.
            repeated = draft.code is None and draft.duplicate_name
            if earlier != code_line and _is_code(code) and not repeated:
                self.error(
                    code_line,
                    f"koden {code!r} ({draft.name}) finns redan på rad {earlier}; ange en "
                    "egen kod = ...",
                    f"the code {code!r} ({draft.name}) is already used on line {earlier}; "
                    "add a distinct kod = ...",
                )
            for value, number in draft.presets:
                if value not in centre_fbls and value not in self.orphan_fbls:
                    self.unresolved_preset(number, value, centre_fbls, municipal_fbls)
            units.append(
                UnitEntry(
                    kind=draft.kind,
                    name=draft.name,
                    code=code,
                    fbl=draft.fbl or "",
                    presets=tuple(v for v, _ in draft.presets),
                    line=draft.line,
                    phone=draft.phone,
                )
            )
        return tuple(units)

    def unresolved_preset(
        self, number: int, value: str, centre_fbls: set[str], municipal_fbls: set[str]
    ) -> None:
        if value in municipal_fbls:
            sv = f"{value!r} är en kommuns FBL; förval ska vara vårdcentralers FBL (R5)"
            en = f"{value!r} is a municipality's FBL; presets are health-centre FBLs (R5)"
        else:
            close = difflib.get_close_matches(value, sorted(centre_fbls), n=1)
            sv = f"förvalet {value!r} är ingen vårdcentrals fbl i filen"
            en = f"the preset {value!r} is no health centre's fbl in this file"
            if close:
                sv += f"; menade du {close[0]!r}?"
                en += f"; did you mean {close[0]!r}?"
        self.error(number, sv, en)


def _is_health_centre_name(name: str) -> bool:
    return name.startswith(HEALTH_CENTRE_PREFIX) and bool(name[len(HEALTH_CENTRE_PREFIX) :].strip())


def _is_code(code: str) -> bool:
    return len(code) <= _CODE_MAX_LEN and _CODE_RE.fullmatch(code) is not None


def parse_directory(text: str) -> DirectoryData:
    """Parse a directory file's text (a leading UTF-8 BOM is allowed).

    Raises :class:`DirectoryFileErrors` holding every problem found, each with the line
    number it was found on, if the text is not a valid directory.
    """
    return _Parser().run(text)


def render_directory(data: DirectoryData) -> str:
    """Write ``data`` in the directory format, so that ``parse_directory`` gives it back.

    ``kod`` is written only where it differs from the code derived from the name. Raises
    ``ValueError`` if a value holds a control character or line break, because written
    out it would change the file's structure rather than fail to parse.
    """
    out = [
        "# Värmlands katalog över funktionsbrevlådor (FBL), exporterad av fblmail.",
        "# Formatet beskrivs i data/varmland.directory. Läs in med:",
        "#   fblmail directory import FIL",
    ]
    for unit in data.units:
        values = [unit.name, unit.fbl, unit.code, *unit.presets]
        bad = next((v for v in values if _bad_char(v) is not None or v != v.strip()), None)
        if bad is not None:
            raise ValueError(f"cannot render {bad!r}: control character or outer whitespace")
        out += ["", f"[{_WORD_BY_KIND[unit.kind]}] {unit.name}", f"fbl = {unit.fbl}"]
        if unit.code != slugify(unit.name):
            out.append(f"kod = {unit.code}")
        if unit.phone:
            out.append(f"telefon = {unit.phone}")
        out += [f"förval = {preset}" for preset in unit.presets]
    return "\n".join(out) + "\n"

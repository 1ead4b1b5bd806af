"""Reading a directory file: every problem reported at once, each with its line number.

The format is described in directory_file.py and at length in `data/varmland.directory`.
Line-level checks happen as each line is read; what needs the whole file (codes, preset
lists) is checked at the end, so one run shows the user every mistake.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from fblmail.domain.directory_units import (
    CODE_MAX_LEN,
    FBL_SUFFIX,
    KIND_BY_WORD,
    VARMLAND_MUNICIPALITIES,
    DirectoryData,
    OrgKind,
    UnitEntry,
    bad_char,
    health_centre_fbl,
    is_code,
    is_health_centre_name,
    slugify,
)

__all__ = ["DirectoryFileError", "DirectoryFileErrors", "parse_directory"]

_HEADER_RE = re.compile(r"\[([^\]]*)\](.*)")
_PHONE_RE = re.compile(r"\+?[0-9][0-9 /-]{3,28}[0-9]")


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
        kind = KIND_BY_WORD.get(word.casefold())
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
        if (bad := bad_char(name)) is not None:
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
        if kind is OrgKind.HEALTH_CENTRE and not is_health_centre_name(name):
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
        if (bad := bad_char(value)) is not None:
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
            if is_health_centre_name(draft.name) and value != expected:
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
        if not is_code(value):
            self.error(
                number,
                f"ogiltig kod {value!r}; använd a-z, 0-9 och bindestreck, högst "
                f"{CODE_MAX_LEN} tecken",
                f"invalid kod {value!r}; use a-z, 0-9 and hyphens, at most "
                f"{CODE_MAX_LEN} characters",
            )

    def finish(self) -> tuple[UnitEntry, ...]:
        """Check what needs the whole file (codes, presets) and build the entries."""
        codes: dict[str, int] = {}
        centres = [d for d in self.drafts if d.kind is OrgKind.HEALTH_CENTRE]
        # R5 fixes a health centre's FBL by its name, so a preset resolves against that name
        # too: a typo on the centre's fbl line is reported there, not again on every preset.
        centre_fbls = {d.fbl for d in centres if d.fbl} | {
            health_centre_fbl(d.name) for d in centres if is_health_centre_name(d.name)
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
            if draft.code is None and not is_code(code):
                self.error(
                    draft.line,
                    f"kan inte härleda en kod ur {draft.name!r}; ange kod = ...",
                    f"cannot derive a code from {draft.name!r}; add kod = ...",
                )
            earlier = codes.setdefault(code, code_line)
            # A repeated name derives a repeated code; that is the same mistake, already told.
            repeated = draft.code is None and draft.duplicate_name
            if earlier != code_line and is_code(code) and not repeated:
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


def parse_directory(text: str) -> DirectoryData:
    """Parse a directory file's text (a leading UTF-8 BOM is allowed).

    Raises :class:`DirectoryFileErrors` holding every problem found, each with the line
    number it was found on, if the text is not a valid directory.
    """
    return _Parser().run(text)

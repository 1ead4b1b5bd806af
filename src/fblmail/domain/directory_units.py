"""What a unit of Värmland's directory is, and how its names and codes are formed.

The frozen values the directory file parses into (`UnitEntry`, `DirectoryData`), and the
naming rules both the parser and the renderer apply: Värmland's 16 municipalities, the FBL
suffix, a health centre's one FBL name (R5), codes derived from names, and the characters
a name must not hold. Pure: no files, no database, no UI.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "CODE_MAX_LEN",
    "FBL_SUFFIX",
    "HEALTH_CENTRE_FBL_SUFFIX",
    "HEALTH_CENTRE_PREFIX",
    "KIND_BY_WORD",
    "VARMLAND_MUNICIPALITIES",
    "WORD_BY_KIND",
    "DirectoryData",
    "OrgKind",
    "UnitEntry",
    "bad_char",
    "health_centre_fbl",
    "is_code",
    "is_health_centre_name",
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
CODE_MAX_LEN = 64

# Letters that Unicode decomposition does not reduce to ASCII; the rest (å, ä, ö, é, ü ...)
# lose their marks through NFKD below.
_SLUG_EXTRA = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ł": "l"})


class OrgKind(StrEnum):
    """The two kinds of unit that own an FBL."""

    MUNICIPALITY = "municipality"
    HEALTH_CENTRE = "health_centre"


KIND_BY_WORD: dict[str, OrgKind] = {
    "kommun": OrgKind.MUNICIPALITY,
    "vårdcentral": OrgKind.HEALTH_CENTRE,
}
WORD_BY_KIND: dict[OrgKind, str] = {kind: word for word, kind in KIND_BY_WORD.items()}


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


def bad_char(value: str) -> str | None:
    """The first character a name must not hold, as ``U+XXXX``, or ``None``.

    The characters ``safe_text`` escapes on screen (C0, DEL, C1; Cf: bidi, zero-width, BOM;
    Zl/Zp; lone surrogates), plus tab, which has no place in a one-line name. Invisible or
    reordering characters would let two names that look alike address different mailboxes.
    """
    for ch in value:
        if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp", "Cs"}:
            return f"U+{ord(ch):04X}"
    return None


def is_health_centre_name(name: str) -> bool:
    """Whether `name` is `Vc ` followed by a name (R5)."""
    return name.startswith(HEALTH_CENTRE_PREFIX) and bool(name[len(HEALTH_CENTRE_PREFIX) :].strip())


def is_code(code: str) -> bool:
    """Whether `code` is a valid unit code: a-z, 0-9 and single hyphens, not too long."""
    return len(code) <= CODE_MAX_LEN and _CODE_RE.fullmatch(code) is not None

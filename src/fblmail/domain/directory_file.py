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
and never reads files, touches a database or imports a UI library. Parsing is in
directory_parse.py, the values and naming rules in directory_units.py.
"""

from __future__ import annotations

from fblmail.domain.directory_parse import DirectoryFileError, DirectoryFileErrors, parse_directory
from fblmail.domain.directory_units import (
    FBL_SUFFIX,
    HEALTH_CENTRE_FBL_SUFFIX,
    HEALTH_CENTRE_PREFIX,
    VARMLAND_MUNICIPALITIES,
    WORD_BY_KIND,
    DirectoryData,
    OrgKind,
    UnitEntry,
    bad_char,
    health_centre_fbl,
    slugify,
)

# The directory's public names, in one place for its many importers: the values and naming
# rules live in directory_units.py, the parser in directory_parse.py, rendering here.
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
        bad = next((v for v in values if bad_char(v) is not None or v != v.strip()), None)
        if bad is not None:
            raise ValueError(f"cannot render {bad!r}: control character or outer whitespace")
        out += ["", f"[{WORD_BY_KIND[unit.kind]}] {unit.name}", f"fbl = {unit.fbl}"]
        if unit.code != slugify(unit.name):
            out.append(f"kod = {unit.code}")
        if unit.phone:
            out.append(f"telefon = {unit.phone}")
        out += [f"förval = {preset}" for preset in unit.presets]
    return "\n".join(out) + "\n"

"""The directory (R1, R5): idempotent import, preset lists in order, recipients preset first."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import pytest

from fblmail.domain.directory_file import OrgKind, parse_directory
from fblmail.errors import InvalidInput, NoAccess
from kit.people import DIRECTORY_FILE, GRIPEN, HERRHAGEN, KARLSTAD, World
from kit.service import logged, refused
from kit.stores import close_mailbox

DATA = parse_directory(DIRECTORY_FILE.read_text("utf-8"))


def _presets(municipality: str) -> list[str]:
    unit = next(u for u in DATA.units if u.name == municipality)
    return list(unit.presets)


def test_import_twice_changes_nothing(world: World) -> None:
    # The world fixture imported the directory once already.
    units_before = world.as_("anna.ssk").directory.units()
    with logged(world.store) as watch:
        result = world.as_("sara.support").directory.import_directory(DATA)
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == len(DATA.units)
    assert result.presets == sum(len(u.presets) for u in DATA.units)
    assert world.as_("anna.ssk").directory.units() == units_before
    assert [r.action for r in watch.rows] == ["directory-import"]


def test_every_unit_has_exactly_one_fbl(world: World) -> None:
    units = world.as_("anna.ssk").directory.units()
    assert len(units) == len(DATA.units)
    assert len({u.fbl for u in units}) == len(units)
    municipalities = [u for u in units if u.kind == "municipality"]
    assert len(municipalities) == 16
    for unit in units:
        if unit.kind == "health_centre":
            assert unit.fbl == f"{unit.name} Allmänmedicinska mottagningen (FBL)"
    # Municipalities are listed first.
    assert units[: len(municipalities)] == municipalities


def test_preset_list_keeps_the_file_order(world: World) -> None:
    directory = world.as_("anna.ssk").directory
    for municipality in ("Karlstad", "Arvika", "Hammarö"):
        listed = directory.units(preset_for=municipality)
        assert [u.fbl for u in listed] == _presets(municipality)
        assert all(u.kind == "health_centre" for u in listed)
    assert [u.fbl for u in directory.units(preset_for="karlstad")][:2] == [HERRHAGEN, GRIPEN]
    karlstad = next(u for u in directory.units() if u.name == "Karlstad")
    assert list(karlstad.presets) == _presets("Karlstad")


def test_preset_for_unknown_is_unknown_and_health_centre_is_invalid(world: World) -> None:
    # Issue 13: unknown things are exit 4 (NoAccess) everywhere; a known health centre is
    # not a municipality, which is bad input (exit 2).
    directory = world.as_("anna.ssk").directory
    for name, error in (("Oslo", NoAccess), ("Vc Herrhagen", InvalidInput)):
        with pytest.raises(error) as caught:
            directory.units(preset_for=name)
        assert caught.value.field == "preset_for"


def test_reordered_presets_are_updated(world: World) -> None:
    karlstad = next(u for u in DATA.units if u.name == "Karlstad")
    turned = replace(karlstad, presets=tuple(reversed(karlstad.presets)))
    data = replace(DATA, units=tuple(turned if u is karlstad else u for u in DATA.units))
    result = world.as_("sara.support").directory.import_directory(data)
    assert (result.created, result.updated) == (0, 0)
    listed = world.as_("anna.ssk").directory.units(preset_for="Karlstad")
    assert [u.fbl for u in listed] == list(reversed(_presets("Karlstad")))


def test_recipients_put_the_preset_list_first(world: World) -> None:
    preset, others = world.as_("anna.ssk").directory.recipients_for(KARLSTAD)
    assert [u.fbl for u in preset] == _presets("Karlstad")
    names = [u.fbl for u in others]
    assert KARLSTAD not in names  # never to itself
    assert not set(names) & set(_presets("Karlstad"))
    assert len(preset) + len(others) == len(DATA.units) - 1
    assert "Vc Arvika Allmänmedicinska mottagningen (FBL)" in names  # the global list (R5)


def test_recipients_leave_out_closed_fbls(world: World) -> None:
    close_mailbox(world, GRIPEN)
    preset, others = world.as_("anna.ssk").directory.recipients_for(KARLSTAD)
    assert GRIPEN not in [u.fbl for u in preset + others]
    assert [u.fbl for u in preset] == [p for p in _presets("Karlstad") if p != GRIPEN]
    listed = {u.fbl: u for u in world.as_("anna.ssk").directory.units()}
    assert listed[GRIPEN].closed is True


def test_health_centre_has_no_preset_list(world: World) -> None:
    preset, others = world.as_("cecilia.dr").directory.recipients_for(HERRHAGEN)
    assert preset == []
    assert HERRHAGEN not in [u.fbl for u in others]
    assert KARLSTAD in [u.fbl for u in others]


def test_only_support_imports_the_directory(world: World) -> None:
    refused(
        world,
        partial(world.as_("anna.ssk").directory.import_directory, DATA),
        NoAccess,
        action="directory-import",
    )


def test_kinds_match_the_file(world: World) -> None:
    kinds = {u.name: u.kind for u in world.as_("anna.ssk").directory.units()}
    for unit in DATA.units:
        expected = "municipality" if unit.kind is OrgKind.MUNICIPALITY else "health_centre"
        assert kinds[unit.name] == expected

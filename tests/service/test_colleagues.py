"""`Directory.colleagues()` (added for the forward screen), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from fblmail.errors import NoAccess
from kit.people import World


def test_colleagues_are_the_other_active_accounts_of_the_same_organisation(world: World) -> None:
    cecilia = [a.login for a in world.as_("cecilia.dr").directory.colleagues()]
    anna = world.as_("anna.ssk").directory.colleagues()
    assert cecilia == ["david.ssk"]
    assert [a.login for a in anna] == ["bengt.ssk", "fia.chef"]  # by name: Bengt Berg, Fia F.
    assert {a.organisation for a in anna} == {"Karlstad"}


def test_an_unknown_user_has_no_colleagues_to_see(world: World) -> None:
    with pytest.raises(NoAccess):
        world.as_("mallory").directory.colleagues()

"""R16 in the check: closed cases whose printouts nobody has confirmed destroyed."""

from __future__ import annotations

from pathlib import Path

from kit.people import HERRHAGEN, World


def _herrhagen(world: World) -> dict[str, object]:
    report = world.as_("cecilia.dr").checks.run([HERRHAGEN])
    return report.to_json()["mailboxes"][0]  # type: ignore[no-any-return]


def test_closed_case_with_printout_is_listed_until_confirmed_destroyed(
    world: World, tmp_path: Path
) -> None:
    message_id = world.send()
    cecilia = world.as_("cecilia.dr")
    cecilia.printing.print_message(message_id, fmt="text", output=tmp_path / "utskrift.txt")
    assert _herrhagen(world)["printouts_not_destroyed"] == []  # the case is still open

    world.as_("anna.ssk").printing.close_thread(message_id)  # Karlstad printed nothing
    box = _herrhagen(world)
    listed = box["printouts_not_destroyed"]
    assert isinstance(listed, list) and len(listed) == 1
    assert listed[0]["printouts"] == 1 and listed[0]["printed_by"] == ["cecilia.dr"]
    assert "printouts_not_destroyed" in box["actions"]  # type: ignore[operator]

    cecilia.printing.close_thread(message_id, printouts_destroyed=True)
    box = _herrhagen(world)
    assert box["printouts_not_destroyed"] == []
    assert "printouts_not_destroyed" not in box["actions"]  # type: ignore[operator]

"""Issue 13: `check` at 80 columns keeps a personnummer on one line."""

from __future__ import annotations

import inspect
import io

import pytest

from fblmail.cli import output
from kit.cli import CheckCli
from kit.people import HERRHAGEN, KARLSTAD, REPO, TOLVAN, World


@pytest.mark.parametrize("columns", ["80"])
def test_check_at_80_columns_keeps_the_personnummer_whole(
    world: World, check_cli: CheckCli, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    world.send("anna.ssk", subject="Ett långt ämne " * 6)
    world.send("cecilia.dr", from_fbl=HERRHAGEN, to_fbl=KARLSTAD, subject="Långt " * 9)
    world.clock.advance(hours=73)
    monkeypatch.setenv("COLUMNS", columns)
    output.out.cache_clear()
    for login in ("anna.ssk", "cecilia.dr"):
        result = check_cli(login, "check")
        assert result.exit_code == 1
        assert TOLVAN in result.stdout, result.stdout


@pytest.mark.parametrize("width", [80, 60, 48])
def test_check_tables_never_fold_id_or_patient(width: int) -> None:
    from rich.console import Console

    from fblmail.cli.check import _table

    table = _table("Id", "Patient", "Ämne", "Från", "Tid kvar")
    table.add_column("Ring i stället (R10)")
    long = "Karlstad kommun Hälso- och sjukvård (FBL)"
    table.add_row("01a547b6", TOLVAN, "Ett långt ämne " * 4, long, "▲ 1 h sen", "ring " + long)
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(table)
    text = console.export_text()
    assert TOLVAN in text and "01a547b6" in text, text


def test_purge_batch_size_default_agrees_with_service_and_readme() -> None:
    """No size given: batches are sized by lock time, in the CLI, the service and the README."""
    from fblmail.cli.purge import purge
    from fblmail.service.duty.purge import LOCK_TARGET_SECONDS, Purger

    assert inspect.signature(purge).parameters["batch_size"].default is None
    for method in (Purger.purge, Purger.expired):
        assert inspect.signature(method).parameters["batch_size"].default is None
    readme = " ".join((REPO / "README.md").read_text("utf-8").split())
    assert f"holds the write lock about {LOCK_TARGET_SECONDS:g} s" in readme

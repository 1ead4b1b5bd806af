"""The PostgreSQL damage block on a shared store: everyone reads it, only support sets it.

Each person's write transaction reads `store_damage`, so every role may read it; setting
or lifting the block is for support (and the owner), so no member of staff can stop the
store by planting a row, nor lift a block that support set. (Staff cannot run the doctor
on a shared store at all: it reads every table, and theirs are filtered or withheld.)
"""

from __future__ import annotations

import psycopg
import pytest

from fblmail.errors import StoreProblem
from kit.cli import run_cli
from kit.shared import SharedWorld, connect_as, person_url

pytestmark = pytest.mark.parametrize("backend", ["postgres"])


def _tamper(shared: SharedWorld, row_id: int, detail: str | None) -> None:
    """Change a log row's detail as the owner, behind the program's back."""
    with shared.owner() as conn:
        conn.execute("ALTER TABLE access_log DISABLE TRIGGER access_log_no_change")
        conn.execute("UPDATE access_log SET detail = %s WHERE id = %s", (detail, row_id))
        conn.execute("ALTER TABLE access_log ENABLE TRIGGER access_log_no_change")


def _blocks(shared: SharedWorld) -> int:
    with shared.owner() as conn:
        return int(conn.execute("SELECT count(*) FROM store_damage").fetchone()[0])  # type: ignore[index,arg-type]


def test_staff_read_but_cannot_plant_or_lift_the_block(shared: SharedWorld) -> None:
    with connect_as(shared.url, "anna.ssk") as conn:
        assert conn.execute("SELECT count(*) FROM store_damage").fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO store_damage VALUES (1, now(), 'x')")


def test_support_sets_the_block_staff_cannot_and_a_whole_store_lifts_it(
    shared: SharedWorld,
) -> None:
    with shared.owner() as conn:
        row_id, original = conn.execute(
            "SELECT id, detail FROM access_log ORDER BY id DESC LIMIT 1"
        ).fetchone()  # type: ignore[misc]
    _tamper(shared, row_id, "ändrad")  # type: ignore[arg-type]
    anna_url = person_url(shared.url, "anna.ssk")
    by_staff = run_cli(anna_url, None, "doctor")
    assert by_staff.exit_code == 5  # staff may not read every table: unusable, not damaged
    assert _blocks(shared) == 0
    sara_url = person_url(shared.url, "sara.support")
    assert run_cli(sara_url, None, "doctor").exit_code == 5
    assert _blocks(shared) == 1
    with shared.person("anna.ssk") as anna, pytest.raises(StoreProblem):
        anna.access.request("new", reason="Vikariat", mailboxes=["arvika"])
    _tamper(shared, row_id, original)  # type: ignore[arg-type]
    assert run_cli(anna_url, None, "doctor").exit_code == 5  # staff cannot lift it
    assert _blocks(shared) == 1
    lifted = run_cli(sara_url, None, "doctor")
    assert lifted.exit_code == 0, lifted.stdout
    assert "kontrollerar allt" in lifted.stdout  # a partial check, and it says so
    assert _blocks(shared) == 0

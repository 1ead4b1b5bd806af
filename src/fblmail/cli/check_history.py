"""`fblmail check history`: who signed the checks, day by day, and which were missed (R4).

Read on the plain DB-API path like `fblmail check` (no SQLAlchemy); no patient data, so
nothing is logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.options import JsonOpt
from fblmail.cli.output import out, print_json, reporting
from fblmail.i18n import tr
from fblmail.present import day_label
from fblmail.present.check import STYLES, missed_checks, slot_parts

if TYPE_CHECKING:
    from fblmail.service.duty.shifts import CheckHistory, MailboxHistory, SlotView

def _cell(slot: SlotView) -> Text:
    text = Text()
    for part, tone in slot_parts(slot, signatures=True):
        text.append(part, style=STYLES[tone])
    return text


def render_history(grid: MailboxHistory) -> Table:
    """Days × morning/afternoon for one FBL."""
    table = Table(title=Text(grid.mailbox, style="bold"), title_justify="left")
    table.add_column(tr("Dag", "Day"))
    table.add_column(f"{tr('Förmiddag', 'Morning')} {grid.morning}")
    table.add_column(f"{tr('Eftermiddag', 'Afternoon')} {grid.afternoon}")
    slots = list(grid.slots)
    for morning, afternoon in zip(slots[0::2], slots[1::2], strict=True):
        day = morning.day
        table.add_row(day_label(day), _cell(morning), _cell(afternoon))
    return table


def history(
    ctx: typer.Context,
    mailbox: Annotated[
        str | None,
        typer.Option("--mailbox", help="Bara denna FBL (standard: dina; chefen: enhetens)."),
    ] = None,
    days: Annotated[int, typer.Option("--days", help="Så många dagar bakåt, i dag medräknad.")] = 7,
    as_json: JsonOpt = False,
) -> None:
    """Vem som signerade kontrollerna, dag för dag, och vilka som missades."""
    from fblmail.cli.check_open import open_checks

    with reporting():
        checks = open_checks(state(ctx).settings, guard=False)
        try:
            result: CheckHistory = checks.history(mailbox, days=days)
        finally:
            checks.connector.close()
    if as_json:
        print_json(result.to_json())
        return
    console = out()
    for grid in result.mailboxes:
        console.print(render_history(grid))
        if grid.missed:
            console.print(Text(f"{missed_checks(grid.missed)}.", style="red"))


def register(check_app: typer.Typer) -> None:
    """Add `fblmail check history` to the `check` group."""
    check_app.command("history")(history)

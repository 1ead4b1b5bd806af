"""`fblmail check history`: who signed the checks, day by day, and which were missed (R4).

Read on the plain DB-API path like `fblmail check` (no SQLAlchemy); no patient data, so
nothing is logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from fblmail.cli.check import JsonOpt
from fblmail.cli.context import state
from fblmail.cli.output import out, print_json, reporting
from fblmail.clock import to_local
from fblmail.i18n import tr

if TYPE_CHECKING:
    from fblmail.service.shifts import CheckHistory, MailboxHistory, SlotView

_WEEKDAYS = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")


def _cell(slot: SlotView) -> Text:
    if slot.state == "signed" and slot.signed_at:
        text = Text(f"✓ {slot.signed_by} {to_local(slot.signed_at):%H:%M}", style="green")
        if slot.late:
            text.append(tr(" (sent)", " (late)"), style="yellow")
        if slot.signatures > 1:
            text.append(f" +{slot.signatures - 1}", style="dim")
        return text
    if slot.state == "missed":
        return Text(tr("✗ missad", "✗ missed"), style="bold red")
    if slot.state == "pending":
        return Text(tr("… kommande", "… pending"), style="dim")
    return Text("–", style="dim")


def render_history(grid: MailboxHistory) -> Table:
    """Days × morning/afternoon for one FBL."""
    table = Table(title=Text(grid.mailbox, style="bold"), title_justify="left")
    table.add_column(tr("Dag", "Day"))
    table.add_column(f"{tr('Förmiddag', 'Morning')} {grid.morning}")
    table.add_column(f"{tr('Eftermiddag', 'Afternoon')} {grid.afternoon}")
    slots = list(grid.slots)
    for morning, afternoon in zip(slots[0::2], slots[1::2], strict=True):
        day = morning.day
        label = f"{day.isoformat()} {tr(_WEEKDAYS[day.weekday()], f'{day:%a}')}"
        table.add_row(label, _cell(morning), _cell(afternoon))
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
            console.print(
                Text(
                    tr(f"{grid.missed} missade kontroller.", f"{grid.missed} missed checks."),
                    style="red",
                )
            )




def register(check_app: typer.Typer) -> None:
    """Add `fblmail check history` to the `check` group."""
    check_app.command("history")(history)

"""`fblmail patient PNR`: every thread about the patient in your FBLs (issue 11)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.output import out, print_json, reporting, safe_line
from fblmail.clock import format_local
from fblmail.i18n import tr
from fblmail.present import short_box


def patient(
    ctx: typer.Context,
    pnr: Annotated[
        str, typer.Argument(metavar="PNR", help="Personnummer eller samordningsnummer.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Skriv JSON (för skript).")] = False,
) -> None:
    """Alla trådar om patienten i dina FBL:er: status, svarstid, motpart, vem som hanterar."""
    from fblmail.service.messages.patient import status_label

    with reporting():
        messenger = state(ctx).messenger()
        found = messenger.patients.overview(pnr)
    if as_json:
        print_json(found.to_json())
        return
    if not found.threads:
        out().print(tr(f"Inga trådar om {found.patient}.", f"No threads about {found.patient}."))
        return
    now = messenger.clock()
    table = Table(title=Text(f"{tr('Patient', 'Patient')} {found.patient}", style="bold"))
    for header in (
        "Id",
        tr("Status", "Status"),
        tr("Skickad", "Sent"),
        tr("Kategori", "Category"),
        tr("Ämne", "Subject"),
        tr("Motpart", "Counterpart"),
        tr("Hanteras av", "Handled by"),
    ):
        table.add_column(header, overflow="fold")
    for thread in found.threads:
        direction = tr("till ", "to ") if thread.we_asked else tr("från ", "from ")
        table.add_row(
            thread.message_id[:8],
            status_label(thread, now),
            format_local(thread.created_at),
            thread.category,
            safe_line(thread.subject, 50),
            safe_line(direction + short_box(thread.counterpart)),
            safe_line(thread.handler or "–"),
        )
    out().print(table)


def register(app: typer.Typer) -> None:
    """Add `fblmail patient` to the root app."""
    app.command("patient")(patient)

"""`fblmail routine show|set`: the unit's local routine (R20)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.options import JsonOpt
from fblmail.cli.output import out, print_json, reporting, safe
from fblmail.clock import format_local
from fblmail.i18n import tr

if TYPE_CHECKING:
    from fblmail.service.duty.routine import RoutineView

routine_app = typer.Typer(
    name="routine",
    help="Enhetens lokala rutin (R20): vem bevakar, vem rensar, kontrolltider, semester.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

OrgOpt = Annotated[
    str | None, typer.Option("--org", help="Enhetens kod eller namn (standard: din enhet).")
]

_FIELDS = (
    ("monitors", "Bevakar FBL:en", "Monitors the FBL"),
    ("purger", "Rensar gamla meddelanden", "Purges old messages"),
    ("morning", "Förmiddagskontroll", "Morning check"),
    ("afternoon", "Eftermiddagskontroll", "Afternoon check"),
    ("holiday_cover", "Ansvarar under semester", "Covers holidays"),
    ("permissions_updater", "Uppdaterar behörigheter", "Updates permissions"),
)


def render_routine(view: RoutineView) -> Table:
    """The routine as a two-column table; empty fields are marked as gaps."""
    table = Table(
        title=Text(tr(f"Lokal rutin: {view.organisation}", f"Local routine: {view.organisation}")),
        title_justify="left",
        show_header=False,
    )
    table.add_column(style="bold")
    table.add_column()
    for key, sv, en in _FIELDS:
        value = str(getattr(view, key))
        cell = safe(value) if value else Text(tr("saknas", "missing"), style="bold yellow")
        table.add_row(tr(sv, en), cell)
    table.add_row(
        tr("Utkast raderas efter", "Drafts deleted after"),
        tr(f"{view.draft_days} dagar orörda (R17)", f"{view.draft_days} days untouched (R17)"),
    )
    if view.updated_at:
        table.add_row(
            tr("Senast ändrad", "Last changed"),
            safe(f"{format_local(view.updated_at)} ({view.updated_by})"),
        )
    return table


def _print(view: RoutineView, as_json: bool) -> None:
    if as_json:
        print_json(view.to_json())
        return
    out().print(render_routine(view))
    if view.gaps:
        out().print(
            Text(
                tr(
                    "Fyll i det som saknas med `fblmail routine set` (enhetschefen).",
                    "Fill in what is missing with `fblmail routine set` (the unit manager).",
                ),
                style="yellow",
            )
        )


@routine_app.command("show")
def show(ctx: typer.Context, org: OrgOpt = None, as_json: JsonOpt = False) -> None:
    """Visa enhetens lokala rutin och vad som saknas."""
    with reporting():
        view = state(ctx).messenger().routine.show(org)
    _print(view, as_json)


@routine_app.command("set")
def set_routine(
    ctx: typer.Context,
    org: OrgOpt = None,
    monitors: Annotated[
        str | None, typer.Option("--monitors", help="Vem som bevakar FBL:en (R4).")
    ] = None,
    purger: Annotated[
        str | None, typer.Option("--purger", help="Vem som rensar gamla meddelanden (R17).")
    ] = None,
    morning: Annotated[
        str | None,
        typer.Option(
            "--morning", metavar="HH:MM-HH:MM", help="Förmiddagskontroll, t.ex. 08:00-11:00."
        ),
    ] = None,
    afternoon: Annotated[
        str | None,
        typer.Option(
            "--afternoon", metavar="HH:MM-HH:MM", help="Eftermiddagskontroll, t.ex. 13:00-16:00."
        ),
    ] = None,
    holiday_cover: Annotated[
        str | None, typer.Option("--holiday-cover", help="Vem som ansvarar under semester.")
    ] = None,
    permissions_updater: Annotated[
        str | None,
        typer.Option(
            "--permissions-updater", help="Vem som uppdaterar behörigheter vid personalbyte."
        ),
    ] = None,
    draft_days: Annotated[
        int | None,
        typer.Option(
            "--draft-days",
            metavar="N",
            help="Orörda utkast raderas efter N dagar av `purge --expired` (R17; standard 30).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ändra enhetens lokala rutin (enhetschefen eller support). Tom text tömmer ett fält."""
    with reporting():
        view = (
            state(ctx)
            .messenger()
            .routine.set(
                org,
                monitors=monitors,
                purger=purger,
                morning=morning,
                afternoon=afternoon,
                holiday_cover=holiday_cover,
                permissions_updater=permissions_updater,
                draft_days=draft_days,
            )
        )
    _print(view, as_json)


def register(app: typer.Typer) -> None:
    """Add `fblmail routine` to the root app."""
    app.add_typer(routine_app)

"""More `fblmail admin ...` commands: `accounts` (staff changes) and `mailbox create|close`.

They are registered onto `admin_app` from `cli/admin.py`. Closing an FBL is permanent
(R15): the operator types the FBL's exact name (or gives it with `--confirm-name` when
there is no terminal), and there is deliberately no temporary close and no auto-reply.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.box import SIMPLE_HEAD
from rich.table import Table
from rich.text import Text

from fblmail.cli.admin import admin_app
from fblmail.cli.context import state
from fblmail.cli.options import JsonOpt
from fblmail.cli.output import err, out, print_json, reporting, safe_line, usage_error
from fblmail.clock import format_local
from fblmail.i18n import tr

mailbox_app = typer.Typer(
    name="mailbox",
    help="Funktionsbrevlådor: skapa, stäng permanent (R1, R15).",
    no_args_is_help=True,
    rich_markup_mode=None,
)



def accounts(
    ctx: typer.Context,
    inactive_days: Annotated[
        int,
        typer.Option(
            "--inactive-days",
            min=0,
            metavar="N",
            help="Konton som inte använts på mer än N dagar (eller aldrig).",
        ),
    ],
    as_json: JsonOpt = False,
) -> None:
    """Konton att se över vid personalbyte (chef: den egna enheten; support: alla)."""
    with reporting():
        rows = state(ctx).messenger().access.inactive_accounts(inactive_days)
    if as_json:
        print_json([r.to_json() for r in rows])
        return
    if not rows:
        out().print(tr("Inga konton att se över.", "No accounts to review."))
        return
    table = Table(box=SIMPLE_HEAD)
    for header in (
        tr("Inloggning", "Login"),
        tr("Namn", "Name"),
        tr("Enhet", "Unit"),
        tr("Roll", "Role"),
        "FBL",
        tr("Senast aktiv", "Last active"),
    ):
        table.add_column(header)
    for r in rows:
        seen = (
            f"{format_local(r.last_active_at)} ({r.days_inactive} d)"
            if r.last_active_at
            else tr("aldrig", "never")
        )
        table.add_row(
            safe_line(r.login),
            safe_line(r.full_name, 40),
            safe_line(r.organisation, 40),
            r.role,
            Text("\n").join(safe_line(m, 50) for m in r.mailboxes),
            seen,
        )
    out().print(table)
    err().print(
        tr(
            "Avsluta konton som inte längre behövs: `fblmail access request end --for LOGIN "
            "--reason ...`.",
            "End accounts no longer needed: `fblmail access request end --for LOGIN --reason ...`.",
        )
    )


@mailbox_app.command("create")
def mailbox_create(
    ctx: typer.Context,
    org: Annotated[str, typer.Option("--org", help="Enheten (kod eller namn).")],
    name: Annotated[str, typer.Option("--name", help="FBL:ens namn, slutar med (FBL).")],
    as_json: JsonOpt = False,
) -> None:
    """Skapa en enhets funktionsbrevlåda (en per enhet, R1)."""
    with reporting():
        box = state(ctx).messenger().mailbox_admin.create(org, name)
    if as_json:
        print_json(box.to_json())
        return
    out().print(
        Text(tr("Funktionsbrevlådan är skapad: ", "Functional mailbox created: ")).append_text(
            safe_line(box.address)
        )
    )


@mailbox_app.command("close")
def mailbox_close(
    ctx: typer.Context,
    fbl: Annotated[str, typer.Argument(metavar="FBL", help="Funktionsbrevlådans exakta namn.")],
    permanent: Annotated[
        bool,
        typer.Option("--permanent", help="Krävs: en FBL stängs bara permanent (R15)."),
    ] = False,
    confirm_name: Annotated[
        str | None,
        typer.Option(
            "--confirm-name",
            metavar="NAME",
            help="FBL:ens exakta namn som bekräftelse (krävs utan terminal).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Stäng en FBL permanent (R15). Kan inte ångras; det finns ingen tillfällig stängning."""
    if not permanent:
        usage_error(
            "En funktionsbrevlåda stängs bara permanent (R15): det finns ingen tillfällig "
            "stängning och inget frånvarobesked. Lägg till --permanent om den ska stängas för "
            "gott; ordna annars bevakningen inom enheten.",
            "A functional mailbox is only ever closed permanently (R15): there is no "
            "temporary close and no auto-reply. Add --permanent to close it for good; "
            "otherwise arrange cover within the unit.",
        )
    typed = confirm_name
    if typed is None:
        if not sys.stdin.isatty():
            usage_error(
                'Bekräfta med FBL:ens exakta namn: --confirm-name "<namn>" (ingen terminal '
                "att fråga i).",
                'Confirm with the FBL\'s exact name: --confirm-name "<name>" (no terminal to '
                "ask in).",
            )
        err().print(
            Text(
                tr(
                    "Stängningen är permanent och kan inte ångras. Meddelandena finns kvar för "
                    "medlemmarna tills de rensas, men inget kan skickas till eller från FBL:en.",
                    "Closing is permanent and cannot be undone. The messages stay readable to "
                    "the members until purged, but nothing can be sent to or from the FBL.",
                ),
                style="bold yellow",
            )
        )
        typed = typer.prompt(tr("Skriv FBL:ens exakta namn", "Type the FBL's exact name"))
    with reporting():
        box = state(ctx).messenger().mailbox_admin.close(fbl, confirm_name=typed)
    if as_json:
        print_json(box.to_json())
        return
    out().print(
        Text(tr("Stängd permanent: ", "Closed permanently: "))
        .append_text(safe_line(box.address))
        .append(f" ({format_local(box.closed_at)})")
    )


def register(app: typer.Typer) -> None:
    """Add `admin accounts` and `admin mailbox ...` to `admin_app` (registered by cli.admin)."""
    del app  # the commands live under `admin`, which cli.admin adds to the root app
    if not any(info.name == "mailbox" for info in admin_app.registered_groups):
        admin_app.command("accounts")(accounts)
        admin_app.add_typer(mailbox_app)

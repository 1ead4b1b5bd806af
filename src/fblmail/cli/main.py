"""The root `fblmail` command: global options, then the command groups.

Each command module in `COMMAND_MODULES` has `register(app)`; modules import the service
layer inside their commands, so `fblmail --help` and `fblmail check` start fast and
never import textual.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from fblmail.cli.context import CliState
from fblmail.cli.output import reporting
from fblmail.i18n import set_language

COMMAND_MODULES = (
    "fblmail.cli.store_cmds",
    "fblmail.cli.messages",
    "fblmail.cli.directory",
    "fblmail.cli.admin",
    "fblmail.cli.admin_more",
    "fblmail.cli.access",
    "fblmail.cli.audit",
    "fblmail.cli.printing",
    "fblmail.cli.check",
    "fblmail.cli.purge",
    "fblmail.cli.resolve",
    "fblmail.cli.handling",
    "fblmail.cli.patient",
    "fblmail.cli.routine",
)

app = typer.Typer(
    name="fblmail",
    help="fblmail: funktionsbrevlådor (FBL) för Värmlands kommuner och vårdcentraler.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Databasadress (sqlite:///fil.db eller postgresql://...).",
            show_default=False,
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option("--user", help="Agera som denna inloggning (standard: datorns inloggning)."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Språk: sv (standard) eller en.")
    ] = None,
) -> None:
    """Utan underkommando öppnas fblmail-appen."""
    from fblmail.settings import load_settings

    with reporting():
        settings = load_settings(database_url=db, user=user, lang=lang)
    set_language(settings.lang)
    ctx.obj = CliState(settings)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        from fblmail.tui.launch import launch

        with reporting():
            launch(settings)


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


_register_commands()


def run() -> None:
    """Entry point of the console script."""
    app()

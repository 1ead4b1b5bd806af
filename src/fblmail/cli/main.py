"""The root `fblmail` command: global options, then the command groups.

Each command module in `COMMAND_MODULES` has `register(app)`; modules import the service
layer inside their commands, so `fblmail --help` and `fblmail check` start fast and
never import textual.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from fblmail.cli.context import CliState
from fblmail.cli.output import reporting, set_debug
from fblmail.errors import InvalidInput
from fblmail.i18n import set_language
from fblmail.settings import Settings


@dataclass(frozen=True)
class EntryHooks:
    """What the entry point hands the command line (as the Click context's `obj`)."""

    open_app: Callable[[Settings], None]

COMMAND_MODULES = (
    "fblmail.cli.store_cmds",
    "fblmail.cli.doctor",
    "fblmail.cli.messages",
    "fblmail.cli.search",
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


class FunnelGroup(TyperGroup):
    """The root command: every error of every command goes through one funnel.

    An `FblError` becomes its message and exit code, a store fault its named cause (exit 5,
    or 2 for text that cannot be stored), anything else "unexpected error" (exit 1); never
    a traceback or an exception's text (they can carry SQL parameters: patient data).
    """

    def invoke(self, ctx: Any) -> Any:
        """Run the command inside the error funnel."""
        with reporting():
            try:
                return super().invoke(ctx)
            except Exception as exc:
                _mark_if_damaged(ctx, exc)
                raise


def _mark_if_damaged(ctx: Any, exc: Exception) -> None:
    """SQLite said its file is corrupt: block writes as `fblmail doctor` would."""
    if not isinstance(ctx.obj, CliState) or not _damage_in(exc):
        return
    # Only now: store.engine loads SQLAlchemy, which a refused read command never needs.
    from fblmail.store.engine import sqlite_path
    from fblmail.store.files import damage_marker

    path = sqlite_path(ctx.obj.settings.database_url)
    if path is None or not path.exists():
        return
    marker = damage_marker(path)
    with contextlib.suppress(OSError):
        marker.write_text("SQLite reported the file corrupt during a command\n", "utf-8")
        marker.chmod(0o600)


def _damage_in(exc: BaseException) -> bool:
    """Does any link of the chain say the file is corrupt? The read path (store/query)
    names the cause itself, so its `StoreProblem` stands between the command line's exit
    and the driver's error: look past our own errors to the driver's."""
    from fblmail.errors import FblError
    from fblmail.store.faults import classify

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        ours = isinstance(current, FblError) or type(current).__module__.startswith(
            ("click", "typer")
        )
        cause = None if ours else classify(current)
        if cause is not None and cause.kind == "damaged":
            return True
        current = current.__cause__ or current.__context__
    return False


app = typer.Typer(
    cls=FunnelGroup,
    name="fblmail",
    help="fblmail: funktionsbrevlådor (FBL) för Värmlands kommuner och vårdcentraler.",
    no_args_is_help=False,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish)
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        from fblmail import __version__

        typer.echo(f"fblmail {__version__}")
        raise typer.Exit(0)


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
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Visa versionen och avsluta.",
            is_eager=True,
            callback=_show_version,
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="Visa hela felspåret vid fel (utan SQL-parametrar). Även FBLMAIL_DEBUG=1.",
        ),
    ] = False,
) -> None:
    """Utan underkommando öppnas fblmail-appen."""
    from fblmail.settings import load_settings

    set_debug(debug)
    with reporting():
        settings = load_settings(database_url=db, user=user, lang=lang)
    set_language(settings.lang)
    open_app = _open_app_of(ctx)
    ctx.obj = CliState(settings)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        with reporting():
            open_app(settings)


def _open_app_of(ctx: typer.Context) -> Callable[[Settings], None]:
    """The app opener the entry point handed over (`run(open_app=...)`).

    The command line never imports the app itself (the layer contract): `fblmail.entry`
    passes it in. Without one (a test invoking the command tree bare) there is no app to
    open, and the user is told which command to give instead.
    """
    if isinstance(ctx.obj, EntryHooks):
        return ctx.obj.open_app

    def no_app(_settings: Settings) -> None:
        raise InvalidInput(
            "Ange ett kommando, till exempel `fblmail list`, eller starta appen med `fblmail`.",
            "Give a command, for example `fblmail list`, or start the app with `fblmail`.",
            field="command",
        )

    return no_app


def _register_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)


_register_commands()


def build_command(lang: str) -> Any:
    """The Click command tree of `app` with its help in `lang` ("sv" or "en")."""
    from fblmail.cli.help_text import localise

    return localise(typer.main.get_command(app), lang)


def run(open_app: Callable[[Settings], None] | None = None) -> None:
    """Run the command line (help in the language chosen on it); `open_app` opens the app
    when no command is given (see `fblmail.entry`)."""
    import sys

    from fblmail.cli.help_text import sniff_language

    lang = sniff_language(sys.argv[1:])
    set_language(lang)
    hooks = EntryHooks(open_app) if open_app is not None else None
    build_command(lang).main(prog_name="fblmail", obj=hooks)

"""`fblmail directory import|list`: the units, their FBLs and the preset lists (R1, R5)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.output import EXIT_USAGE, err, out, print_json, reporting, safe_line, usage_error
from fblmail.i18n import language, tr
from fblmail.present import ERROR, count

directory_app = typer.Typer(
    name="directory",
    help="Katalogen: kommuner, vårdcentraler, deras FBL och förvalslistor (R5).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text("utf-8")
    except UnicodeDecodeError:
        usage_error(
            f"Filen {path} är inte UTF-8-text. Spara den som UTF-8 och försök igen.",
            f"The file {path} is not UTF-8 text. Save it as UTF-8 and try again.",
        )
    except OSError as exc:
        usage_error(
            f"Filen {path} går inte att läsa: {exc.strerror or exc}.",
            f"The file {path} cannot be read: {exc.strerror or exc}.",
        )


@directory_app.command("import")
def import_directory(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="PATH", help="Katalogfilen (se data/).")],
) -> None:
    """Läs in katalogfilen: nya enheter skapas, ändrade uppdateras; två gånger ändrar inget."""
    from fblmail.domain.directory_file import DirectoryFileErrors, parse_directory

    text = _read_text(path)
    try:
        data = parse_directory(text)
    except DirectoryFileErrors as problems:
        console = err()
        console.print(
            Text(
                tr(
                    f"Fel: katalogfilen {path} har {count(len(problems.errors), ERROR)}; "
                    "inget lästes in.",
                    f"Error: the directory file {path} has {count(len(problems.errors), ERROR)}; "
                    "nothing was imported.",
                ),
                style="bold red",
            )
        )
        for problem in problems.errors:
            line = problem.english() if language() == "en" else str(problem)
            console.print(Text("  ").append_text(safe_line(line)))
        raise typer.Exit(EXIT_USAGE) from None
    with reporting():
        result = state(ctx).messenger().directory.import_directory(data)
    out().print(
        tr(
            f"Katalogen inläst: {result.created} nya, {result.updated} ändrade, "
            f"{result.unchanged} oförändrade enheter; {result.presets} förvalsposter.",
            f"Directory imported: {result.created} new, {result.updated} changed, "
            f"{result.unchanged} unchanged units; {result.presets} preset entries.",
        )
    )


@directory_app.command("list")
def list_directory(
    ctx: typer.Context,
    preset_for: Annotated[
        str | None,
        typer.Option(
            "--preset-for",
            metavar="MUNICIPALITY",
            help="Visa kommunens förvalslista (R5), i ordning.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv JSON (för skript).")] = False,
) -> None:
    """Lista enheterna och deras funktionsbrevlådor, eller en kommuns förvalslista."""
    from fblmail.cli.render import units_table

    with reporting():
        units = state(ctx).messenger().directory.units(preset_for=preset_for)
    if as_json:
        print_json([u.to_json() for u in units])
        return
    if preset_for is not None:
        title = Text(tr("Förvalslista för ", "Preset list of ")).append_text(safe_line(preset_for))
    else:
        title = Text(tr("Katalogen", "The directory"))
    if not units:
        out().print(tr("Inga enheter.", "No units."))
        return
    out().print(units_table(units, title, numbered=preset_for is not None))


def register(app: typer.Typer) -> None:
    """Add `fblmail directory ...` to the root app."""
    app.add_typer(directory_app)

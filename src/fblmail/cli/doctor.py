"""`fblmail doctor` (is the store whole?) and `fblmail backup DEST` (a private copy).

`doctor` needs no account: it reads the store's structure, never a patient's data, and it
must work on a store too damaged for anything else. Exit 0 healthy (warnings allowed), 5
damaged or unusable. A damaged SQLite store is marked so that writes refuse to proceed (see
`fblmail.store.doctor`).

`backup` copies an SQLite store with SQLite's online backup API (consistent even while
others write) into a new file only its owner may read. A PostgreSQL store is copied with
`pg_dump`; the command says how.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from urllib.parse import quote

import typer
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.output import EXIT_STORE, err, out, print_json, reporting
from fblmail.errors import InvalidInput, StoreProblem
from fblmail.i18n import language, tr

if TYPE_CHECKING:
    from sqlalchemy import Engine

STATUS_MARK = {"ok": "✓", "warning": "!", "damaged": "✗", "unusable": "✗"}
STATUS_STYLE = {"ok": "green", "warning": "yellow", "damaged": "bold red", "unusable": "bold red"}


def doctor(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Resultatet som JSON.")] = False,
    tail: Annotated[
        int, typer.Option("--tail", min=1, help="Antal senaste loggrader att kontrollera.")
    ] = 200,
) -> None:
    """Kontrollera databasen: schema, sidor, sökindex, loggens slut, filrättigheter, disk."""
    from fblmail.cli.store_cmds import shown_url
    from fblmail.store.doctor import diagnose, record_damage

    cli = state(ctx)
    with reporting():
        store = cli.store(check=False)
        report = diagnose(store.engine, tail=tail)
        marker = record_damage(store.engine, report)
    if as_json:
        print_json(
            {
                "store": shown_url(cli.settings.database_url),
                "healthy": report.healthy,
                "damaged": report.damaged,
                "findings": [
                    {"check": f.check, "status": f.status, "message": f.text(language())}
                    for f in report.findings
                ],
            }
        )
    else:
        console = out()
        console.print(Text(tr("Databas: ", "Store: ") + shown_url(cli.settings.database_url)))
        for f in report.findings:
            line = Text(f"{STATUS_MARK[f.status]} ", style=STATUS_STYLE[f.status])
            line.append(f"{f.check}: ", style="bold")
            line.append(f.text(language()))
            console.print(line)
        if report.damaged:
            err().print(
                Text(
                    tr(
                        "Databasen är skadad och tar inte emot fler skrivningar. Återställ "
                        "den från en säkerhetskopia (se README, Säkerhetskopia).",
                        "The store is damaged and takes no more writes. Restore it from a "
                        "backup (see the README, Backup).",
                    ),
                    style="bold red",
                )
            )
        if marker is not None:
            err().print(Text(tr("Spärr: ", "Block: ") + str(marker)))
    if not report.healthy:
        raise typer.Exit(EXIT_STORE)


def refuse_damaged(engine: Engine) -> None:
    """For `fblmail check`: the doctor's cheap checks; stop on damage.

    The schema, the file's modes, the newest 50 log rows against the chain's head, and the
    damage marker that a full `fblmail doctor` (or any command that met a damaged page)
    left: a few milliseconds at any size. The page and index checks read the whole file,
    so they are `fblmail doctor`'s, run nightly beside the purge (README). Damage found is
    recorded (writes then refuse); only the full doctor lifts the mark.
    """
    from fblmail.store.doctor import diagnose, record_damage
    from fblmail.store.engine import engine_sqlite_path
    from fblmail.store.files import damage_marker

    report = diagnose(engine, full=False, tail=50, pages=False)
    if report.damaged:
        record_damage(engine, report)
    path = engine_sqlite_path(engine)
    marked = path is not None and damage_marker(path).exists()
    if report.damaged or marked:
        found = "; ".join(
            f.text(language()) for f in report.findings if f.status == "damaged"
        ) or tr("se `fblmail doctor`", "see `fblmail doctor`")
        raise StoreProblem(
            f"Databasen är skadad ({found}). Kör `fblmail doctor` och återställ den från en "
            "säkerhetskopia; inget skrivs i den tills dess.",
            f"The store is damaged ({found}). Run `fblmail doctor` and restore it from a "
            "backup; nothing is written to it until then.",
            field="database",
        )


def backup(
    ctx: typer.Context,
    dest: Annotated[Path, typer.Argument(help="Ny fil för kopian (får inte finnas).")],
) -> None:
    """Ta en säkerhetskopia av SQLite-databasen (fil 0600); för PostgreSQL: pg_dump."""
    from fblmail.cli.store_cmds import shown_url
    from fblmail.store.engine import sqlite_path
    from fblmail.store.files import create_private_file

    cli = state(ctx)
    with reporting():
        source = sqlite_path(cli.settings.database_url)
        if source is None:
            url = shown_url(cli.settings.database_url)
            raise InvalidInput(
                "En PostgreSQL-databas kopieras med pg_dump, som den som äger databasen: "
                f"pg_dump --format=custom --file {dest} '{url}' (återställ med pg_restore).",
                "A PostgreSQL store is copied with pg_dump, as the owner of the database: "
                f"pg_dump --format=custom --file {dest} '{url}' (restore with pg_restore).",
                field="dest",
            )
        cli.store(check=False)  # refuses a missing store (and warns about loose modes)
        dest = dest.expanduser()
        if dest.exists() or dest.is_symlink():
            raise InvalidInput(
                f"{dest} finns redan; ange en ny fil för kopian.",
                f"{dest} already exists; give a new file for the copy.",
                field="dest",
            )
        create_private_file(dest)
        try:
            _copy(source, dest)
        except BaseException:
            dest.unlink(missing_ok=True)
            raise
    size = dest.stat().st_size // 1024
    out().print(
        Text(
            tr(
                f"Säkerhetskopia skriven: {dest} ({size} KiB, bara du kan läsa den).",
                f"Backup written: {dest} ({size} KiB, readable by you only).",
            )
        )
    )


def _copy(source: Path, dest: Path) -> None:
    """SQLite's online backup: a consistent copy even while others write."""
    src = sqlite3.connect(f"file:{quote(str(source))}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(dest)
        try:
            src.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            target.close()
    finally:
        src.close()


def register(app: typer.Typer) -> None:
    """Add `doctor` and `backup` to the root app."""
    app.command("doctor")(doctor)
    app.command("backup")(backup)

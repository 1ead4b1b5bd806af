"""`fblmail doctor` (is the store whole?) and `fblmail backup DEST` (a private copy).

`doctor` needs no account: it reads the store's structure, never shows a patient's data, and
it must work on a store too damaged for anything else. Exit 0 healthy (warnings allowed), 5
damaged or unusable. A damaged SQLite store is marked so that writes refuse to proceed (see
`fblmail.store.doctor`). It reads the access log's tail, so its run is logged (who, verdict)
whenever the store can still take a row.

`backup` copies an SQLite store with SQLite's online backup API (consistent even while
others write) into a new file only its owner may read; support only, logged with its
destination (`fblmail.service.admin.store_care`). A PostgreSQL store is copied with `pg_dump`;
the command says how.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.output import EXIT_STORE, err, out, print_json, reporting, warn
from fblmail.errors import InvalidInput, StoreProblem
from fblmail.i18n import language, tr

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from fblmail.cli.context import CliState
    from fblmail.store.doctor import Report
    from fblmail.store.engine import Store

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
        login = _login_if_reachable(cli, store)
        report = diagnose(store.engine, tail=tail)
        marker = record_damage(store.engine, report)
        _log_run(store, login, report)
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
            err().print(Text(tr("Spärr: ", "Block: ") + marker))
        elif report.damaged:
            warn(
                "Spärren mot skrivningar kunde inte sparas (skrivskyddad mapp, eller på "
                "PostgreSQL inte support eller ägare); kör `fblmail doctor` som support.",
                "The block against writes could not be recorded (a read-only folder, or on "
                "PostgreSQL not support or the owner); run `fblmail doctor` as support.",
            )
    if not report.healthy:
        raise typer.Exit(EXIT_STORE)


def _login_if_reachable(cli: CliState, store: Store) -> str | None:
    """Who runs the doctor; None when the store cannot even say (the report will tell)."""
    from fblmail.bootstrap import acting_login

    try:
        return acting_login(cli.settings, store)
    except StoreProblem:
        return None


def _log_run(store: Store, login: str | None, report: Report) -> None:
    """The doctor read the log's tail: one access-log row (who, verdict), if it can be written.

    A store whose pages are damaged (or schema unusable) takes no row; that is said on stderr.
    """
    from fblmail.service import Messenger

    problem: StoreProblem | None = None
    if login is not None and report.writable:
        detail = "; ".join(f"{f.check} {f.status}" for f in report.findings if f.status != "ok")
        try:
            Messenger(store, login).store_care.log_doctor(report.verdict, detail or "all ok")
            return
        except StoreProblem as exc:
            problem = exc
    cause_sv = f" ({problem.sv})" if problem else ""
    cause_en = f" ({problem.en})" if problem else ""
    warn(
        f"Körningen kunde inte skrivas i åtkomstloggen{cause_sv}.",
        f"This run could not be written to the access log{cause_en}.",
    )


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
    from fblmail.bootstrap import acting_login
    from fblmail.cli.store_cmds import shown_url
    from fblmail.service import Messenger
    from fblmail.store.engine import sqlite_path

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
        store = cli.store(check=False)  # refuses a missing store (and warns about loose modes)
        messenger = Messenger(store, acting_login(cli.settings, store))
        done = messenger.store_care.backup(dest.expanduser())  # support only; logged
    size = done.size // 1024
    dest = done.dest
    out().print(
        Text(
            tr(
                f"Säkerhetskopia skriven: {dest} ({size} KiB, bara du kan läsa den).",
                f"Backup written: {dest} ({size} KiB, readable by you only).",
            )
        )
    )


def register(app: typer.Typer) -> None:
    """Add `doctor` and `backup` to the root app."""
    app.command("doctor")(doctor)
    app.command("backup")(backup)

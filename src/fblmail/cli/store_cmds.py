"""`fblmail init` (create or upgrade the store) and `fblmail demo` (a demo store).

`init` is the fixer for a missing or old schema, so it never runs the schema check that
every other command runs first. With `--directory` (the default) it also imports the
shipped Värmland directory, but only into a store that has no units yet: a fresh store is
then usable at once, and a store whose directory the Region has edited is never overwritten
(use `fblmail directory import` for that).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.output import out, reporting
from fblmail.errors import InvalidInput
from fblmail.i18n import tr

if TYPE_CHECKING:
    from fblmail.store.engine import Store


def shown_url(url: str) -> str:
    """A database URL with any password hidden."""
    from fblmail.store.urls import shown_url as hidden

    return hidden(url)


def _upgrade(store: Store) -> tuple[str | None, str]:
    """Create or upgrade the schema; a failure is named by its cause (see store.faults)."""
    from fblmail.store.schema import upgrade_schema

    return upgrade_schema(store.engine)


def _share(store: Store) -> None:
    """PostgreSQL: the one-time (and after-every-upgrade) shared-store set-up as the owner."""
    if store.sqlite:
        return
    from fblmail.store.shared import make_shared

    make_shared(store.engine)
    out().print(
        tr(
            "Delad databas: radnivåskydd, roller och loggfunktion är på plats "
            "(databasanvändaren är den som agerar).",
            "Shared store: row-level security, roles and the log function are in place "
            "(the database user is the acting user).",
        )
    )


def _unit_count(store: Store) -> int:
    from fblmail.store.schema import unit_count

    return unit_count(store)


def init(
    ctx: typer.Context,
    directory: Annotated[
        bool,
        typer.Option(
            "--directory/--no-directory",
            help="Läs in den medföljande katalogen om databasen saknar enheter.",
        ),
    ] = True,
) -> None:
    """Skapa eller uppgradera databasen (säkert att köra flera gånger)."""
    from fblmail.domain.directory_file import parse_directory
    from fblmail.resources import DIRECTORY_FILE
    from fblmail.service import Messenger

    cli = state(ctx)
    url = shown_url(cli.settings.database_url)
    with reporting():
        store = cli.store(check=False, create=True)
        before, after = _upgrade(store)
        _share(store)
        if before is None:
            out().print(
                tr(
                    f"Databasen skapad (schemaversion {after}): ",
                    f"Store created (schema version {after}): ",
                ),
                Text(url),
            )
        elif before != after:
            out().print(
                tr(
                    f"Databasen uppgraderad från {before} till {after}: ",
                    f"Store upgraded from {before} to {after}: ",
                ),
                Text(url),
            )
        else:
            out().print(
                tr(
                    f"Databasen är redan aktuell (schemaversion {after}): ",
                    f"Store already up to date (schema version {after}): ",
                ),
                Text(url),
            )
        if not directory:
            return
        units = _unit_count(store)
        if units:
            out().print(
                tr(
                    f"Katalogen finns redan ({units} enheter); uppdatera den med "
                    "`fblmail directory import FIL`.",
                    f"The directory is already there ({units} units); update it with "
                    "`fblmail directory import FILE`.",
                )
            )
            return
        data = parse_directory(DIRECTORY_FILE.read_text("utf-8"))
        from fblmail.bootstrap import acting_login

        login = acting_login(cli.settings, store)
        result = Messenger(store, login).directory.import_directory(data)
        out().print(
            tr(
                f"Medföljande katalog inläst: {result.created} enheter, {result.presets} "
                "förvalsposter.",
                f"Shipped directory imported: {result.created} units, {result.presets} "
                "preset entries.",
            )
        )


def demo_url(configured: str) -> str:
    """The configured store, or `demo.db` in the data directory if none was configured.

    With no `--db`, `FBLMAIL_DATABASE_URL` or config file entry the URL is the default
    store's, and the demo must never overwrite that one.
    """
    from fblmail.settings import default_data_dir, default_database_url

    if configured == default_database_url():
        return f"sqlite:///{default_data_dir() / 'demo.db'}"
    return configured


def demo(
    ctx: typer.Context,
    seed: Annotated[
        int, typer.Option("--seed", help="Slumpfrö: samma frö ger samma innehåll.")
    ] = 1,
    force: Annotated[
        bool, typer.Option("--force", help="Radera en befintlig databasfil och bygg om den.")
    ] = False,
) -> None:
    """Bygg en demodatabas (SQLite) med katalogen, personal och några hundra meddelanden.

    Utan --db (eller FBLMAIL_DATABASE_URL) hamnar den i demo.db i din datakatalog.
    """
    from fblmail.demo import build_demo
    from fblmail.demo_texts import DEMO_USER

    url = demo_url(state(ctx).settings.database_url)
    with reporting():
        prepare_demo_file(url, force=force)
        report = build_demo(url, seed=seed)
    console = out()
    console.print(
        Text(
            tr(
                f"Demodatabasen är klar: {report.messages} meddelanden i {report.threads} "
                f"trådar, {report.accounts} konton, {report.drafts} utkast.",
                f"The demo store is ready: {report.messages} messages in {report.threads} "
                f"threads, {report.accounts} accounts, {report.drafts} drafts.",
            ),
            style="bold green",
        )
    )
    console.print(Text(tr("Inloggningar: ", "Logins: ") + ", ".join(report.logins)))
    console.print(
        Text(
            tr(
                "Patienter med pågående samordningsärende (R3, stoppas): ",
                "Patients with an ongoing coordination case (R3, refused): ",
            )
            + ", ".join(report.coordination_patients)
        )
    )
    console.print(tr("Prova:", "Try:"))
    console.print(Text(f"  fblmail --db '{shown_url(url)}' --user {DEMO_USER} list"))
    console.print(Text(f"  fblmail --db '{shown_url(url)}' --user {DEMO_USER}"))


def demo_file(url: str) -> Path:
    """The SQLite file of a demo store URL; anything else is refused."""
    from fblmail.store.urls import sqlite_file

    path = sqlite_file(url)
    if path is None:
        raise _not_sqlite(url)
    return path


def _not_sqlite(url: str) -> InvalidInput:
    scheme = url.split(":", 1)[0]
    return InvalidInput(
        f"Demodatabasen byggs bara i en SQLite-fil, inte i {scheme!r}. Ange "
        "--db sqlite:///demo.db eller utelämna --db.",
        f"The demo store is built only in an SQLite file, not in {scheme!r}. Give "
        "--db sqlite:///demo.db or leave --db out.",
        field="db",
    )


def prepare_demo_file(url: str, *, force: bool) -> Path:
    """Refuse an existing non-empty store unless `force`, which deletes it (+ -wal, -shm)."""
    path = demo_file(url)
    if path.is_dir():
        raise InvalidInput(
            f"{path} är en katalog. Ange en fil med --db sqlite:///.../demo.db.",
            f"{path} is a directory. Give a file with --db sqlite:///.../demo.db.",
            field="db",
        )
    companions = [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]
    in_use = (path.exists() and path.stat().st_size > 0) or any(p.exists() for p in companions)
    if in_use and not force:
        raise InvalidInput(
            f"{path} finns redan och är inte tom. Lägg till --force för att radera den och "
            "bygga en ny demodatabas.",
            f"{path} already exists and is not empty. Add --force to delete it and build a "
            "new demo store.",
            field="force",
        )
    for p in [path, *companions]:
        p.unlink(missing_ok=True)
    return path


def register(app: typer.Typer) -> None:
    """Add `init` and `demo` to the root app."""
    app.command("init")(init)
    app.command("demo")(demo)

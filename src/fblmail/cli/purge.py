"""`fblmail purge`: empty an FBL's folders (R17) or run the one-year deletion (`--expired`).

Shows what goes (per folder: how many, oldest, newest) and asks before deleting unless
`--yes`. Exit codes: 0 done (or nothing to do), 1 not confirmed (nothing deleted), 2 usage,
3/4 refused or no access, 5 store problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from fblmail.cli.check import ask_yes
from fblmail.cli.context import state
from fblmail.cli.output import err, out, print_json, reporting, usage_error
from fblmail.clock import format_local
from fblmail.i18n import tr
from fblmail.present import folder_name

if TYPE_CHECKING:
    from fblmail.service.duty.purge import ProgressHook, PurgePlan, PurgeResult

EXIT_DECLINED = 1


def plan_table(plan: PurgePlan) -> Table:
    """Per folder: how many go, the oldest and the newest."""
    if plan.kind == "expired":
        title = tr(
            f"Meddelanden äldre än ett år (skickade före {format_local(plan.older_than)})",
            f"Messages older than a year (sent before {format_local(plan.older_than)})",
        )
    else:
        title = plan.mailbox or ""
        if plan.older_than is not None:
            title += tr(
                f" · äldre än {format_local(plan.older_than)}",
                f" · older than {format_local(plan.older_than)}",
            )
    table = Table(title=Text(title, style="bold"), title_justify="left")
    table.add_column(tr("Mapp", "Folder"))
    table.add_column(tr("Antal", "Count"), justify="right")
    table.add_column(tr("Äldsta", "Oldest"))
    table.add_column(tr("Nyaste", "Newest"))
    for folder in plan.folders:
        table.add_row(
            folder_name(folder.folder),
            str(folder.count),
            format_local(folder.oldest),
            format_local(folder.newest),
        )
    table.add_row(
        Text(tr("Totalt", "Total"), style="bold"),
        Text(str(plan.total), style="bold"),
        format_local(plan.oldest),
        format_local(plan.newest),
    )
    if plan.drafts:
        table.add_row(tr("Utkast (R17)", "Drafts (R17)"), str(plan.drafts), "", "")
    return table


def _done_line(result: PurgeResult) -> Text:
    text = Text(
        tr(
            f"✓ Rensat: {result.removed_items} meddelanden togs bort ur brevlådorna; "
            f"{result.deleted_messages} raderades helt ur databasen "
            f"({result.deleted_threads} trådar); {result.deleted_drafts} utkast raderades.",
            f"✓ Purged: {result.removed_items} messages removed from the mailboxes; "
            f"{result.deleted_messages} deleted from the database for good "
            f"({result.deleted_threads} threads); {result.deleted_drafts} drafts deleted.",
        ),
        style="green",
    )
    if result.checkpointed is False:
        text.append(
            tr(
                " Loggfilen (WAL) kunde inte tömmas nu; det sker vid nästa rensning.",
                " The write-ahead log could not be emptied now; the next purge does it.",
            ),
            style="yellow",
        )
    return text


@contextmanager
def progress_bar(show: bool, label: str) -> Iterator[ProgressHook | None]:
    """A Rich progress bar on stderr when a person is watching; nothing otherwise."""
    if not show:
        yield None
        return
    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err(),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=max(total, done) or None)

        yield update


def purge(
    ctx: typer.Context,
    mailbox: Annotated[
        str | None, typer.Option("--mailbox", help="Brevlådan (FBL) som ska rensas.")
    ] = None,
    all_folders: Annotated[
        bool, typer.Option("--all-folders", help="Alla mappar, papperskorgen medräknad.")
    ] = False,
    folder: Annotated[
        str | None, typer.Option("--folder", help="Bara denna mapp: inbox, sent, drafts, trash.")
    ] = None,
    older_than: Annotated[
        int | None,
        typer.Option("--older-than", metavar="DAGAR", help="Bara meddelanden äldre än så."),
    ] = None,
    expired: Annotated[
        bool,
        typer.Option(
            "--expired",
            help="Radera allt äldre än ett år i alla brevlådor (R17; daglig körning, support).",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Visa bara vad som skulle raderas.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Fråga inte före raderingen.")] = False,
    batch_size: Annotated[
        int | None,
        typer.Option(
            "--batch-size",
            min=1,
            max=20_000,
            help="Meddelanden per transaktion (standard: så många att låset hålls ≈0,1 s).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv JSON (för skript).")] = False,
) -> None:
    """Rensa en FBL:s mappar, eller radera allt äldre än ett år (R17)."""
    if expired and (mailbox or all_folders or folder or older_than is not None):
        usage_error(
            "--expired gäller alla brevlådor; det går inte att kombinera med --mailbox, "
            "--all-folders, --folder eller --older-than.",
            "--expired covers every mailbox; it cannot be combined with --mailbox, "
            "--all-folders, --folder or --older-than.",
        )
    if not expired and not mailbox:
        usage_error(
            "Ange vilken brevlåda som ska rensas (--mailbox FBL) eller --expired.",
            "Say which mailbox to purge (--mailbox FBL) or give --expired.",
        )
    with reporting():
        messenger = state(ctx).messenger()
        purger = messenger.purge
        if expired:
            plan = purger.plan_expired()
        else:
            assert mailbox is not None
            plan = purger.plan(
                mailbox, folder=folder, all_folders=all_folders, older_than_days=older_than
            )
    if dry_run:
        if as_json:
            print_json({"dry_run": True, **plan.to_json()})
        else:
            out().print(plan_table(plan))
            out().print(Text(tr("Provkörning: inget raderades.", "Dry run: nothing deleted.")))
        return
    if plan.total == 0 and plan.drafts == 0 and not expired and not purger.cleanup_pending():
        if as_json:
            print_json({"dry_run": False, **plan.to_json(), "removed_items": 0})
        else:
            out().print(Text(tr("Inget att rensa.", "Nothing to purge.")))
        return
    if not as_json:
        out().print(plan_table(plan))
    if (
        not yes
        and (plan.total or plan.drafts)
        and not ask_yes(
            f"Radera {plan.total} meddelanden och {plan.drafts} utkast för gott? Det går inte "
            "att ångra.",
            f"Delete {plan.total} messages and {plan.drafts} drafts for good? This cannot be "
            "undone.",
        )
    ):
        err().print(Text(tr("Avbrutet: inget raderades.", "Cancelled: nothing deleted.")))
        raise typer.Exit(EXIT_DECLINED)
    show = err().is_terminal and not as_json
    with reporting(), progress_bar(show, tr("Raderar", "Deleting")) as hook:
        if expired:
            result = purger.expired(batch_size=batch_size, on_progress=hook)
        else:
            assert mailbox is not None
            result = purger.purge(
                mailbox,
                folder=folder,
                all_folders=all_folders,
                older_than_days=older_than,
                batch_size=batch_size,
                on_progress=hook,
            )
    if as_json:
        print_json({"dry_run": False, **result.to_json()})
    else:
        out().print(_done_line(result))


def register(app: typer.Typer) -> None:
    """Add `fblmail purge` to the root app."""
    app.command("purge")(purge)

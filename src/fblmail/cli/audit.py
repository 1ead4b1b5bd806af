"""`fblmail audit ...`: reading the access log (support; a unit manager for the unit).

`fblmail audit [filters]` searches, `audit patient PNR` is the patient's extract,
`audit sample` and `audit review record|list` are the recurring follow-up, and
`audit verify` walks the hash chain (exit 0 intact, 1 broken). Every read is logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.box import SIMPLE_HEAD
from rich.table import Table
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.options import JsonOpt
from fblmail.cli.output import err, out, print_json, reporting, safe_line
from fblmail.clock import format_local
from fblmail.domain.safe_text import one_line
from fblmail.i18n import tr
from fblmail.present import short_box

if TYPE_CHECKING:
    from fblmail.service.audit.views import AuditRow, ReviewView

audit_app = typer.Typer(
    name="audit",
    help="Loggen över åtkomst till patientuppgifter: sök, utdrag, stickprov, kontroll.",
    invoke_without_command=True,
    rich_markup_mode=None,
)
review_app = typer.Typer(
    name="review",
    help="Uppföljning av stickprov: vem granskade vad och med vilket utfall.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
audit_app.add_typer(review_app)

WHEN_HELP = "ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DDTHH:MM, svensk tid"
FromOpt = Annotated[str | None, typer.Option("--from", help=f"Från och med ({WHEN_HELP}).")]
ToOpt = Annotated[str | None, typer.Option("--to", help=f"Till och med ({WHEN_HELP}).")]
SizeOpt = Annotated[int, typer.Option("--n", min=1, max=1000, help="Stickprovets storlek.")]
LastRowOpt = Annotated[
    int | None,
    typer.Option(
        "--last-row",
        metavar="ID",
        min=1,
        help="Dra bara bland rader till och med detta nummer (upprepar ett stickprov exakt).",
    ),
]


class Outcome(StrEnum):
    """The outcome of a review."""

    ok = "ok"
    follow_up = "follow-up"


def _person(row: AuditRow) -> Text:
    text = safe_line(row.actor)
    if row.actor_name:
        text = safe_line(row.actor_name, 40).append(" (").append_text(text).append(")")
    return text


def rows_table(rows: Iterable[AuditRow], *, flags: dict[int, str] | None = None) -> Table:
    """Log rows for people (nothing cut off); `flags` adds the sample's flag column."""
    table = Table(box=SIMPLE_HEAD, show_lines=True)
    headers = [
        tr("Nr, tid", "No., time"),
        tr("Person, enhet", "Person, unit"),
        tr("Åtgärd", "Action"),
        tr("Brevlåda", "Mailbox"),
        "Patient",
        tr("Detalj", "Detail"),
    ]
    if flags is not None:
        headers.append(tr("Flaggor", "Flags"))
    for header in headers:
        # A personnummer is never broken over two lines; everything else folds.
        table.add_column(header, overflow="fold", no_wrap=header == "Patient")
    for r in rows:
        action = safe_line(r.action)
        if r.outcome != "ok":
            action.append(f"\n{r.outcome}", style="bold red")
            if r.rule:
                action.append(f" {r.rule}", style="bold red")
        person = _person(r)
        if r.actor_unit:
            person.append("\n").append_text(safe_line(r.actor_unit, 40))
        cells: list[Text | str] = [
            f"{r.id}\n{format_local(r.at, seconds=True)}",
            person,
            action,
            safe_line(short_box(r.mailbox or ""), 60),
            r.patient or "",
            safe_line(r.detail or "", 80),
        ]
        if flags is not None:
            cells.append(flags.get(r.id, ""))
        table.add_row(*cells)
    return table


@audit_app.callback()
def search(
    ctx: typer.Context,
    patient: Annotated[
        str | None, typer.Option("--patient", metavar="PNR", help="Bara denna patient.")
    ] = None,
    user: Annotated[
        str | None, typer.Option("--user", metavar="LOGIN", help="Bara denna användare.")
    ] = None,
    mailbox: Annotated[
        str | None, typer.Option("--mailbox", metavar="FBL", help="Bara denna brevlåda.")
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help=f"Från ({WHEN_HELP}).")] = None,
    until: Annotated[
        str | None, typer.Option("--until", help=f"Till och med ({WHEN_HELP}).")
    ] = None,
    as_json: JsonOpt = False,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="Rader per sida.")] = 100,
    before: Annotated[
        int | None,
        typer.Option("--before", metavar="ID", help="Nästa sida: rader före detta nummer."),
    ] = None,
) -> None:
    """Vem gjorde vad med vilken patients meddelanden, när och från vilken enhet."""
    if ctx.invoked_subcommand is not None:
        return
    with reporting():
        page = (
            state(ctx)
            .messenger()
            .audit.search(
                patient=patient,
                user=user,
                mailbox=mailbox,
                since=since,
                until=until,
                limit=limit,
                before=before,
            )
        )
    if as_json:
        print_json(page.to_json())
        return
    if not page.rows:
        out().print(tr("Inga rader i loggen matchar.", "No log rows match."))
        return
    out().print(rows_table(page.rows))
    if page.next_before is not None:
        err().print(
            tr(
                f"Fler rader finns: lägg till --before {page.next_before}.",
                f"More rows: add --before {page.next_before}.",
            )
        )


@audit_app.command("patient")
def patient_extract(
    ctx: typer.Context,
    pnr: Annotated[str, typer.Argument(metavar="PNR", help="Patientens personnummer.")],
    as_json: JsonOpt = False,
) -> None:
    """Utdrag för en patient: tid, enhet och person för varje åtkomst (supportenheten)."""
    with reporting():
        extract = state(ctx).messenger().audit.patient_extract(pnr)
    if as_json:
        print_json(extract.to_json())
        return
    out().print(
        Text(
            tr(
                f"Utdrag ur åtkomstloggen för {extract.patient}, "
                f"{format_local(extract.produced_at)} ({extract.produced_by})",
                f"Access log extract for {extract.patient}, "
                f"{format_local(extract.produced_at)} ({extract.produced_by})",
            ),
            style="bold",
        )
    )
    table = Table(box=SIMPLE_HEAD)
    for header in (
        tr("Tid", "Time"),
        tr("Enhet", "Unit"),
        tr("Person", "Person"),
        tr("Åtgärd", "Action"),
        tr("Brevlåda", "Mailbox"),
    ):
        table.add_column(header)
    for r in extract.rows:
        person = safe_line(r.full_name, 40).append(f" ({r.login})") if r.full_name else r.login
        table.add_row(
            format_local(r.at),
            safe_line(r.unit, 40),
            person,
            safe_line(r.action),
            safe_line(r.mailbox or "", 50),
        )
    out().print(table)
    if not extract.rows:
        out().print(tr("Ingen åtkomst finns loggad.", "No access is logged."))


@audit_app.command("sample")
def sample(
    ctx: typer.Context,
    n: SizeOpt,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Fröet: samma frö ger samma urval.")],
    since: FromOpt = None,
    until: ToOpt = None,
    last_row: LastRowOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Ett reproducerbart stickprov: flaggade rader blandade med slumpade."""
    with reporting():
        drawn = (
            state(ctx)
            .messenger()
            .audit.sample(n=n, seed=seed, since=since, until=until, last_row=last_row)
        )
    if as_json:
        print_json(drawn.to_json())
        return
    out().print(
        tr(
            f"Stickprov: frö {drawn.seed}, {len(drawn.rows)} av {drawn.examined} rader "
            f"({drawn.flagged} flaggade; mycket aktivitet = över {drawn.volume_limit:.0f} rader "
            "per dag).",
            f"Sample: seed {drawn.seed}, {len(drawn.rows)} of {drawn.examined} rows "
            f"({drawn.flagged} flagged; high volume = over {drawn.volume_limit:.0f} rows "
            "a day).",
        )
    )
    flags = {s.row.id: ", ".join(s.flags) or tr("slump", "random") for s in drawn.rows}
    out().print(rows_table([s.row for s in drawn.rows], flags=flags))
    period = "".join(
        f" {flag} {value}" for flag, value in (("--from", since), ("--to", until)) if value
    )
    err().print(
        tr(
            "Registrera granskningen av just dessa rader med: fblmail audit review record "
            f"--sample-seed {drawn.seed} --n {drawn.size} --last-row {drawn.last_row_id}"
            f"{period} --outcome ok|follow-up --note ...",
            "Record the review of exactly these rows with: fblmail audit review record "
            f"--sample-seed {drawn.seed} --n {drawn.size} --last-row {drawn.last_row_id}"
            f"{period} --outcome ok|follow-up --note ...",
        )
    )


def _reviews_table(rows: Iterable[ReviewView]) -> Table:
    table = Table(box=SIMPLE_HEAD)
    for header in (
        "Nr",
        tr("Granskad", "Reviewed"),
        tr("Av", "By"),
        tr("Frö", "Seed"),
        "n",
        tr("Period", "Period"),
        tr("Utfall", "Outcome"),
        tr("Anteckning", "Note"),
    ):
        table.add_column(header)
    for r in rows:
        table.add_row(
            str(r.id),
            format_local(r.reviewed_at),
            safe_line(r.reviewer),
            str(r.seed),
            str(r.size),
            f"{format_local(r.period_from) or '…'} – "
            + (f"{tr('före', 'before')} {format_local(r.period_to)}" if r.period_to else "…"),
            r.outcome,
            safe_line(r.note, 60),
        )
    return table


@review_app.command("record")
def review_record(
    ctx: typer.Context,
    sample_seed: Annotated[
        int, typer.Option("--sample-seed", min=0, help="Stickprovets frö (som i `audit sample`).")
    ],
    n: SizeOpt,
    outcome: Annotated[Outcome, typer.Option("--outcome", help="ok eller follow-up.")],
    note: Annotated[str, typer.Option("--note", help="Vad som granskades / ska följas upp.")] = "",
    since: FromOpt = None,
    until: ToOpt = None,
    last_row: LastRowOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Registrera att ett stickprov är granskat, av vem och med vilket utfall."""
    with reporting():
        review = (
            state(ctx)
            .messenger()
            .audit.record_review(
                seed=sample_seed,
                n=n,
                outcome=outcome.value,
                note=note,
                since=since,
                until=until,
                last_row=last_row,
            )
        )
    if as_json:
        print_json(review.to_json())
        return
    out().print(Text(tr("Granskningen är registrerad.", "The review is recorded."), style="green"))
    out().print(_reviews_table([review]))


@review_app.command("list")
def review_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Registrerade granskningar, nyast först."""
    with reporting():
        reviews = state(ctx).messenger().audit.reviews()
    if as_json:
        print_json([r.to_json() for r in reviews])
    elif reviews:
        out().print(_reviews_table(reviews))
    else:
        out().print(tr("Inga granskningar registrerade.", "No reviews recorded."))


@audit_app.command("verify")
def verify(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Kontrollera loggens hashkedja; namnger första brutna rad (slutkod 1)."""
    with reporting():
        result = state(ctx).messenger().audit.verify()
    if as_json:
        print_json(result.to_json())
    elif result.intact:
        out().print(
            tr(
                f"Loggen är obruten: {result.checked} rader kontrollerade.",
                f"The log is intact: {result.checked} rows checked.",
            )
        )
    else:
        row = result.broken_row
        where = (
            f" ({format_local(row.at, seconds=True)}, {one_line(row.actor, 64)}, "
            f"{one_line(row.action, 40)})"
            if row
            else ""
        )
        message = Text(
            tr(
                f"Loggen är bruten vid rad {result.broken_row_id}{where}: {result.reason}. "
                "Kontakta support; loggen kan ha ändrats utanför programmet.",
                f"The log is broken at row {result.broken_row_id}{where}: {result.reason}. "
                "Contact support; the log may have been changed outside the program.",
            ),
            style="bold red",
        )
        err().print(message)
    if not result.intact:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `fblmail audit ...` to the root app."""
    app.add_typer(audit_app)

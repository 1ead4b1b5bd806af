"""`fblmail resolve`: the sender records that an overdue question was settled another way (R10)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.output import out, print_json, reporting, safe
from fblmail.clock import format_local
from fblmail.i18n import tr


def resolve(
    ctx: typer.Context,
    ref: Annotated[
        str, typer.Argument(metavar="ID", help="Meddelandets id (eller minst 6 tecken av början).")
    ],
    by: Annotated[
        str,
        typer.Option("--by", metavar="phone|other", help="Hur frågan löstes: phone eller other."),
    ],
    note: Annotated[
        str, typer.Option("--note", help="Kort anteckning: vem ni talade med, vad som gäller.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Skriv JSON (för skript).")] = False,
) -> None:
    """Markera en obesvarad fråga som löst på annat sätt, t.ex. per telefon (R10)."""
    with reporting():
        done = state(ctx).messenger().resolutions.resolve(ref, by, note)
    if as_json:
        print_json(done.to_json())
        return
    how = (
        tr("per telefon", "by phone")
        if done.resolved_how == "phone"
        else tr("på annat sätt", "another way")
    )
    line = Text(
        tr(
            f"✓ Frågan till {done.counterpart} ({done.patient}) är markerad som löst {how} av "
            f"{done.resolved_by} {format_local(done.resolved_at)}; den lämnar listorna över "
            "försenade svar.",
            f"✓ The question to {done.counterpart} ({done.patient}) is marked settled {how} by "
            f"{done.resolved_by} {format_local(done.resolved_at)}; it leaves the overdue lists.",
        ),
        style="green",
    )
    out().print(line)
    out().print(Text(tr("Anteckning: ", "Note: "), style="bold") + safe(done.note))


def register(app: typer.Typer) -> None:
    """Add `fblmail resolve` to the root app."""
    app.command("resolve")(resolve)

"""`fblmail take` and `fblmail release`: who in the FBL handles a question (issue 11)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.options import JsonOpt
from fblmail.cli.output import out, print_json, reporting
from fblmail.clock import format_local
from fblmail.i18n import tr

IdArg = Annotated[
    str, typer.Argument(metavar="ID", help="Meddelandets id (eller minst 6 tecken av början).")
]


def take(
    ctx: typer.Context,
    ref: IdArg,
    force: Annotated[
        bool,
        typer.Option("--force", help="Ta över en fråga som en kollega har tagit."),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Ta frågan ("Jag tar den"): FBL:ens lista visar att du hanterar den."""
    with reporting():
        done = state(ctx).messenger().handling.take(ref, take_over=force)
    if as_json:
        print_json(done.to_json())
        return
    text = tr(
        f"✓ Du hanterar frågan {done.message_id[:8]} i {done.mailbox} sedan "
        f"{format_local(done.taken_at)}.",
        f"✓ You handle the question {done.message_id[:8]} in {done.mailbox} since "
        f"{format_local(done.taken_at)}.",
    )
    if done.previous:
        text += tr(f" (övertagen från {done.previous})", f" (taken over from {done.previous})")
    out().print(Text(text, style="green"))


def release(ctx: typer.Context, ref: IdArg, as_json: JsonOpt = False) -> None:
    """Lämna tillbaka frågan till FBL:en (bara den som tagit den)."""
    with reporting():
        done = state(ctx).messenger().handling.release(ref)
    if as_json:
        print_json(done.to_json())
        return
    out().print(
        Text(
            tr(
                f"✓ Frågan {done.message_id[:8]} är tillbaka hos {done.mailbox}; ingen hanterar "
                "den nu.",
                f"✓ The question {done.message_id[:8]} is back with {done.mailbox}; nobody "
                "handles it now.",
            ),
            style="green",
        )
    )


def register(app: typer.Typer) -> None:
    """Add `fblmail take` and `fblmail release` to the root app."""
    app.command("take")(take)
    app.command("release")(release)

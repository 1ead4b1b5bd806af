"""`fblmail print ID` and `fblmail close ID`: printouts (R14, R16) and closing the case.

The routine prefers forwarding to a personal mailbox over printing (R14), so `print` says so
on stderr first. A printout is working material: closing the case asks for confirmation that
its printouts are destroyed (`--printouts-destroyed`), and is refused (R16) without it.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.options import JsonOpt
from fblmail.cli.output import err, out, print_json, reporting
from fblmail.clock import format_local
from fblmail.i18n import tr
from fblmail.present import PRINTOUT, count

IdArg = Annotated[
    str, typer.Argument(metavar="ID", help="Meddelandets id (eller minst 6 tecken av början).")
]


class Format(StrEnum):
    """Printout formats."""

    pdf = "pdf"
    text = "text"


def default_output(message_id: str, fmt: str, folder: Path | None = None) -> Path:
    """`arbetsunderlag-<id>.pdf` in the current folder, numbered if the name is taken."""
    from fblmail.service.messages.printout_files import free_printout_path

    return free_printout_path(message_id, fmt, folder or Path.cwd())


def print_message(
    ctx: typer.Context,
    message_id: IdArg,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Ny fil att skriva till (text utan --output skrivs till skärmen).",
        ),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="pdf (standard) eller text.")
    ] = Format.pdf,
    as_json: JsonOpt = False,
) -> None:
    """Skriv ut ett meddelande med hela tråden; varje sida märks som arbetsunderlag."""
    from fblmail.printing.document import REMINDER_EN, REMINDER_SV

    err().print(Text(tr(REMINDER_SV, REMINDER_EN), style="yellow"))
    target = output
    if target is None and (fmt is Format.pdf or as_json):
        target = default_output(message_id, fmt.value)
    with reporting():
        result = (
            state(ctx).messenger().printing.print_message(message_id, fmt=fmt.value, output=target)
        )
    if as_json:
        print_json(result.to_json())
        return
    if result.path is None:
        sys.stdout.write(result.content.decode("utf-8"))
        sys.stdout.flush()
    else:
        out().print(
            tr(
                f"Utskrift nr {result.printout_id} sparad i {result.path} ({result.pages} sidor).",
                f"Printout no. {result.printout_id} saved as {result.path} ({result.pages} pages).",
            )
        )
    err().print(
        tr(
            "Förstör utskriften när ärendet är avslutat och bekräfta det med "
            f"`fblmail close {message_id[:8]} --printouts-destroyed`.",
            "Destroy the printout when the case is closed and confirm it with "
            f"`fblmail close {message_id[:8]} --printouts-destroyed`.",
        )
    )


def close_case(
    ctx: typer.Context,
    message_id: IdArg,
    printouts_destroyed: Annotated[
        bool,
        typer.Option(
            "--printouts-destroyed",
            help="Bekräfta att ärendets utskrifter är förstörda (R16).",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Avsluta ärendet (tråden); utskrifter måste vara förstörda (R16)."""
    with reporting():
        result = (
            state(ctx)
            .messenger()
            .printing.close_thread(message_id, printouts_destroyed=printouts_destroyed)
        )
    if as_json:
        print_json(
            {
                "thread_id": result.thread_id,
                "message_id": result.message_id,
                "closed_at": result.closed_at.isoformat(),
                "already_closed": result.already_closed,
                "printouts_destroyed": result.printouts_destroyed,
            }
        )
        return
    if result.already_closed:
        text = tr(
            f"Ärendet var redan avslutat ({format_local(result.closed_at)}).",
            f"The case was already closed ({format_local(result.closed_at)}).",
        )
    else:
        text = tr("Ärendet är avslutat.", "The case is closed.")
    if result.printouts_destroyed:
        destroyed = result.printouts_destroyed
        # The Swedish participle agrees with the count: "1 utskrift bekräftad förstörd".
        done = "bekräftad förstörd" if destroyed == 1 else "bekräftade förstörda"
        text += f" {count(destroyed, PRINTOUT)} " + tr(f"{done}.", "confirmed destroyed.")
    out().print(text)


def register(app: typer.Typer) -> None:
    """Add `fblmail print` and `fblmail close` to the root app."""
    app.command("print")(print_message)
    app.command("close")(close_case)

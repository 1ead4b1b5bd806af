"""`fblmail admin ...`: the administration the routine needs to run (support unit).

`admin_app` is module level on purpose: other command modules register more `admin`
sub-commands onto it (e.g. `admin accounts`, `admin mailbox close`) from their own module.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.options import JsonOpt
from fblmail.cli.output import EXIT_USAGE, err, out, print_json, reporting, safe_line, usage_error
from fblmail.i18n import language, tr
from fblmail.present import INVALID_LINE, count

if TYPE_CHECKING:
    from fblmail.service.views import AccountView

admin_app = typer.Typer(
    name="admin",
    help="Administration för supportenheten: konton, behörigheter, registret (R3).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
account_app = typer.Typer(
    name="account", help="Konton.", no_args_is_help=True, rich_markup_mode=None
)
member_app = typer.Typer(
    name="member",
    help="Behörighet till funktionsbrevlådor.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
coordination_app = typer.Typer(
    name="coordination",
    help="Registret över patienter med pågående samordningsärende (R3).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
admin_app.add_typer(account_app)
admin_app.add_typer(member_app)
admin_app.add_typer(coordination_app)

LoginArg = Annotated[str, typer.Argument(metavar="LOGIN", help="Inloggningen (datorns).")]
FblArg = Annotated[str, typer.Argument(metavar="FBL", help="Funktionsbrevlådan (namn eller kod).")]


def _account_json(account: AccountView) -> dict[str, object]:
    data = asdict(account)
    data["mailboxes"] = list(account.mailboxes)
    data["last_active_at"] = account.last_active_at.isoformat() if account.last_active_at else None
    return data


def _show_account(verb: str, account: AccountView, as_json: bool) -> None:
    from fblmail.cli.render import account_detail

    if as_json:
        print_json(_account_json(account))
        return
    out().print(Text(verb, style="bold green"))
    out().print(account_detail(account))


@account_app.command("add")
def account_add(
    ctx: typer.Context,
    login: LoginArg,
    name: Annotated[str, typer.Option("--name", help="För- och efternamn.")],
    org: Annotated[str, typer.Option("--org", help="Enheten (kod eller namn), eller support.")],
    title: Annotated[str, typer.Option("--title", help="Yrkestitel.")] = "",
    role: Annotated[str, typer.Option("--role", help="staff, manager eller support.")] = "staff",
    mailbox: Annotated[
        list[str] | None,
        typer.Option("--mailbox", metavar="FBL", help="Behörighet till denna FBL (flera går)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Skapa ett konto med personlig brevlåda och behörighet till FBL."""
    with reporting():
        account = (
            state(ctx)
            .messenger()
            .admin.add_account(
                login,
                full_name=name,
                organisation=org,
                title=title,
                role=role,
                mailboxes=mailbox or (),
            )
        )
    _show_account(tr("Kontot skapat.", "Account created."), account, as_json)


@member_app.command("add")
def member_add(ctx: typer.Context, login: LoginArg, fbl: FblArg, as_json: JsonOpt = False) -> None:
    """Ge ett konto behörighet till en FBL."""
    with reporting():
        account = state(ctx).messenger().admin.add_member(login, fbl)
    _show_account(tr("Behörighet given.", "Access granted."), account, as_json)


@member_app.command("remove")
def member_remove(
    ctx: typer.Context, login: LoginArg, fbl: FblArg, as_json: JsonOpt = False
) -> None:
    """Ta bort ett kontos behörighet till en FBL (gäller direkt)."""
    with reporting():
        account = state(ctx).messenger().admin.remove_member(login, fbl)
    _show_account(tr("Behörighet borttagen.", "Access removed."), account, as_json)


def read_register(text: str) -> list[str]:
    """The personnummer in a register file: one a line, `#` starts a comment.

    Every malformed line is reported with its line number (exit 2) before anything is
    stored; the service layer validates again (R2) when it stores the register.
    """
    from fblmail.clock import to_local, utc_now
    from fblmail.domain.personnummer import InvalidPatientId, parse_patient_id

    today = to_local(utc_now()).date()
    values: list[str] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        value = raw.split("#", 1)[0].strip()
        if not value:
            continue
        try:
            parse_patient_id(value, today)
        except InvalidPatientId as exc:
            reason = exc.reason_en if language() == "en" else exc.reason_sv
            problems.append(
                tr(f"rad {number}: {value}: {reason}", f"line {number}: {value}: {reason}")
            )
            continue
        values.append(value)
    if problems:
        console = err()
        console.print(
            Text(
                tr(
                    f"Fel: registerfilen har {count(len(problems), INVALID_LINE)}; "
                    "inget lästes in.",
                    f"Error: the register file has {count(len(problems), INVALID_LINE)}; "
                    "nothing was imported.",
                ),
                style="bold red",
            )
        )
        for problem in problems:
            console.print(Text("  ").append_text(safe_line(problem)))
        raise typer.Exit(EXIT_USAGE)
    return values


@coordination_app.command("import")
def coordination_import(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="Ett person- eller samordningsnummer per rad; # kommentar; - = stdin.",
        ),
    ],
) -> None:
    """Ersätt registret över patienter med pågående samordningsärende (R3)."""
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text("utf-8")
    except UnicodeDecodeError:
        usage_error(f"Filen {file} är inte UTF-8-text.", f"The file {file} is not UTF-8 text.")
    except OSError as exc:
        usage_error(
            f"Filen {file} går inte att läsa: {exc.strerror or exc}.",
            f"The file {file} cannot be read: {exc.strerror or exc}.",
        )
    patients = read_register(text)
    with reporting():
        count = state(ctx).messenger().admin.import_coordination_register(patients)
    out().print(
        tr(
            f"Registret inläst: {count} patienter med pågående samordningsärende. Meddelanden "
            "om dem stoppas (använd Cosmic Link).",
            f"Register imported: {count} patients with an ongoing coordination case. Messages "
            "about them are refused (use Cosmic Link).",
        )
    )


def register(app: typer.Typer) -> None:
    """Add `fblmail admin ...` to the root app."""
    app.add_typer(admin_app)

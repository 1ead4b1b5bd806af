"""`fblmail access ...`: the R18 form (new permission / end of permission) and its decisions.

Anyone files (`request new|end`), also a login without an account; support lists, approves
and rejects. The role checks are in the service layer.
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
from fblmail.cli.output import out, print_json, reporting, safe_line
from fblmail.clock import format_local
from fblmail.i18n import tr

if TYPE_CHECKING:
    from fblmail.service.admin.access_views import AccessRequestView

access_app = typer.Typer(
    name="access",
    help="Ansökan om behörighet (ny behörighet / avslutad behörighet, R18).",
    no_args_is_help=True,
    rich_markup_mode=None,
)

IdArg = Annotated[int, typer.Argument(metavar="ID", help="Ansökans nummer (se `access list`).")]


class Kind(StrEnum):
    """What the request is for."""

    new = "new"
    end = "end"


class Status(StrEnum):
    """Which requests to list."""

    pending = "pending"
    approved = "approved"
    rejected = "rejected"
    all = "all"


_KIND_LABEL = {"new": ("ny", "new"), "end": ("avsluta", "end")}
_STATUS_LABEL = {
    "pending": ("väntar", "pending"),
    "approved": ("godkänd", "approved"),
    "rejected": ("avslagen", "rejected"),
}


def _label(table: dict[str, tuple[str, str]], key: str) -> str:
    sv, en = table.get(key, (key, key))
    return tr(sv, en)


def requests_table(rows: Iterable[AccessRequestView]) -> Table:
    """Requests for people: one row each, user text as data, nothing cut off."""
    table = Table(box=SIMPLE_HEAD, show_lines=True)
    for header in (
        tr("Nr, typ", "No., kind"),
        tr("Person", "Person"),
        "FBL",
        tr("Skäl", "Reason"),
        tr("Inlämnad", "Filed"),
        "Status",
    ):
        table.add_column(header, overflow="fold")
    for r in rows:
        status = Text(_label(_STATUS_LABEL, r.status))
        if r.decided_by:
            status.append(f"\n{r.decided_by} {format_local(r.decided_at)}", style="dim")
        if r.decision_reason:
            status.append("\n").append_text(safe_line(r.decision_reason, 60))
        person = safe_line(r.login)
        for extra in (r.full_name, r.organisation):
            if extra:
                person.append("\n").append_text(safe_line(extra, 40))
        table.add_row(
            f"{r.id}\n{_label(_KIND_LABEL, r.kind)}",
            person,
            Text("\n").join(safe_line(m, 60) for m in r.mailboxes)
            if r.mailboxes
            else Text(tr("(hela kontot)", "(whole account)") if r.kind == "end" else ""),
            safe_line(r.reason, 60),
            Text(f"{format_local(r.filed_at)}\n").append_text(safe_line(r.filed_by)),
            status,
        )
    return table


def _show(verb: str, row: AccessRequestView, as_json: bool) -> None:
    if as_json:
        print_json(row.to_json())
        return
    out().print(Text(verb, style="bold green"))
    out().print(requests_table([row]))


@access_app.command("request")
def request(
    ctx: typer.Context,
    kind: Annotated[Kind, typer.Argument(help="new = ny behörighet, end = avsluta behörighet.")],
    reason: Annotated[str, typer.Option("--reason", help="Skälet (t.ex. ny tjänst).")],
    mailbox: Annotated[
        list[str] | None,
        typer.Option(
            "--mailbox",
            metavar="FBL",
            help="FBL som ansökan gäller (flera går). Vid end utan --mailbox avslutas kontot.",
        ),
    ] = None,
    for_login: Annotated[
        str | None,
        typer.Option("--for", metavar="LOGIN", help="Ansök åt en medarbetare (chef/support)."),
    ] = None,
    name: Annotated[str, typer.Option("--name", help="Fullständigt namn (nytt konto).")] = "",
    org: Annotated[str, typer.Option("--org", help="Enheten, kod eller namn (nytt konto).")] = "",
    title: Annotated[str, typer.Option("--title", help="Yrkestitel (nytt konto).")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Lämna in en ansökan om ny eller avslutad behörighet (R18)."""
    with reporting():
        row = (
            state(ctx)
            .messenger()
            .access.request(
                kind.value,
                reason=reason,
                mailboxes=mailbox or (),
                for_login=for_login,
                full_name=name,
                organisation=org,
                title=title,
            )
        )
    _show(
        tr(
            f"Ansökan nr {row.id} är inlämnad; supportenheten beslutar.",
            f"Request no. {row.id} has been filed; the support unit decides.",
        ),
        row,
        as_json,
    )


@access_app.command("list")
def list_requests(
    ctx: typer.Context,
    status: Annotated[
        Status, typer.Option("--status", help="pending, approved, rejected eller all.")
    ] = Status.pending,
    as_json: JsonOpt = False,
) -> None:
    """Lista ansökningar (supportenheten)."""
    with reporting():
        rows = state(ctx).messenger().access.list_requests(status.value)
    if as_json:
        print_json([r.to_json() for r in rows])
    elif rows:
        out().print(requests_table(rows))
    else:
        out().print(tr("Inga ansökningar.", "No requests."))


@access_app.command("approve")
def approve(ctx: typer.Context, request_id: IdArg, as_json: JsonOpt = False) -> None:
    """Godkänn en ansökan: kontot skapas eller avslutas direkt."""
    with reporting():
        row = state(ctx).messenger().access.approve(request_id)
    verb = (
        tr("Godkänd: kontot och behörigheterna är skapade.", "Approved: account and access set up.")
        if row.kind == "new"
        else tr("Godkänd: behörigheten är avslutad direkt.", "Approved: access ended at once.")
    )
    _show(verb, row, as_json)


@access_app.command("reject")
def reject(
    ctx: typer.Context,
    request_id: IdArg,
    reason: Annotated[str, typer.Option("--reason", help="Varför ansökan avslås.")],
    as_json: JsonOpt = False,
) -> None:
    """Avslå en ansökan med en motivering."""
    with reporting():
        row = state(ctx).messenger().access.reject(request_id, reason)
    _show(tr("Avslagen.", "Rejected."), row, as_json)


def register(app: typer.Typer) -> None:
    """Add `fblmail access ...` to the root app."""
    app.add_typer(access_app)

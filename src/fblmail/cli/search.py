"""`fblmail search`, and what the read commands share: opening the light read path and
turning `list`'s order and filter options into the app's `ListOrder` and `ListFilter`.

The read commands (`list`, `show`, `thread`, `search`) go through `service/mailboxes/inbox_reads.py`
on the DB-API query layer: they import neither SQLAlchemy, SQLModel nor Alembic, so they
answer in a fraction of the time the ORM's import alone takes. Like the other command
modules this one imports the service inside its commands, so `fblmail --help` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.options import JsonOpt
from fblmail.cli.output import out, print_json, reporting, usage_error
from fblmail.clock import utc_now
from fblmail.i18n import tr

if TYPE_CHECKING:
    from fblmail.service.mailboxes.inbox_reads import Reads
    from fblmail.service.messages.send_unit import Sends
    from fblmail.store.query.listing import ListFilter, ListOrder



def _warn_if_shared(ctx: typer.Context) -> None:
    """The warning `state(ctx).messenger()` gives about an SQLite store others may read."""
    from pathlib import Path

    from fblmail.cli.output import warn
    from fblmail.store.files import shared_store_warning
    from fblmail.store.query.connection import parse_target

    target = parse_target(state(ctx).settings.database_url)
    if target.sqlite and Path(target.location).exists():
        words = shared_store_warning(Path(target.location))
        if words is not None:
            warn(*words)


def open_reads(ctx: typer.Context) -> Reads:
    """The read commands' use cases over the light query layer (no SQLAlchemy import):
    the same identity decision, schema check and store warnings as `state(ctx).messenger()`."""
    from fblmail.service.mailboxes.inbox_reads import Reads

    _warn_if_shared(ctx)
    reads = Reads.for_settings(state(ctx).settings)
    ctx.call_on_close(reads.close)
    return reads


def open_sends(ctx: typer.Context) -> Sends:
    """`fblmail send`'s use case over the light query layer, opened as `open_reads` is."""
    from fblmail.service.messages.send_unit import Sends

    _warn_if_shared(ctx)
    sends = Sends.for_settings(state(ctx).settings)
    ctx.call_on_close(sends.close)
    return sends


def list_filter(
    unread: bool, waiting: str | None, category: str | None, threads: bool
) -> ListFilter:
    """The app's `ListFilter` from `list`'s options; a wrong word is a usage error."""
    from fblmail.domain.categories import UnknownCategory, parse_category
    from fblmail.store.query.listing import ListFilter, Waiting

    wait = Waiting.ANY
    if waiting is not None:
        try:
            wait = Waiting(waiting.strip().lower())
        except ValueError:
            usage_error(
                "--waiting tar us (väntar på vårt svar) eller them (väntar på deras svar).",
                "--waiting takes us (waiting for our answer) or them (waiting for theirs).",
            )
    named = ""
    if category is not None:
        try:
            named = str(parse_category(category))
        except UnknownCategory as exc:
            usage_error(exc.reason_sv, exc.reason_en)
    return ListFilter(unread=unread, waiting=wait, category=named, threads=threads)


def list_order(order: str) -> ListOrder:
    """`--order` as a `ListOrder`; a wrong word is a usage error."""
    from fblmail.store.query.listing import ListOrder

    try:
        return ListOrder(order.strip().lower())
    except ValueError:
        usage_error(
            "--order tar urgent, newest eller oldest.", "--order takes urgent, newest or oldest."
        )


def search(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help="Ord i ämne, text eller patient: hela ord, ord* för början av ett ord, "
            "eller ett personnummer. Alla måste finnas.",
        ),
    ],
    as_json: JsonOpt = False,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=500, help="Högst så många träffar.")
    ] = 50,
) -> None:
    """Sök i dina brevlådor, nyast först (sökningen loggas)."""
    from fblmail.cli.render import legend, messages_table

    with reporting():
        found = open_reads(ctx).search(query, limit=limit)
    if as_json:
        print_json([item.to_json() for item in found])
    elif found:
        title = Text(tr("Sökträffar", "Search hits"))
        if len(found) >= limit:
            title.append(tr(f" (minst {limit})", f" (at least {limit})"))
        console = out()
        table = messages_table(found, utc_now(), title, "trash", width=console.width)
        console.print(table)
        console.print(legend())
    else:
        out().print(tr("Inga träffar.", "No hits."))


def register(app: typer.Typer) -> None:
    """Add `search` to the root app."""
    app.command("search")(search)

"""Message commands: send, list, show, thread, reply, forward, delete, restore, move.

Every rule is checked by the service layer; these commands only turn options into calls and
results into tables (people) or JSON (scripts). The service layer is imported inside the
commands so that `fblmail --help` stays fast; `list`, `show`, `thread` (and `search`) read
through the DB-API query layer (`service/mailboxes/inbox_reads.py`), never SQLAlchemy.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.rule import Rule
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.options import JsonOpt
from fblmail.cli.output import err, out, print_json, reporting, safe_line, usage_error
from fblmail.cli.render import (
    done_line,
    drafts_table,
    legend,
    message_detail,
    messages_table,
)
from fblmail.cli.search import list_filter, list_order, open_reads, open_sends
from fblmail.clock import utc_now
from fblmail.domain.safe_text import one_line
from fblmail.i18n import tr
from fblmail.present import folder_name

if TYPE_CHECKING:
    from fblmail.service.views import DraftView, MessageSummary

IdArg = Annotated[
    str, typer.Argument(metavar="ID", help="Meddelandets id (eller minst 6 tecken av början).")
]
MailboxOpt = Annotated[
    str | None,
    typer.Option(
        "--mailbox", help="Brevlådan (FBL, namn eller kod) som meddelandet ligger i, om flera."
    ),
]
BodyOpt = Annotated[str | None, typer.Option("--body", help="Meddelandets text.")]
BodyFileOpt = Annotated[
    str | None,
    typer.Option("--body-file", metavar="PATH|-", help="Läs texten från en fil (- = stdin)."),
]
NotAcuteOpt = Annotated[
    bool,
    typer.Option("--not-acute", help="Bekräfta att ärendet inte är akut (R9): akut = ring."),
]
JournalNoteOpt = Annotated[
    str | None,
    typer.Option("--journal-note", metavar="REF", help="Länk till journalanteckning (R12)."),
]
JournalTitleOpt = Annotated[
    str | None, typer.Option("--journal-title", help="Journalanteckningens rubrik (R12).")
]


def _read_body(body: str | None, body_file: str | None) -> str:
    """Exactly one of --body and --body-file; `-` reads standard input (UTF-8)."""
    if (body is None) == (body_file is None):
        usage_error(
            "Ange texten med antingen --body eller --body-file (inte båda).",
            "Give the text with either --body or --body-file (not both).",
        )
    if body is not None:
        return body
    assert body_file is not None
    try:
        if body_file == "-":
            return sys.stdin.read()
        return Path(body_file).read_text("utf-8")
    except UnicodeDecodeError:
        usage_error(
            f"Filen {body_file} är inte UTF-8-text. Spara den som UTF-8 och försök igen.",
            f"The file {body_file} is not UTF-8 text. Save it as UTF-8 and try again.",
        )
    except OSError as exc:
        usage_error(
            f"Filen {body_file} går inte att läsa: {exc.strerror or exc}.",
            f"The file {body_file} cannot be read: {exc.strerror or exc}.",
        )


def _done(verb: str, summary: MessageSummary, as_json: bool) -> None:

    if as_json:
        print_json(summary.to_json())
    else:
        out().print(done_line(verb, summary, utc_now()))


def send(
    ctx: typer.Context,
    from_fbl: Annotated[str, typer.Option("--from", help="Avsändande FBL (namn eller kod).")],
    to_fbl: Annotated[str, typer.Option("--to", help="Mottagande FBL (namn eller kod).")],
    category: Annotated[str, typer.Option("--category", help="Kategori enligt R8.")],
    patient: Annotated[
        str, typer.Option("--patient", help="Patientens person- eller samordningsnummer.")
    ],
    subject: Annotated[str, typer.Option("--subject", help="Frågan eller syftet (R6).")],
    body: BodyOpt = None,
    body_file: BodyFileOpt = None,
    journal_note: JournalNoteOpt = None,
    journal_title: JournalTitleOpt = None,
    fyi_no_risk: Annotated[
        bool,
        typer.Option(
            "--fyi-no-risk",
            help="För kännedom: bekräfta att det inte är en risk om det aldrig läses (R7).",
        ),
    ] = False,
    no_coordination_case: Annotated[
        bool,
        typer.Option(
            "--no-coordination-case",
            help="Bekräfta att patienten inte har pågående samordningsärende (R3).",
        ),
    ] = False,
    not_acute: NotAcuteOpt = False,
    message_id: Annotated[
        str | None,
        typer.Option("--id", metavar="UUID", help="Eget id: samma id två gånger sparas en gång."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Skicka ett nytt meddelande från en FBL till en annan."""
    from fblmail.service.messages.outgoing import Outgoing

    text = _read_body(body, body_file)
    with reporting():
        # The DB-API send (no SQLAlchemy import): the same use case `Messaging.send` runs.
        summary = open_sends(ctx).send(
            Outgoing(
                from_fbl=from_fbl,
                to_fbl=to_fbl,
                category=category,
                patient=patient,
                subject=subject,
                body=text,
                journal_note=journal_note,
                journal_title=journal_title,
                fyi_no_risk=fyi_no_risk,
                no_coordination_case=no_coordination_case,
                not_acute=not_acute,
                message_id=message_id,
            )
        )
    _done(tr("Skickat", "Sent"), summary, as_json)


def _draft_json(d: DraftView) -> dict[str, object]:
    """Drafts in the list keys (null where a draft has no value) plus their own."""
    return {
        "id": d.id,
        "thread_id": None,
        "category": d.category,
        "patient": d.patient,
        "subject": d.subject,
        "from": d.from_address,
        "to": d.to_address,
        "sent_at": None,
        "due_at": None,
        "answered_at": None,
        "overdue": False,
        "read": True,
        "folder": "drafts",
        "updated_at": d.updated_at.isoformat(),
        "reply_to_id": d.reply_to_id,
        "forward_of_id": d.forward_of_id,
        "forward_to": d.forward_to_login or None,
    }


OrderOpt = Annotated[
    str,
    typer.Option(
        "--order",
        metavar="urgent|newest|oldest",
        help="Ordning: urgent (väntar på vårt svar först, efter svarstid; sedan nyast), "
        "newest (standard) eller oldest.",
    ),
]


def list_messages(
    ctx: typer.Context,
    mailbox: Annotated[
        str | None, typer.Option("--mailbox", help="Bara denna FBL (standard: alla dina).")
    ] = None,
    folder: Annotated[
        str, typer.Option("--folder", help="inbox, sent, drafts eller trash.")
    ] = "inbox",
    unread: Annotated[bool, typer.Option("--unread", help="Bara olästa.")] = False,
    as_json: JsonOpt = False,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=500, help="Högst så många per sida.")
    ] = 50,
    cursor: Annotated[
        str | None, typer.Option("--cursor", help="Nästa sida (markören från förra sidan).")
    ] = None,
    order: OrderOpt = "newest",
    waiting: Annotated[
        str | None,
        typer.Option(
            "--waiting",
            metavar="us|them",
            help="Bara frågor som väntar på svar: us (vårt svar) eller them (deras).",
        ),
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="Bara denna kategori (R8).")
    ] = None,
    threads: Annotated[
        bool,
        typer.Option("--threads", help="En rad per konversation (dess nyaste meddelande)."),
    ] = False,
) -> None:
    """Lista meddelanden, nyast först, med svarstid (R10)."""

    with reporting():
        if folder.strip().lower() == "drafts":
            drafts = state(ctx).messenger().drafts.list()[:limit]
            if as_json:
                print_json([_draft_json(d) for d in drafts])
            elif drafts:
                out().print(drafts_table(drafts))
            else:
                out().print(tr("Inga utkast.", "No drafts."))
            return
        wanted_order = list_order(order)
        flt = list_filter(unread, waiting, category, threads)
        page = open_reads(ctx).list_messages(
            mailbox, folder=folder, order=wanted_order, filter=flt, limit=limit, cursor=cursor
        )
    if as_json:
        print_json([item.to_json() for item in page.items])
    elif page.items:
        title = (
            safe_line(mailbox) if mailbox else Text(tr("Alla dina brevlådor", "All your mailboxes"))
        )
        title.append(f" · {folder_name(folder.strip().lower())}")
        console = out()
        table = messages_table(
            page.items, utc_now(), title, folder.strip().lower(), width=console.width
        )
        console.print(table)
        console.print(legend())
    else:
        out().print(tr("Inga meddelanden.", "No messages."))
    if page.next_cursor and as_json:
        # stdout stays the JSON list (its shape is a contract); the cursor goes to stderr as
        # one JSON line a script can read: {"next_cursor": "..."}.
        sys.stderr.write(json.dumps({"next_cursor": page.next_cursor}) + "\n")
    elif page.next_cursor:
        hint = Text(tr("Fler finns: ", "More: "), style="dim")
        hint.append(f"--cursor '{page.next_cursor}'")
        err().print(hint)


def show(
    ctx: typer.Context,
    ref: IdArg,
    as_json: JsonOpt = False,
    mailbox: MailboxOpt = None,
) -> None:
    """Visa ett meddelande (markeras som läst och loggas)."""

    with reporting():
        detail = open_reads(ctx).show(ref, mailbox=mailbox)
    if as_json:
        print_json(detail.to_json())
    else:
        out().print(message_detail(detail, utc_now()))


def thread(ctx: typer.Context, ref: IdArg, as_json: JsonOpt = False) -> None:
    """Visa hela konversationen som meddelandet hör till, äldst först."""

    with reporting():
        details = open_reads(ctx).thread(ref)
    if as_json:
        print_json([d.to_json() for d in details])
        return
    now = utc_now()
    for number, detail in enumerate(details, 1):
        out().print(Rule(f"{number}/{len(details)}", style="cyan"))
        out().print(message_detail(detail, now))


def reply(
    ctx: typer.Context,
    ref: IdArg,
    body: BodyOpt = None,
    body_file: BodyFileOpt = None,
    subject: Annotated[
        str | None, typer.Option("--subject", help="Ämne (standard: Sv: + ursprungligt).")
    ] = None,
    not_acute: NotAcuteOpt = False,
    journal_note: JournalNoteOpt = None,
    journal_title: JournalTitleOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Svara i tråden från din FBL; ett svar stoppar svarstiden (R10)."""
    text = _read_body(body, body_file)
    with reporting():
        summary = (
            state(ctx)
            .messenger()
            .messaging.reply(
                ref,
                text,
                subject=subject,
                not_acute=not_acute,
                journal_note=journal_note,
                journal_title=journal_title,
            )
        )
    _done(tr("Svar skickat", "Reply sent"), summary, as_json)


def forward(
    ctx: typer.Context,
    ref: IdArg,
    to: Annotated[str, typer.Option("--to", metavar="LOGIN", help="Personen (inloggning).")],
    recipient_informed: Annotated[
        bool,
        typer.Option(
            "--recipient-informed",
            help="Bekräfta att personen vet att meddelandet kommer (R13).",
        ),
    ] = False,
    note: Annotated[str | None, typer.Option("--note", help="Kort kommentar.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Vidarebefordra till en namngiven person i din organisation (R13, R14)."""
    with reporting():
        summary = (
            state(ctx)
            .messenger()
            .messaging.forward(ref, to, recipient_informed=recipient_informed, note=note)
        )
    who = one_line(to, 64)
    _done(tr(f"Vidarebefordrat till {who}", f"Forwarded to {who}"), summary, as_json)


def delete(
    ctx: typer.Context, ref: IdArg, mailbox: MailboxOpt = None, as_json: JsonOpt = False
) -> None:
    """Flytta ett meddelande till papperskorgen (restore tar tillbaka det)."""
    with reporting():
        summary = state(ctx).messenger().folders.delete(ref, mailbox=mailbox)
    _done(tr("Flyttat till papperskorgen", "Moved to the trash"), summary, as_json)


def restore(
    ctx: typer.Context, ref: IdArg, mailbox: MailboxOpt = None, as_json: JsonOpt = False
) -> None:
    """Ta tillbaka ett meddelande från papperskorgen."""
    with reporting():
        summary = state(ctx).messenger().folders.restore(ref, mailbox=mailbox)
    where = folder_name(summary.folder)
    _done(tr(f"Återställt till {where}", f"Restored to {where}"), summary, as_json)


def move(
    ctx: typer.Context,
    ref: IdArg,
    folder: Annotated[str, typer.Option("--folder", help="inbox, sent eller trash.")],
    mailbox: MailboxOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Flytta ett meddelande till en annan mapp."""
    with reporting():
        summary = state(ctx).messenger().folders.move(ref, folder, mailbox=mailbox)
    where = folder_name(summary.folder)
    _done(tr(f"Flyttat till {where}", f"Moved to {where}"), summary, as_json)


def register(app: typer.Typer) -> None:
    """Add the message commands to the root app."""
    app.command("send")(send)
    app.command("list")(list_messages)
    app.command("show")(show)
    app.command("thread")(thread)
    app.command("reply")(reply)
    app.command("forward")(forward)
    app.command("delete")(delete)
    app.command("restore")(restore)
    app.command("move")(move)

"""`fblmail check` (the morning and afternoon check, R4) and `fblmail check history`.

Exit codes of `check`: 0 nothing needs action, 1 something does, 2 usage error (and the
usual 4 for an FBL that is not the user's, 5 for a store that cannot be used).
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from fblmail.cli.context import state
from fblmail.cli.options import JsonOpt
from fblmail.cli.output import out, print_json, reporting, safe_line
from fblmail.cli.render import when
from fblmail.clock import format_local
from fblmail.i18n import tr
from fblmail.present import (
    PRINTOUT,
    UNREAD,
    count,
    deadline_mark,
    folder_name,
    more,
    shift_label,
    short_box,
)
from fblmail.present.check import (
    STYLES,
    THREAD_SECTIONS,
    Fact,
    action_names,
    closing_facts,
    folders_fact,
    phone_words,
    section_title,
    shift_labels,
    unread_fact,
)

if TYPE_CHECKING:
    from fblmail.service.duty.check_report import CheckReport, MailboxCheck
    from fblmail.store.query.check import Findings, MessageFinding, ThreadFinding

EXIT_ACTION = 1

check_app = typer.Typer(
    name="check",
    help="Dagens kontroll av enhetens funktionsbrevlåda, förmiddag och eftermiddag (R4).",
    invoke_without_command=True,
    rich_markup_mode=None,
)



def ask_yes(sv: str, en: str) -> bool:
    """Ask a yes/no question on the terminal; anything but j/ja/y/yes (or no input) is no."""
    try:
        answer = typer.prompt(f"{tr(sv, en)} [{tr('j/N', 'y/N')}]", default="", show_default=False)
    except typer.Abort:  # end of input (a script without --yes) or Ctrl-C: that is a no
        return False
    return str(answer).strip().lower() in ("j", "ja", "y", "yes")


# -- rendering ------------------------------------------------------------------------------


# Columns never split over two lines: a personnummer or an id cut at 80 columns is misread.
_WHOLE = frozenset({"Id", "Patient"})


def _table(*headers: str) -> Table:
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for header in headers:
        if header in _WHOLE:
            table.add_column(header, no_wrap=True, min_width=len(header))
        else:
            table.add_column(header, overflow="fold")
    return table


def _more(findings: Findings[ThreadFinding] | Findings[MessageFinding]) -> Text | None:
    hidden = more(findings.total - len(findings.items))
    return Text(f"  {hidden}", style="dim") if hidden else None


def _threads(
    title: str, findings: Findings[ThreadFinding], now: datetime, *, ours: bool = False
) -> list[RenderableType]:
    if findings.total == 0:
        return []
    heading = Text(f"{title}: {findings.total}", style="bold red" if ours else "bold")
    other = tr("Till", "To") if ours else tr("Från", "From")
    table = _table("Id", "Patient", tr("Ämne", "Subject"), other, tr("Tid kvar", "Time left"))
    if ours:
        table.add_column(tr("Ring i stället (R10)", "Phone instead (R10)"))
    for item in findings.items:
        style = "bold red" if item.time_left_hours < 0 else ("bold yellow" if item.due_soon else "")
        cells: list[Text | str] = [
            (item.id or item.thread_id)[:8],
            item.patient,
            safe_line(item.subject, 50),
            safe_line(short_box(item.counterpart)),  # a name is data, never markup
            Text(deadline_mark(item.due_at, now), style=style),
        ]
        if ours:
            cells.append(Text(phone_words(item.counterpart_unit, item.counterpart_phone)))
        table.add_row(*cells)
    parts: list[RenderableType] = [heading, table]
    rest = _more(findings)
    if rest:
        parts.append(rest)
    return parts


def _messages(
    title: str, findings: Findings[MessageFinding], now: datetime, *, expiry: bool = False
) -> list[RenderableType]:
    if findings.total == 0:
        return []
    last = tr("Raderas efter", "Deleted after") if expiry else tr("Läst", "Read")
    table = _table("Id", "Patient", tr("Ämne", "Subject"), tr("Mapp", "Folder"), last)
    for item in findings.items:
        table.add_row(
            item.id[:8],
            item.patient,
            safe_line(item.subject, 50),
            folder_name(item.folder),
            when(item.deleted_after, now) if expiry else (tr("ja", "yes") if item.read else UNREAD),
        )
    parts: list[RenderableType] = [Text(f"{title}: {findings.total}", style="bold"), table]
    rest = _more(findings)
    if rest:
        parts.append(rest)
    return parts


def _line(label: str, value: str, style: str = "") -> Text:
    text = Text(f"{label}: ", style="bold")
    text.append(value, style=style)
    return text


def _fact(fact: Fact, style: str | None = None) -> Text:
    return _line(fact.label, fact.value, STYLES[fact.tone] if style is None else style)


def render_mailbox(check: MailboxCheck) -> RenderableType:
    """One FBL's findings for people."""
    now = check.checked_at
    title = Text(
        f"{check.mailbox} · {shift_label(check.shift)} {check.day.isoformat()} ({check.window})"
    )
    title.stylize("bold")
    parts: list[RenderableType] = [Rule(style="bold"), title]
    parts.append(_fact(unread_fact(check), "bold" if check.unread else ""))
    parts.append(_fact(folders_fact(check)))
    for section in THREAD_SECTIONS:
        heading, ours = section_title(section, check), section == "our_unanswered"
        parts += _threads(heading, getattr(check, section), now, ours=ours)
    parts += _messages(section_title("fyi_received", check), check.fyi_received, now)
    parts += _messages(
        section_title("expiring_within_7_days", check),
        check.expiring_within_7_days,
        now,
        expiry=True,
    )
    for case in check.printouts_not_destroyed:
        printouts = count(len(case.printouts), PRINTOUT)
        line = _line(
            tr("Utskrift ej förstörd (R16)", "Printout not destroyed (R16)"),
            tr(
                f"avslutat ärende {case.thread_id[:8]}, {printouts}; "
                f"bekräfta med `fblmail close {case.thread_id[:8]} --printouts-destroyed`",
                f"closed case {case.thread_id[:8]}, {printouts}; "
                f"confirm with `fblmail close {case.thread_id[:8]} --printouts-destroyed`",
            ),
            "yellow",
        )
        line.append(" · ")
        line.append_text(safe_line(case.subject, 60))
        parts.append(line)
    parts += [_fact(fact) for fact in closing_facts(check)]
    if check.actions:
        todo = action_names(check.actions)
        parts.append(_line(tr("Åtgärd behövs", "Action needed"), todo, "bold"))
    else:
        parts.append(Text(tr("✓ Inget behöver åtgärdas.", "✓ Nothing needs action."), "green"))
    return Group(*parts)


def render_report(report: CheckReport) -> RenderableType:
    """The whole check for people."""
    parts: list[RenderableType] = []
    for check in report.mailboxes:
        parts += [render_mailbox(check), Text("")]
    return Group(*parts)


def _signed_line(report: CheckReport, login: str) -> Text:
    at = format_local(report.checked_at)
    shifts = shift_labels(m.shift for m in report.mailboxes)
    return Text(
        tr(
            f"✓ Kontrollen ({shifts}) signerad av {login} {at}.",
            f"✓ The check ({shifts}) was signed by {login} {at}.",
        ),
        style="green",
    )


# -- commands ---------------------------------------------------------------------------------


@check_app.callback(invoke_without_command=True)
def check(
    ctx: typer.Context,
    mailbox: Annotated[
        list[str] | None,
        typer.Option(
            "--mailbox", help="Kontrollera denna FBL (kan upprepas; standard: alla dina)."
        ),
    ] = None,
    shift: Annotated[
        str | None,
        typer.Option(
            "--shift",
            metavar="morning|afternoon",
            help="Passet (standard: efter klockan och enhetens kontrolltider).",
        ),
    ] = None,
    sign: Annotated[
        bool, typer.Option("--sign", help="Signera kontrollen: vem, när, vilket pass (R4).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Kontrollera FBL:en: olästa, svarstider (R10), mappar, radering (R17), rutin (R20)."""
    if ctx.invoked_subcommand is not None:
        return
    from fblmail.cli.check_open import open_checks

    with reporting():
        # The plain DB-API path: store, schema, identity, the doctor's cheap checks.
        checks = open_checks(state(ctx).settings)
    try:
        with reporting():
            report = checks.run(mailbox or [], shift=shift, sign=sign)
        if as_json:
            print_json(report.to_json())
        else:
            console = out()
            console.print(render_report(report))
            if report.signed:
                console.print(_signed_line(report, checks.login))
            elif sys.stdin.isatty() and ask_yes("Signera kontrollen?", "Sign the check?"):
                with reporting():
                    report = checks.sign(report)
                console.print(_signed_line(report, checks.login))
    finally:
        checks.connector.close()
    if report.needs_action:
        raise typer.Exit(EXIT_ACTION)


def register(app: typer.Typer) -> None:
    """Add `fblmail check` and `fblmail check history` to the root app."""
    from fblmail.cli import check_history

    check_history.register(check_app)
    app.add_typer(check_app)

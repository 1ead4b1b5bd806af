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
from fblmail.cli.output import out, print_json, reporting, safe_line
from fblmail.cli.render import folder_label, short_box, when
from fblmail.clock import format_local
from fblmail.i18n import tr

if TYPE_CHECKING:
    from fblmail.service.check_queries import Findings, MessageFinding, ThreadFinding
    from fblmail.service.check_report import CheckReport, MailboxCheck

EXIT_ACTION = 1

check_app = typer.Typer(
    name="check",
    help="Dagens kontroll av enhetens funktionsbrevlåda, förmiddag och eftermiddag (R4).",
    invoke_without_command=True,
    rich_markup_mode=None,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Skriv JSON (för skript).")]

_GAP_NAMES = {
    "monitors": ("vem som bevakar FBL:en", "who monitors the FBL"),
    "purger": ("vem som rensar", "who purges"),
    "holiday_cover": ("vem som ansvarar under semester", "who covers holidays"),
    "permissions_updater": (
        "vem som uppdaterar behörigheter",
        "who updates permissions",
    ),
}
_ACTION_NAMES = {
    "unread": ("olästa meddelanden", "unread messages"),
    "waiting_for_us": ("frågor väntar på vårt svar", "questions wait for our answer"),
    "overdue_for_us": ("försenade svar från oss", "our answers are overdue"),
    "our_unanswered": ("våra frågor obesvarade: ring", "our questions unanswered: phone"),
    "routine_gaps": ("luckor i den lokala rutinen", "gaps in the local routine"),
    "auto_purge_not_run": (
        "automatisk radering har inte körts",
        "automatic deletion has not run",
    ),
    "printouts_not_destroyed": (
        "utskrifter ej bekräftat förstörda",
        "printouts not confirmed destroyed",
    ),
    "shift_unsigned": ("passet är inte signerat: signera med --sign", "the shift is unsigned"),
}


def shift_label(shift: str) -> str:
    """`förmiddag` / `eftermiddag` (morning / afternoon)."""
    return tr("förmiddag", "morning") if shift == "morning" else tr("eftermiddag", "afternoon")


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
    hidden = findings.total - len(findings.items)
    if hidden <= 0:
        return None
    return Text(tr(f"  … och {hidden} till", f"  … and {hidden} more"), style="dim")


def _threads(
    title: str, findings: Findings[ThreadFinding], now: datetime, *, ours: bool = False
) -> list[RenderableType]:
    from fblmail.domain.deadlines import format_time_left, time_left
    from fblmail.i18n import language

    if findings.total == 0:
        return []
    heading = Text(f"{title}: {findings.total}", style="bold red" if ours else "bold")
    other = tr("Till", "To") if ours else tr("Från", "From")
    table = _table("Id", "Patient", tr("Ämne", "Subject"), other, tr("Tid kvar", "Time left"))
    if ours:
        table.add_column(tr("Ring i stället (R10)", "Phone instead (R10)"))
    for item in findings.items:
        left = format_time_left(time_left(item.due_at, now), language())
        style = "bold red" if item.time_left_hours < 0 else ("bold yellow" if item.due_soon else "")
        marker = "✗ " if item.time_left_hours < 0 else ("! " if item.due_soon else "○ ")
        cells: list[Text | str] = [
            (item.id or item.thread_id)[:8],
            item.patient,
            safe_line(item.subject, 50),
            short_box(item.counterpart),
            Text(marker + left + (" <24 h" if item.due_soon else ""), style=style),
        ]
        if ours:
            phone = f" {item.counterpart_phone}" if item.counterpart_phone else ""
            cells.append(Text(tr("ring ", "phone ") + item.counterpart_unit + phone))
        table.add_row(*cells)
    parts: list[RenderableType] = [heading, table]
    more = _more(findings)
    if more:
        parts.append(more)
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
            folder_label(item.folder),
            when(item.deleted_after, now) if expiry else (tr("ja", "yes") if item.read else "●"),
        )
    parts: list[RenderableType] = [Text(f"{title}: {findings.total}", style="bold"), table]
    more = _more(findings)
    if more:
        parts.append(more)
    return parts


def _line(label: str, value: str, style: str = "") -> Text:
    text = Text(f"{label}: ", style="bold")
    text.append(value, style=style)
    return text


def render_mailbox(check: MailboxCheck) -> RenderableType:
    """One FBL's findings for people."""
    now = check.checked_at
    title = Text(
        f"{check.mailbox} · {shift_label(check.shift)} {check.day.isoformat()} ({check.window})"
    )
    title.stylize("bold")
    parts: list[RenderableType] = [Rule(style="bold"), title]
    parts.append(
        _line(
            tr("Olästa", "Unread"),
            f"{check.unread}   "
            + tr(
                f"Nya sedan senaste signerade kontroll: {check.new_since_last_check}",
                f"New since the last signed check: {check.new_since_last_check}",
            ),
            "bold" if check.unread else "",
        )
    )
    parts.append(
        _line(
            tr("Mappar", "Folders"),
            " · ".join(f"{folder_label(f)} {n}" for f, n in check.folders),
        )
    )
    waiting = tr("Väntar på vårt svar", "Waiting for our answer")
    if check.due_soon:
        waiting += tr(f" ({check.due_soon} under 24 h)", f" ({check.due_soon} under 24 h)")
    parts += _threads(waiting, check.waiting_for_us, now)
    parts += _threads(
        tr("Över 24 h och ingen har tagit dem", "Past 24 h and nobody has taken them"),
        check.untaken,
        now,
    )
    parts += _threads(
        tr("Försenade, över 72 h: vi ska svara", "Overdue, past 72 h: we must answer"),
        check.overdue_for_us,
        now,
    )
    parts += _threads(
        tr(
            "Våra frågor obesvarade över 72 h: ring enheten (R10)",
            "Our questions unanswered past 72 h: phone the unit (R10)",
        ),
        check.our_unanswered,
        now,
        ours=True,
    )
    if check.fyi_received.total:
        parts += _messages(
            tr(
                f"För kännedom mottagna ({check.fyi_unread} olästa)",
                f"FYI received ({check.fyi_unread} unread)",
            ),
            check.fyi_received,
            now,
        )
    parts += _messages(
        tr("Raderas automatiskt inom 7 dagar (R17)", "Deleted automatically within 7 days (R17)"),
        check.expiring_within_7_days,
        now,
        expiry=True,
    )
    for case in check.printouts_not_destroyed:
        line = _line(
            tr("Utskrift ej förstörd (R16)", "Printout not destroyed (R16)"),
            tr(
                f"avslutat ärende {case.thread_id[:8]}, {len(case.printouts)} utskrift(er); "
                f"bekräfta med `fblmail close {case.thread_id[:8]} --printouts-destroyed`",
                f"closed case {case.thread_id[:8]}, {len(case.printouts)} printout(s); "
                f"confirm with `fblmail close {case.thread_id[:8]} --printouts-destroyed`",
            ),
            "yellow",
        )
        line.append(" · ")
        line.append_text(safe_line(case.subject, 60))
        parts.append(line)
    if check.routine_gaps:
        missing = ", ".join(tr(*_GAP_NAMES[g]) for g in check.routine_gaps)
        parts.append(
            _line(tr("Lokal rutin (R20) saknar", "Local routine (R20) lacks"), missing, "yellow")
        )
    else:
        parts.append(
            _line(tr("Lokal rutin (R20)", "Local routine (R20)"), tr("komplett", "complete"))
        )
    previous = f"{shift_label(check.previous_shift)} {check.previous_day.isoformat()}"
    if check.previous_signed_by and check.previous_signed_at:
        parts.append(
            _line(
                tr("Föregående pass", "Previous shift"),
                tr(
                    f"{previous}: signerat av {check.previous_signed_by} "
                    f"{format_local(check.previous_signed_at)}",
                    f"{previous}: signed by {check.previous_signed_by} "
                    f"{format_local(check.previous_signed_at)}",
                ),
                "green",
            )
        )
    else:
        parts.append(
            _line(
                tr("Föregående pass", "Previous shift"),
                tr(f"{previous}: inte signerat", f"{previous}: not signed"),
                "yellow",
            )
        )
    if check.auto_purge_ran_recently and check.last_auto_purge_at:
        parts.append(
            _line(
                tr("Automatisk radering", "Automatic deletion"),
                tr("kördes ", "ran ") + format_local(check.last_auto_purge_at),
            )
        )
    else:
        parts.append(
            _line(
                tr("Automatisk radering", "Automatic deletion"),
                tr(
                    "har inte körts de senaste 2 dygnen: kontakta support",
                    "has not run in the last 2 days: contact support",
                ),
                "bold red",
            )
        )
    if check.actions:
        todo = ", ".join(tr(*_ACTION_NAMES[a]) for a in check.actions)
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
    shifts = ", ".join(sorted({shift_label(m.shift) for m in report.mailboxes}))
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

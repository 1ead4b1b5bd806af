"""The check report (service/check.py) as lines of the duty screen.

The same report and the same words as `fblmail check`; each line that names a message or a
case carries its reference so that Enter opens it. User text (subjects, names) is always
data: `rich_line` shows control characters as visible escapes and never parses markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text

from fblmail.clock import format_local
from fblmail.domain.deadlines import deadline_mark, time_left
from fblmail.i18n import language, tr
from fblmail.service.check import CheckReport, MailboxCheck
from fblmail.service.check_queries import Findings, MessageFinding, ThreadFinding
from fblmail.tui.safe import rich_line
from fblmail.tui.widgets.mailbox_tree import folder_name

GAP_NAMES = {
    "monitors": ("vem som bevakar FBL:en", "who monitors the FBL"),
    "purger": ("vem som rensar", "who purges"),
    "holiday_cover": ("vem som ansvarar under semester", "who covers holidays"),
    "permissions_updater": ("vem som uppdaterar behörigheter", "who updates permissions"),
}


@dataclass(frozen=True)
class DutyLine:
    """One line of the round; `ref` (a message id, or a thread id when `thread`) opens it."""

    text: Text
    ref: str | None = None
    thread: bool = False
    mailbox: str | None = None


def shift_label(shift: str) -> str:
    """`förmiddag` / `eftermiddag`."""
    return tr("förmiddag", "morning") if shift == "morning" else tr("eftermiddag", "afternoon")


def _heading(title: str, total: int, style: str = "bold") -> DutyLine:
    return DutyLine(Text(f"{title}: {total}", style=style))


def _more(total: int, shown: int) -> list[DutyLine]:
    hidden = total - shown
    if hidden <= 0:
        return []
    return [DutyLine(Text(tr(f"  … och {hidden} till", f"  … and {hidden} more"), style="dim"))]


def _threads(
    title: str, found: Findings[ThreadFinding], now: datetime, box: str, *, ours: bool = False
) -> list[DutyLine]:
    if found.total == 0:
        return []
    lines = [_heading(title, found.total, "bold red" if ours else "bold")]
    for item in found.items:
        late = item.time_left_hours < 0
        mark = deadline_mark(time_left(item.due_at, now), item.due_soon, language())
        text = Text("  ")
        text.append(
            f"{mark:<16}", style="bold red" if late else ("yellow" if item.due_soon else "")
        )
        text.append(f" {item.patient}  ")
        text.append_text(rich_line(item.subject[:50]))
        if ours:
            phone = f" {item.counterpart_phone}" if item.counterpart_phone else ""
            text.append(
                tr(
                    f"  · ring {item.counterpart_unit}{phone}",
                    f"  · phone {item.counterpart_unit}{phone}",
                ),
                style="bold",
            )
        else:
            text.append(f"  · {item.counterpart_unit}", style="dim")
        lines.append(DutyLine(text, item.id or item.thread_id, item.id is None, box))
    return lines + _more(found.total, len(found.items))


def _messages(
    title: str, found: Findings[MessageFinding], now: datetime, box: str, *, expiry: bool = False
) -> list[DutyLine]:
    if found.total == 0:
        return []
    lines = [_heading(title, found.total)]
    for item in found.items:
        text = Text("  ")
        if expiry:
            text.append(format_local(item.deleted_after)[:10] + " ", style="yellow")
        else:
            text.append("  " if item.read else "● ", style="bold")
        text.append(f"{item.patient}  ")
        text.append_text(rich_line(item.subject[:50]))
        text.append(f"  · {folder_name(item.folder)}", style="dim")
        lines.append(DutyLine(text, item.id, False, box))
    return lines + _more(found.total, len(found.items))


def _plain(label: str, value: str, style: str = "") -> DutyLine:
    text = Text(f"{label}: ", style="bold")
    text.append(value, style=style)
    return DutyLine(text)


def _signed_text(check: MailboxCheck) -> tuple[str, str]:
    if check.shift_signed_by:
        return tr(
            f"signerad av {check.shift_signed_by}", f"signed by {check.shift_signed_by}"
        ), "green"
    if check.in_window:
        return tr("inte signerad – tryck s", "not signed – press s"), "bold red"
    return tr("inte signerad", "not signed"), "yellow"


def mailbox_lines(check: MailboxCheck) -> list[DutyLine]:
    """One FBL's findings, in the order `fblmail check` prints them."""
    now, box = check.checked_at, check.mailbox
    title = Text(box, style="bold reverse")
    shift = Text(tr("Pass: ", "Shift: "), style="bold")
    shift.append(f"{shift_label(check.shift)} {check.day.isoformat()} ({check.window}) · ")
    signed, style = _signed_text(check)
    shift.append(signed, style=style)
    lines = [DutyLine(title), DutyLine(shift)]
    lines.append(
        _plain(
            tr("Olästa", "Unread"),
            f"{check.unread}   "
            + tr(
                f"Nya sedan senaste signerade kontroll: {check.new_since_last_check}",
                f"New since the last signed check: {check.new_since_last_check}",
            ),
        )
    )
    lines.append(
        _plain(
            tr("Mappar", "Folders"), " · ".join(f"{folder_name(f)} {n}" for f, n in check.folders)
        )
    )
    waiting = tr("Väntar på vårt svar", "Waiting for our answer")
    if check.due_soon:
        waiting += f" ({check.due_soon} under 24 h)"
    lines += _threads(waiting, check.waiting_for_us, now, box)
    lines += _threads(
        tr("Över 24 h och ingen har tagit dem", "Past 24 h and nobody has taken them"),
        check.untaken,
        now,
        box,
    )
    lines += _threads(
        tr("Försenade, över 72 h: vi ska svara", "Overdue, past 72 h: we must answer"),
        check.overdue_for_us,
        now,
        box,
    )
    lines += _threads(
        tr(
            "Våra frågor obesvarade över 72 h: ring enheten (R10)",
            "Our questions unanswered past 72 h: phone the unit (R10)",
        ),
        check.our_unanswered,
        now,
        box,
        ours=True,
    )
    lines += _messages(
        tr(
            f"För kännedom mottagna ({check.fyi_unread} olästa)",
            f"FYI received ({check.fyi_unread} unread)",
        ),
        check.fyi_received,
        now,
        box,
    )
    lines += _messages(
        tr("Raderas automatiskt inom 7 dagar (R17)", "Deleted automatically within 7 days (R17)"),
        check.expiring_within_7_days,
        now,
        box,
        expiry=True,
    )
    for case in check.printouts_not_destroyed:
        text = Text(
            tr("Utskrift ej förstörd (R16): ", "Printout not destroyed (R16): "),
            style="bold yellow",
        )
        text.append_text(rich_line(case.subject[:50]))
        text.append(
            tr(f"  · {len(case.printouts)} utskrift(er)", f"  · {len(case.printouts)} printout(s)"),
            style="dim",
        )
        lines.append(DutyLine(text, case.thread_id, True, box))
    if check.routine_gaps:
        missing = ", ".join(tr(*GAP_NAMES[g]) for g in check.routine_gaps)
        lines.append(
            _plain(tr("Lokal rutin (R20) saknar", "Local routine (R20) lacks"), missing, "yellow")
        )
    else:
        lines.append(
            _plain(tr("Lokal rutin (R20)", "Local routine (R20)"), tr("komplett", "complete"))
        )
    previous = f"{shift_label(check.previous_shift)} {check.previous_day.isoformat()}"
    if check.previous_signed_by and check.previous_signed_at:
        at = format_local(check.previous_signed_at)
        lines.append(
            _plain(
                tr("Föregående pass", "Previous shift"),
                tr(
                    f"{previous}: signerat av {check.previous_signed_by} {at}",
                    f"{previous}: signed by {check.previous_signed_by} {at}",
                ),
                "green",
            )
        )
    else:
        lines.append(
            _plain(
                tr("Föregående pass", "Previous shift"),
                tr(f"{previous}: inte signerat", f"{previous}: not signed"),
                "yellow",
            )
        )
    if check.auto_purge_ran_recently and check.last_auto_purge_at:
        lines.append(
            _plain(
                tr("Automatisk radering", "Automatic deletion"),
                tr("kördes ", "ran ") + format_local(check.last_auto_purge_at),
            )
        )
    else:
        lines.append(
            _plain(
                tr("Automatisk radering", "Automatic deletion"),
                tr(
                    "har inte körts de senaste 2 dygnen: kontakta support",
                    "has not run in the last 2 days: contact support",
                ),
                "bold red",
            )
        )
    return lines


def report_lines(report: CheckReport) -> list[DutyLine]:
    """Every FBL of the report, a blank line between them."""
    lines: list[DutyLine] = []
    for check in report.mailboxes:
        if lines:
            lines.append(DutyLine(Text("")))
        lines += mailbox_lines(check)
    return lines

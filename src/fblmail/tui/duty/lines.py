"""The check report (service/duty/check.py) as lines of the duty screen.

The same report and the same words as `fblmail check` (both from `fblmail.present.check`,
so they cannot drift apart); each line that names a message or a
case carries its reference so that Enter opens it. User text (subjects, names) is always
data: `rich_line` shows control characters as visible escapes and never parses markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text

from fblmail.clock import format_local
from fblmail.i18n import tr
from fblmail.present import PRINTOUT, UNREAD, count, deadline_mark, folder_name, more, shift_label
from fblmail.present.check import (
    STYLES,
    THREAD_SECTIONS,
    Fact,
    closing_facts,
    folders_fact,
    phone_words,
    section_title,
    unread_fact,
)
from fblmail.service.duty.check import CheckReport, MailboxCheck
from fblmail.store.query.check import Findings, MessageFinding, ThreadFinding
from fblmail.tui.safe import rich_line

__all__ = ["DutyLine", "mailbox_lines", "report_lines"]


@dataclass(frozen=True)
class DutyLine:
    """One line of the round; `ref` (a message id, or a thread id when `thread`) opens it."""

    text: Text
    ref: str | None = None
    thread: bool = False
    mailbox: str | None = None


def _heading(title: str, total: int, style: str = "bold") -> DutyLine:
    return DutyLine(Text(f"{title}: {total}", style=style))


def _more(total: int, shown: int) -> list[DutyLine]:
    hidden = more(total - shown)
    return [DutyLine(Text(f"  {hidden}", style="dim"))] if hidden else []


def _threads(
    title: str, found: Findings[ThreadFinding], now: datetime, box: str, *, ours: bool = False
) -> list[DutyLine]:
    if found.total == 0:
        return []
    lines = [_heading(title, found.total, "bold red" if ours else "bold")]
    for item in found.items:
        late = item.time_left_hours < 0
        mark = deadline_mark(item.due_at, now)
        text = Text("  ")
        text.append(
            f"{mark:<16}", style="bold red" if late else ("yellow" if item.due_soon else "")
        )
        text.append(f" {item.patient}  ")
        text.append_text(rich_line(item.subject[:50]))
        if ours:
            text.append(
                f"  · {phone_words(item.counterpart_unit, item.counterpart_phone)}", style="bold"
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
            text.append("  " if item.read else f"{UNREAD} ", style="bold")
        text.append(f"{item.patient}  ")
        text.append_text(rich_line(item.subject[:50]))
        text.append(f"  · {folder_name(item.folder)}", style="dim")
        lines.append(DutyLine(text, item.id, False, box))
    return lines + _more(found.total, len(found.items))


def _plain(fact: Fact) -> DutyLine:
    text = Text(f"{fact.label}: ", style="bold")
    text.append(fact.value, style=STYLES[fact.tone])
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
    lines += [_plain(unread_fact(check)), _plain(folders_fact(check))]
    for section in THREAD_SECTIONS:
        heading, ours = section_title(section, check), section == "our_unanswered"
        lines += _threads(heading, getattr(check, section), now, box, ours=ours)
    lines += _messages(section_title("fyi_received", check), check.fyi_received, now, box)
    lines += _messages(
        section_title("expiring_within_7_days", check),
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
        text.append(f"  · {count(len(case.printouts), PRINTOUT)}", style="dim")
        lines.append(DutyLine(text, case.thread_id, True, box))
    lines += [_plain(fact) for fact in closing_facts(check)]
    return lines


def report_lines(report: CheckReport) -> list[DutyLine]:
    """Every FBL of the report, a blank line between them."""
    lines: list[DutyLine] = []
    for check in report.mailboxes:
        if lines:
            lines.append(DutyLine(Text("")))
        lines += mailbox_lines(check)
    return lines

"""Rich renderings of messages, drafts, units and accounts for people.

Every piece of user text goes through `safe()` / `safe_line()`: it becomes a Rich `Text`
(never markup) with control and format characters shown as visible escapes. Colour is never
the only signal: each deadline state also has a symbol and a word, so it survives a
monochrome terminal, a pipe and a screen reader. The marks, names and words are the app's,
from `fblmail.present`; this module adds only layout and colour.

Imports only Rich and the light domain modules: the read models are only type hints here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.box import SIMPLE_HEAD
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from fblmail.cli.output import safe, safe_line
from fblmail.clock import format_local
from fblmail.domain.deadlines import DeadlineState
from fblmail.i18n import tr
from fblmail.present import (
    UNREAD,
    folder_name,
    short_box,
    state_mark,
    subject_or_none,
    waiting_words,
)
from fblmail.present import legend as marks_legend

if TYPE_CHECKING:
    from fblmail.service.views import (
        AccountView,
        DraftView,
        MessageDetail,
        MessageSummary,
        UnitView,
    )

SHORT_ID = 8
_KNOWN = frozenset(DeadlineState)


_STYLES = {
    "overdue": "bold red",
    "due_soon": "bold yellow",
    "answered": "green",
    "resolved": "dim green",
    "fyi": "cyan",
}


def deadline_text(summary: MessageSummary, now: datetime, *, long: bool = False) -> Text:
    """The R10 state as mark + words + colour, the app's marks: "▲ 3 h sen", "! 5 h kvar",
    "○ 2 d 5 h kvar", "✓ besvarad", "✓ löst", "◇ kännedom".

    The short form fits a table cell; `long` adds who is to answer.
    """
    state = summary.deadline
    if state not in _KNOWN:
        return Text(state)
    mark = state_mark(state, summary.due_at, now, compact=state == "fyi" and not long)
    text = Text(mark, style=_STYLES.get(state, ""))
    if long and state in ("overdue", "due_soon", "waiting"):
        text.append(waiting_words(summary.waiting_for), style="dim")
    return text


def _flags(summary: MessageSummary) -> Text:
    flags = Text()
    flags.append(UNREAD if not summary.read else " ", style="bold")
    flags.append("J" if summary.has_journal_note else " ", style="magenta")
    flags.append("↪" if summary.forwarded else " ")
    return flags


def when(moment: datetime, now: datetime) -> str:
    """Local time, without the year when it is this year: "11-27 14:05"."""
    text = format_local(moment)
    return text[5:] if text[:4] == format_local(now)[:4] else text


WIDE = 120


def messages_table(
    items: Iterable[MessageSummary],
    now: datetime,
    title: Text,
    folder: str = "inbox",
    width: int = WIDE,
) -> Table:
    """A message list: flags, deadline state, category, patient, subject, from/to, time.

    The inbox shows who it is from, the sent folder who it went to, the trash both. On a
    terminal narrower than `WIDE`, category, mailbox and id go on a second, dim line.
    """
    boxes = {"inbox": ("from",), "sent": ("to",)}.get(folder, ("from", "to"))
    wide = width >= WIDE
    table = Table(title=title, title_justify="left", box=SIMPLE_HEAD, pad_edge=False)
    table.add_column("", no_wrap=True)  # ● unread, J journal note, ↪ forward
    table.add_column(tr("Svarstid", "Deadline"), no_wrap=True)
    table.add_column(tr("Patient", "Patient"), no_wrap=True)
    if wide:
        table.add_column(tr("Kategori", "Category"), max_width=20)
    table.add_column(tr("Ämne", "Subject"), ratio=3, min_width=20)
    if wide:
        for which in boxes:
            header = tr("Från", "From") if which == "from" else tr("Till", "To")
            table.add_column(header, ratio=1, max_width=28)
    table.add_column(tr("Skickat", "Sent"), no_wrap=True)
    if wide:
        table.add_column("Id", no_wrap=True, style="dim")
    for s in items:
        names = [
            safe_line(short_box(s.sender if which == "from" else s.recipient), 40)
            for which in boxes
        ]
        cells: list[Text] = [_flags(s), deadline_text(s, now), safe_line(s.patient)]
        if wide:
            cells += [safe_line(s.category, 30), safe_line(s.subject, 80), *names]
            cells += [Text(when(s.sent_at, now)), Text(s.id[:SHORT_ID])]
        else:
            cells[2].append(f"\n{s.id[:SHORT_ID]}", style="dim")
            subject = safe_line(s.subject, 80)
            subject.append("\n")
            arrows = {"from": tr("från ", "from "), "to": tr("till ", "to ")}
            second = safe_line(s.category, 30)
            for which, name in zip(boxes, names, strict=True):
                second.append(f" · {arrows[which]}")
                second.append_text(name)
            second.stylize("dim")
            subject.append_text(second)
            cells += [subject, Text(when(s.sent_at, now))]
        table.add_row(*cells, style="bold" if not s.read else None)
    return table


def legend() -> Text:
    """What the flag characters and marks mean (printed under a message table)."""
    return Text(marks_legend(), style="dim")


def drafts_table(drafts: Iterable[DraftView]) -> Table:
    """The user's drafts."""
    table = Table(title=folder_name("drafts"), title_justify="left", pad_edge=False)
    table.add_column(tr("Sparat", "Saved"), no_wrap=True)
    table.add_column(tr("Från", "From"), ratio=1)
    table.add_column(tr("Till", "To"), ratio=1)
    table.add_column(tr("Kategori", "Category"))
    table.add_column(tr("Patient", "Patient"), no_wrap=True)
    table.add_column(tr("Ämne", "Subject"), ratio=3)
    table.add_column("Id", no_wrap=True, style="dim")
    for d in drafts:
        to = d.to_address or (d.forward_to_login and f"→ {d.forward_to_login}") or ""
        table.add_row(
            Text(format_local(d.updated_at)),
            safe_line(short_box(d.from_address), 40),
            safe_line(short_box(to), 40),
            safe_line(d.category, 30),
            safe_line(d.patient, 20),
            safe_line(subject_or_none(d.subject), 80),
            Text(d.id[:SHORT_ID]),
        )
    return table


def _grid() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    return grid


def message_detail(detail: MessageDetail, now: datetime) -> RenderableType:
    """A whole message: headers, body, journal-note link (R12) and forward history (R13)."""
    s = detail.summary
    head = _grid()
    head.add_row(tr("Ämne", "Subject"), safe(s.subject))
    sender = safe(s.sender)
    if detail.sender_person:
        sender.append(" · ")
        sender.append_text(safe(detail.sender_person))
    head.add_row(tr("Från", "From"), sender)
    head.add_row(tr("Till", "To"), safe(s.recipient))
    head.add_row(tr("Kategori", "Category"), safe(s.category))
    head.add_row(tr("Patient", "Patient"), safe(s.patient))
    head.add_row(tr("Skickat", "Sent"), Text(format_local(s.sent_at)))
    head.add_row(tr("Svarstid", "Deadline"), deadline_text(s, now, long=True))
    if s.due_at is not None:
        head.add_row(tr("Svar senast", "Answer due"), Text(format_local(s.due_at)))
    if s.answered_at is not None:
        head.add_row(tr("Besvarat", "Answered"), Text(format_local(s.answered_at)))
    head.add_row(tr("Mapp", "Folder"), Text(f"{folder_name(s.folder)} · {visible_box(s.mailbox)}"))
    head.add_row("Id", Text(s.id))
    head.add_row(tr("Tråd", "Thread"), Text(s.thread_id, style="dim"))
    parts: list[RenderableType] = [head, Rule(style="dim"), safe(detail.body)]
    note = detail.journal_note
    if note is not None:
        box = _grid()
        box.add_row(tr("Journalanteckning", "Journal note"), safe(note.title))
        box.add_row(tr("Referens", "Reference"), safe(note.reference))
        box.add_row(tr("Bifogad av", "Attached by"), safe(note.attached_by))
        box.add_row(tr("Lämnad till", "Disclosed to"), safe(", ".join(note.disclosed_to) or "-"))
        parts += [Rule(style="dim"), box]
    fwd = detail.forwarded_from
    if fwd is not None:
        box = _grid()
        box.add_row(tr("Vidarebefordrat av", "Forwarded by"), safe(fwd.forwarded_by))
        box.add_row(tr("Ursprungligen från", "Originally from"), safe(fwd.sender))
        box.add_row(tr("Ursprungligen skickat", "Originally sent"), Text(format_local(fwd.sent_at)))
        box.add_row(tr("Ursprungligt id", "Original id"), Text(fwd.message_id))
        if fwd.note:
            box.add_row(tr("Kommentar", "Note"), safe(fwd.note))
        parts += [Rule(style="dim"), box]
    return Group(*parts)


def visible_box(address: str) -> str:
    """A mailbox address as plain, one-line text."""
    return safe_line(address).plain


def done_line(verb: str, summary: MessageSummary, now: datetime) -> Text:
    """One line confirming what happened to a message: "Skickat 3f2a9c1d Ämne (state)"."""
    line = Text(f"{verb}: ", style="bold green")
    line.append(summary.id[:SHORT_ID])
    line.append("  ")
    line.append_text(safe_line(summary.subject, 80))
    line.append("  ")
    line.append_text(deadline_text(summary, now, long=True))
    return line


def units_table(units: Iterable[UnitView], title: Text, *, numbered: bool = False) -> Table:
    """Directory units with their FBL (and the municipality's preset list size)."""
    table = Table(title=title, title_justify="left", pad_edge=False)
    if numbered:
        table.add_column("#", justify="right")
    table.add_column(tr("Typ", "Kind"), no_wrap=True)
    table.add_column(tr("Enhet", "Unit"))
    table.add_column(tr("Kod", "Code"), style="dim")
    table.add_column(tr("Funktionsbrevlåda", "Functional mailbox"))
    table.add_column(tr("Förval", "Presets"), justify="right")
    kinds = {
        "municipality": tr("kommun", "municipality"),
        "health_centre": tr("vårdcentral", "health centre"),
    }
    for number, unit in enumerate(units, 1):
        fbl = safe_line(unit.fbl)
        if unit.closed:
            fbl.append(tr("  (stängd)", "  (closed)"), style="red")
        cells = [
            Text(kinds.get(unit.kind, unit.kind)),
            safe_line(unit.name),
            safe_line(unit.code),
            fbl,
            Text(str(len(unit.presets)) if unit.kind == "municipality" else ""),
        ]
        table.add_row(*([Text(str(number))] if numbered else []), *cells)
    return table


def account_detail(account: AccountView) -> Table:
    """An account as administration shows it."""
    grid = _grid()
    grid.add_row(tr("Inloggning", "Login"), safe(account.login))
    grid.add_row(tr("Namn", "Name"), safe(account.full_name))
    grid.add_row(tr("Titel", "Title"), safe(account.title or "-"))
    grid.add_row(tr("Organisation", "Organisation"), safe(account.organisation))
    grid.add_row(tr("Roll", "Role"), safe(account.role))
    grid.add_row(
        tr("Aktivt", "Active"), Text(tr("ja", "yes") if account.active else tr("nej", "no"))
    )
    grid.add_row(
        tr("Funktionsbrevlådor", "Functional mailboxes"),
        safe("\n".join(account.mailboxes) or "-"),
    )
    return grid

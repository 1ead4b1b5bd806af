"""The reader: the whole thread in order, who answered when, journal-note links (R12) and
forward history (R13). Opening it marks the message read and is logged, by the service.
Paging and finding in the text (Space, b, g, G, /, n, N) are the `ThreadPager`'s (find.py),
which the screen owns and hands those keys to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Input, Static

from fblmail.i18n import quoted, tr
from fblmail.service.views import MessageDetail, MessageSummary
from fblmail.tui.base import FblScreen
from fblmail.tui.bindings import key
from fblmail.tui.commands import message_actions as commands
from fblmail.tui.reader.find import FIND_FIELD, PAGER_KEYS, ThreadPager
from fblmail.tui.safe import line, plain_line
from fblmail.tui.widgets.message_view import thread_block

if TYPE_CHECKING:
    from fblmail.tui.services import Services


def _b(
    keys: str, action: str, sv: str, en: str, tip_sv: str, tip_en: str, *, show: bool = True
) -> Binding:
    return key(keys, action, sv, en, tip_sv, tip_en, show=show, id=f"reader.{action}")


class ReaderScreen(FblScreen[None]):
    """One thread, read from top to bottom."""

    CSS_PATH = "reader.tcss"
    HELP_TITLE = ("Läsaren", "Reader")

    BINDINGS: ClassVar[list[BindingType]] = [
        *PAGER_KEYS,
        _b("escape,q", "back", "Tillbaka", "Back", "Tillbaka till listan", "Back to the list"),
        _b("r", "reply", "Svara", "Reply", "Svara på meddelandet", "Reply to the message"),
        _b("f", "forward", "Vidarebefordra", "Forward", "Till en namngiven person (R13)",
           "To a named person (R13)"),
        _b("o", "open_note", "Journalanteckning", "Journal note",
           "Öppna journalanteckningens referens (kopieras)",
           "Open the journal note's reference (copied)"),
        _b("p", "print", "Skriv ut", "Print", "Skriv ut som arbetsunderlag (R16)",
           "Print as working material (R16)"),
        _b("slash", "find", "Sök", "Find", "Sök i tråden; n/N nästa/förra träffen",
           "Find in the thread; n/N next/previous hit"),
        _b("L", "resolve", "Löst per telefon", "Settled by phone",
           "Vår obesvarade fråga löstes per telefon (R10)",
           "Our unanswered question was settled by phone (R10)"),
        _b("A", "close_case", "Avsluta ärendet", "Close the case",
           "Avsluta ärendet; utskrifter ska vara förstörda (R16)",
           "Close the case; printouts must be destroyed (R16)", show=False),
    ]  # fmt: skip

    @dataclass
    class ThreadLoaded(Message):
        """The thread, oldest first, and the opened message as the service returned it."""

        opened: MessageDetail
        details: Sequence[MessageDetail]

    def __init__(self, services: Services, summary: MessageSummary) -> None:
        super().__init__()
        self.services = services
        self.summary = summary
        self.opened: MessageDetail | None = None
        self.details: Sequence[MessageDetail] = ()
        self.thread_view = VerticalScroll(id="thread")
        self.thread_text = Static(Content(tr("Laddar tråden…", "Loading the thread…")),
                                  id="thread-text")  # fmt: skip
        self.pager = ThreadPager(
            self.thread_view,
            self.thread_text,
            self.notify,
            lambda field: self.mount(field, after=self.thread_view),
        )

    def compose(self) -> ComposeResult:
        """Title, the thread, footer."""
        yield Static(line(self.summary.subject, style="bold"), id="reader-title")
        with self.thread_view:
            yield self.thread_text
        yield Footer()

    def on_mount(self) -> None:
        """Load in a worker."""
        self.thread_view.focus()
        self._load()

    @work(thread=True, exclusive=True, group="reader-load", exit_on_error=False)
    def _load(self) -> None:
        messenger = self.services.messenger()
        folders = messenger.folders
        opened = folders.show(self.summary.id, mailbox=self.summary.mailbox)  # marks read, logs
        details = folders.thread(self.summary.id)
        self.post_message(self.ThreadLoaded(opened, details))
        from fblmail.tui.team.handling import team_notice

        notice = team_notice(messenger, opened.summary)  # issue 11
        if notice:
            self.app.call_from_thread(self.notify, plain_line(notice, 300), markup=False)

    def on_reader_screen_thread_loaded(self, message: ThreadLoaded) -> None:
        """Show the thread."""
        self.opened, self.details = message.opened, message.details
        self.summary = message.opened.summary
        self.pager.show(thread_block(message.details, self.services.clock()))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Journal-note and write actions only when they apply."""
        if action == "open_note":
            return True if self._note() is not None else None
        unavailable = not self.services.ready or self.summary.folder == "trash"
        if action in ("reply", "forward") and not commands.applies(action, self.summary):
            return None
        if action in ("reply", "forward", "print", "close_case") and unavailable:
            return None
        if action == "resolve":  # R10: only our own question, unanswered and unsettled
            return self.summary.waiting_for == "them" and not unavailable  # hidden otherwise
        return True

    def action_resolve(self) -> None:
        """L: record that our unanswered question was settled by phone (R10)."""
        from fblmail.tui.team.late import resolve_by_phone

        if self.services.ready:
            resolve_by_phone(self.app, self.services.messenger(), self.summary, self._load)

    def action_close_case(self) -> None:
        """A: close the case (R16)."""
        from fblmail.tui.team.late import close_case

        if self.services.ready:
            close_case(self.app, self.services.messenger(), self.summary, self._load)

    def _note(self) -> MessageDetail | None:
        """The message whose journal note `o` opens: the opened one, else the latest."""
        if self.opened is not None and self.opened.journal_note is not None:
            return self.opened
        with_notes = [d for d in self.details if d.journal_note is not None]
        return with_notes[-1] if with_notes else None

    def action_open_note(self) -> None:
        """Copy the journal note's reference (R12) so it can be opened in the journal."""
        detail = self._note()
        if detail is None or detail.journal_note is None:
            return
        reference = detail.journal_note.reference
        self.app.copy_to_clipboard(reference)
        self.notify(
            tr(
                f"Referensen till {quoted(plain_line(detail.journal_note.title, 60))} är kopierad: "
                f"{plain_line(reference, 120)}",
                f"The reference to {quoted(plain_line(detail.journal_note.title, 60))} is copied: "
                f"{plain_line(reference, 120)}",
            ),
            markup=False,
            timeout=8,
        )

    def action_back(self) -> None:
        """Back to the list (Escape first closes the search field)."""
        if not self.pager.close_field():
            self.dismiss(None)

    def action_reply(self) -> None:
        """Answer the message."""
        commands.reply(self.app, self.services, self.summary, self._sent)

    def action_forward(self) -> None:
        """Forward the message (R13)."""
        commands.forward(self.app, self.services, self.summary, self._sent)

    def action_print(self) -> None:
        """Print as working material (R16)."""
        commands.print_one(self.app, self.services, self.summary)

    def _sent(self, sent: MessageSummary | None) -> None:
        # The compose/forward screen has said what it sent (one toast per send).
        if sent is not None:
            self._load()

    # -- paging and finding, handed to the pager --------------------------------------------

    def action_scroll_down(self) -> None:
        """One line down."""
        self.pager.scroll_down()

    def action_scroll_up(self) -> None:
        """One line up."""
        self.pager.scroll_up()

    def action_page_down(self) -> None:
        """A screenful down."""
        self.pager.page_down()

    def action_page_up(self) -> None:
        """A screenful up."""
        self.pager.page_up()

    def action_top(self) -> None:
        """The beginning of the thread."""
        self.pager.top()

    def action_bottom(self) -> None:
        """The end of the thread."""
        self.pager.bottom()

    def action_find(self) -> None:
        """The search field under the thread."""
        self.pager.open_field()

    @on(Input.Submitted, f"#{FIND_FIELD}")
    def find_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search field: mark every hit and go to the first."""
        self.pager.submitted(event)

    def action_next_hit(self) -> None:
        """The next hit (round to the first after the last)."""
        self.pager.step(1)

    def action_previous_hit(self) -> None:
        """The previous hit."""
        self.pager.step(-1)

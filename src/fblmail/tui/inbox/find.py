"""Finding things in the inbox: search (`/`) with n/N through the hits, the order (`s`),
the filter (`F`), Escape back out of them, and the inbox's commands in the palette.

Search uses the database's full-text index through the inbox reader (the newest 50 hits
in the user's mailboxes; when there are more, the status line says "minst 50 träffar –
de 50 nyaste visas"); the search and its number of hits go to the access log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from textual import on, work
from textual.app import SystemCommand
from textual.message import Message
from textual.widgets import Input

from fblmail.domain.categories import Category
from fblmail.i18n import plural, quoted, tr
from fblmail.service.mailboxes.inbox import SEARCH_LIMIT, InboxRow, ListFilter, Waiting, orders
from fblmail.tui.inbox.actions import InboxActions
from fblmail.tui.safe import plain_line
from fblmail.tui.widgets.pager import FixedPager


class InboxFind(InboxActions):
    """Search, order and filter (the screen itself is `InboxScreen`)."""

    @dataclass
    class SearchDone(Message):
        """Search hits (newest first)."""

        text: str
        rows: list[InboxRow]
        more: bool = False

    # -- search -----------------------------------------------------------------------------

    def action_search(self) -> None:
        """Show the search field (made on first use: the first screen does not need it)."""
        field = next(self.query("#search").results(Input), None)
        if field is None:
            from fblmail.tui.widgets.safe_fields import SafeInput  # pastes shown as data

            placeholder = tr("Sök (Enter söker, Esc avbryter)", "Search (Enter, Esc cancels)")
            field = SafeInput(placeholder=placeholder, id="search")
            self.mount(field, after=self.query_one("#status"))
        field.display = True
        field.focus()

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search field."""
        text = event.value.strip()
        event.input.display = False
        self.message_list.focus()
        if not text:
            return
        self._search(text)

    @work(thread=True, exclusive=True, group="inbox-search", exit_on_error=False)
    def _search(self, text: str) -> None:
        inbox = self.fbl_app.inbox
        if inbox is None:
            return
        rows = inbox.search(text, SEARCH_LIMIT + 1)  # one more says whether there are more
        shown = rows[:SEARCH_LIMIT]
        self.post_message(self.SearchDone(text, shown, len(rows) > SEARCH_LIMIT))
        self.fbl_app.require_messenger().inbox.log_search(text, len(shown))

    def on_inbox_find_search_done(self, message: SearchDone) -> None:
        """Show the hits in the list; n/N step through them."""
        self.mode = "search"
        self._search_text, self._search_rows = message.text, message.rows
        self._search_more = message.more
        empty = tr("Inga träffar.", "No hits.")
        self.message_list.show(FixedPager(message.rows), message.rows, empty)
        self.update_status()
        self.refresh_action_state()

    def search_status(self) -> str:
        """The status line in search mode (the search text shown as data)."""
        shown = plain_line(self._search_text, 40)
        hits = len(self._search_rows)
        at = self.message_list.cursor + 1 if hits else 0
        if getattr(self, "_search_more", False):
            count = tr(f"minst {hits} träffar – de {hits} nyaste visas",
                       f"at least {hits} hits – the newest {hits} shown")  # fmt: skip
        else:
            count = plural(hits, "träff", "träffar", "hit", "hits")
        where = tr(f", träff {at}", f", hit {at}") if hits else ""
        return tr(
            f"Sökning {quoted(shown)}: {count}{where} · n/N bläddrar · Esc tillbaka",
            f"Search {quoted(shown)}: {count}{where} · n/N step · Esc back",
        )

    def action_next_hit(self) -> None:
        """The next hit."""
        self._step_hit(1)

    def action_previous_hit(self) -> None:
        """The previous hit."""
        self._step_hit(-1)

    def _step_hit(self, step: int) -> None:
        if self.mode != "search" or not self._search_rows:
            self.notify(
                tr("Ingen sökning – tryck / för att söka.", "No search – press / to search.")
            )
            return
        count = len(self._search_rows)
        self.message_list.move_to((self.message_list.cursor + step) % count)
        self.update_status()

    def action_back(self) -> None:
        """Escape: close the search field, leave search results, or clear the filter."""
        field = next(self.query("#search").results(Input), None)
        if field is not None and field.display:
            field.display = False
            self.message_list.focus()
        elif self.mode == "search" and self.folder is not None:
            self._show_folder(self.folder)
        elif self.filter.active and self.folder is not None:
            self.filter = ListFilter(threads=self.filter.threads)
            self._show_folder(self.folder)

    # -- order and filter -------------------------------------------------------------------

    def action_sort(self) -> None:
        """Most urgent first → newest first → oldest first."""
        if self.folder is None:
            return
        sequence = list(orders())
        self.order = sequence[(sequence.index(self.order) + 1) % len(sequence)]
        self._show_folder(self.folder)

    def filter_name(self) -> str:
        """The filter in words ("" when none)."""
        flt = self.filter
        parts = []
        if flt.unread:
            parts.append(tr("olästa", "unread"))
        if flt.waiting is Waiting.US:
            parts.append(tr("väntar på oss", "waiting for us"))
        elif flt.waiting is Waiting.THEM:
            parts.append(tr("väntar på dem", "waiting for them"))
        if flt.category:
            parts.append(flt.category)
        shown = tr("Filter: ", "Filter: ") + ", ".join(parts) if parts else ""
        if flt.threads:
            grouped = tr("en rad per tråd (z)", "one row per thread (z)")
            return f"{shown}  ·  {grouped}" if shown else grouped
        return shown

    def action_toggle_threads(self) -> None:
        """One row per thread (its newest message, with the count) ↔ every message."""
        if self.folder is None:
            return
        self.filter = replace(self.filter, threads=not self.filter.threads)
        self._show_folder(self.folder)

    def action_filter(self) -> None:
        """Choose what to show."""
        options = [
            ("all", tr("Alla meddelanden", "All messages")),
            ("unread", tr("Olästa", "Unread")),
            ("us", tr("Väntar på vårt svar", "Waiting for our answer")),
            ("them", tr("Väntar på deras svar", "Waiting for their answer")),
            *(
                (f"cat:{c.value}", tr(f"Kategori: {c.value}", f"Category: {c.value}"))
                for c in Category
            ),
        ]
        flt = self.filter
        current = (
            "unread" if flt.unread else str(flt.waiting.value) if flt.waiting is not Waiting.ANY
            else f"cat:{flt.category}" if flt.category else "all"
        )  # fmt: skip

        def chosen(value: str | None) -> None:
            if value is None or self.folder is None:
                return
            threads = self.filter.threads
            if value == "unread":
                self.filter = ListFilter(unread=True, threads=threads)
            elif value in ("us", "them"):
                self.filter = ListFilter(waiting=Waiting(value), threads=threads)
            elif value.startswith("cat:"):
                self.filter = ListFilter(category=value[4:], threads=threads)
            else:
                self.filter = ListFilter(threads=threads)
            self._show_folder(self.folder)

        from fblmail.tui.widgets.choice_dialog import ChoiceDialog

        self.app.push_screen(ChoiceDialog(tr("Visa", "Show"), options, current), chosen)

    # -- the command palette ----------------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The inbox's actions in Ctrl+P."""
        for action, title, help_text in (
            ("open", tr("Öppna meddelandet", "Open the message"), "Enter"),
            ("compose", tr("Skriv nytt meddelande", "Compose a new message"), "c"),
            ("reply", tr("Svara", "Reply"), "r"),
            ("forward", tr("Vidarebefordra", "Forward"), "f"),
            ("search", tr("Sök", "Search"), "/"),
            ("sort", tr("Byt ordning", "Change order"), "s"),
            ("filter", tr("Filtrera", "Filter"), "F"),
            ("next_unread", tr("Nästa olästa", "Next unread"), "J"),
            ("tag_pattern", tr("Märk efter mönster", "Tag by pattern"), "T"),
            ("clear_tags", tr("Avmärk alla", "Untag all"), "Ctrl+T"),
            ("toggle_tree", tr("Visa/dölj brevlådorna", "Show/hide the mailboxes"), "b"),
            ("toggle_threads", tr("En rad per tråd / alla", "One row per thread / all"), "z"),
            ("undo", tr("Ångra", "Undo"), "u"),
        ):
            if self.check_action(action, ()):
                yield SystemCommand(title, help_text, getattr(self, f"action_{action}"))
        yield SystemCommand(tr("Utkast", "Drafts"), tr("Visa dina utkast", "Show your drafts"),
                            self.show_drafts)  # fmt: skip

    def show_drafts(self) -> None:
        """The Drafts folder."""
        raise NotImplementedError

"""Finding things in the inbox: search (`/`) with n/N through the hits, the order (`s`),
the filter (`F`), and Escape back out of them.

Search uses the database's full-text index through the inbox reader (the newest 50 hits
in the user's mailboxes; when there are more, the status line says "minst 50 träffar –
de 50 nyaste visas"); the search and its number of hits go to the access log.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.message import Message
from textual.widgets import Input

from fblmail.domain.categories import Category
from fblmail.i18n import plural, quoted, tr
from fblmail.present import DRAFT, MESSAGE, count, folder_name, short_box
from fblmail.service.mailboxes.inbox import SEARCH_LIMIT, InboxRow, ListFilter, ListOrder, Waiting
from fblmail.service.mailboxes.inbox import orders as all_orders
from fblmail.tui.inbox.context import DRAFTS, SEARCH, InboxContext
from fblmail.tui.safe import plain_line
from fblmail.tui.widgets.pager import FixedPager

SEARCH_FIELD = "search"
"""The id of the search field (made on first use, under the status line)."""


class Finder:
    """Search and its hits, the order and the filter of the list."""

    @dataclass
    class SearchDone(Message):
        """Search hits (newest first)."""

        text: str
        rows: list[InboxRow]
        more: bool = False

    def __init__(self, context: InboxContext) -> None:
        self.context = context
        self.text = ""
        self.hits: list[InboxRow] = []
        self.more = False
        self._field: Input | None = None

    # -- search -----------------------------------------------------------------------------

    def open_field(self) -> None:
        """Show the search field (made on first use: the first screen does not need it)."""
        if self._field is None:
            from fblmail.tui.widgets.safe_fields import SafeInput  # pastes shown as data

            placeholder = tr("Sök (Enter söker, Esc avbryter)", "Search (Enter, Esc cancels)")
            self._field = SafeInput(placeholder=placeholder, id=SEARCH_FIELD)
            self.context.mount_field(self._field)
        self._field.display = True
        self._field.focus()

    def submitted(self, event: Input.Submitted) -> None:
        """Enter in the search field."""
        text = event.value.strip()
        event.input.display = False
        self.context.rows.focus()
        if text:
            self.search(text)

    def search(self, text: str) -> None:
        """Search the user's mailboxes in a worker; the hits come back as `SearchDone`."""
        services, post = self.context.services, self.context.post

        def work() -> None:
            inbox = services.inbox
            if inbox is None:
                return
            rows = inbox.search(text, SEARCH_LIMIT + 1)  # one more says whether there are more
            shown = rows[:SEARCH_LIMIT]
            post(self.SearchDone(text, shown, len(rows) > SEARCH_LIMIT))
            services.messenger().inbox.log_search(text, len(shown))

        self.context.run(work, group="inbox-search", exclusive=True)

    def search_done(self, message: SearchDone) -> None:
        """Show the hits in the list; n/N step through them."""
        self.context.place.mode = SEARCH
        self.text, self.hits, self.more = message.text, message.rows, message.more
        empty = tr("Inga träffar.", "No hits.")
        self.context.rows.show(FixedPager(message.rows), message.rows, empty)
        self.context.update_status()
        self.context.refresh_actions()

    @property
    def has_hits(self) -> bool:
        """Whether n/N have anywhere to go."""
        return self.context.place.mode == SEARCH and bool(self.hits)

    def status_parts(self, tags: str) -> list[str]:
        """The status line: where the list is and what it shows (`tags`: the tags' part)."""
        shown, place = self.context.rows, self.context.place
        # An inexact total is a lower bound: "500+ meddelanden".
        total, more = (shown.total, False) if shown.exact else (shown.total - 1, True)
        if place.mode == DRAFTS:
            return [folder_name(DRAFTS), count(total, DRAFT, at_least=more)]
        if place.mode == SEARCH:
            return [self.status()]
        if place.folder is None:
            return []
        return [
            f"{short_box(place.folder.address)} › {folder_name(place.folder.folder)}",
            self.order_name(),
            self.filter_name(),
            count(total, MESSAGE, at_least=more),
            tags,
        ]

    def status(self) -> str:
        """The status line in search mode (the search text shown as data)."""
        shown = plain_line(self.text, 40)
        hits = len(self.hits)
        at = self.context.rows.cursor + 1 if hits else 0
        if self.more:
            count = tr(f"minst {hits} träffar – de {hits} nyaste visas",
                       f"at least {hits} hits – the newest {hits} shown")  # fmt: skip
        else:
            count = plural(hits, "träff", "träffar", "hit", "hits")
        where = tr(f", träff {at}", f", hit {at}") if hits else ""
        return tr(
            f"Sökning {quoted(shown)}: {count}{where} · n/N bläddrar · Esc tillbaka",
            f"Search {quoted(shown)}: {count}{where} · n/N step · Esc back",
        )

    def step(self, step: int) -> None:
        """The next (1) or previous (-1) hit, round the ends."""
        if not self.has_hits:
            self.context.notify(
                tr("Ingen sökning – tryck / för att söka.", "No search – press / to search.")
            )
            return
        rows = self.context.rows
        rows.move_to((rows.cursor + step) % len(self.hits))
        self.context.update_status()

    def back(self) -> None:
        """Escape: close the search field, leave search results, or clear the filter."""
        place = self.context.place
        if self._field is not None and self._field.display:
            self._field.display = False
            self.context.rows.focus()
        elif place.mode == SEARCH and place.folder is not None:
            self.context.show_folder(place.folder)
        elif place.filter.active and place.folder is not None:
            place.filter = ListFilter(threads=place.filter.threads)
            self.context.show_folder(place.folder)

    # -- order and filter -------------------------------------------------------------------

    def next_order(self) -> None:
        """Most urgent first → newest first → oldest first."""
        place = self.context.place
        if place.folder is None:
            return
        sequence = list(all_orders())
        place.order = sequence[(sequence.index(place.order) + 1) % len(sequence)]
        self.context.show_folder(place.folder)

    def order_name(self) -> str:
        """The current order in words."""
        return {
            ListOrder.URGENT: tr("▲ brådskande först", "▲ most urgent first"),
            ListOrder.NEWEST: tr("▼ nyast först", "▼ newest first"),
            ListOrder.OLDEST: tr("▲ äldst först", "▲ oldest first"),
        }[self.context.place.order]

    def filter_name(self) -> str:
        """The filter in words ("" when none)."""
        flt = self.context.place.filter
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

    def toggle_threads(self) -> None:
        """One row per thread (its newest message, with the count) ↔ every message."""
        place = self.context.place
        if place.folder is None:
            return
        place.filter = replace(place.filter, threads=not place.filter.threads)
        self.context.show_folder(place.folder)

    def choose_filter(self) -> None:
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
        place = self.context.place
        flt = place.filter
        current = (
            "unread" if flt.unread else str(flt.waiting.value) if flt.waiting is not Waiting.ANY
            else f"cat:{flt.category}" if flt.category else "all"
        )  # fmt: skip

        def chosen(value: str | None) -> None:
            if value is None or place.folder is None:
                return
            threads = place.filter.threads
            if value == "unread":
                place.filter = ListFilter(unread=True, threads=threads)
            elif value in ("us", "them"):
                place.filter = ListFilter(waiting=Waiting(value), threads=threads)
            elif value.startswith("cat:"):
                place.filter = ListFilter(category=value[4:], threads=threads)
            else:
                place.filter = ListFilter(threads=threads)
            self.context.show_folder(place.folder)

        from fblmail.tui.widgets.choice_dialog import ChoiceDialog

        self.context.push(ChoiceDialog(tr("Visa", "Show"), options, current), chosen)

"""mutt habits in the inbox: tag messages (`t`, `T` by pattern, Ctrl+T clears) and act on
the tagged set (d, m, U, p then apply to every tagged message), and jump to the next
unread (`J`).

Each message of a bulk action goes through the same use case as a single one (`Folders`),
so each is checked and gets its own access-log row; a refusal for one message does not stop
the others and is counted in the result. Tag by pattern searches the store's full-text
index (logged as a search) and also matches the other party's name in the loaded rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from textual.message import Message
from textual.widgets import Input

from fblmail.errors import FblError
from fblmail.i18n import language, tr
from fblmail.present import MESSAGE, count, folder_name
from fblmail.service.mailboxes.inbox import InboxRow
from fblmail.service.views import MessageSummary
from fblmail.tui.commands import message_actions as commands
from fblmail.tui.commands.message_actions import Change, apply_change
from fblmail.tui.inbox.actions import UndoStack
from fblmail.tui.inbox.context import FOLDER, SEARCH, InboxContext
from fblmail.tui.widgets.columns import party_of

TAG_SEARCH_LIMIT = 500
TAG_FIELD = "tag-pattern"
"""The id of the tag-pattern field (made on first use, under the status line)."""


def _messages(number: int) -> str:
    return count(number, MESSAGE)


class Tagger:
    """The tagged set, the bulk actions on it, and the jump to the next unread message."""

    @dataclass
    class BulkDone(Message):
        """A bulk change went through (`done`), with how many were refused and why."""

        action: str
        done: list[Change]
        refused: list[str]
        undo: bool

    @dataclass
    class TagsFound(Message):
        """The messages a tag pattern matched."""

        text: str
        rows: list[InboxRow]

    @dataclass
    class UnreadFound(Message):
        """The next unread row (None: no unread message in the list)."""

        row: InboxRow | None
        wrapped: bool

    def __init__(
        self, context: InboxContext, undo: UndoStack, hits: Callable[[], Sequence[InboxRow]]
    ) -> None:
        self.context = context
        self.undo = undo
        self._hits = hits  # the search hits on screen (a pattern tags only among them)
        self.tagged: dict[int, MessageSummary] = {}
        self._field: Input | None = None

    def clear(self) -> None:
        """Untag everything (without a word: a new folder was opened)."""
        self.tagged.clear()
        self.context.rows.tagged = frozenset()

    def _show(self) -> None:
        self.context.rows.tagged = frozenset(self.tagged)
        self.context.rows.refresh()
        self.context.update_status()
        self.context.refresh_actions()

    def status(self) -> str:
        """"3 märkta" for the status line ("" without tags)."""
        if not self.tagged:
            return ""
        number = len(self.tagged)
        return tr(f"{number} märkta (d m U p gäller dem, Ctrl+T avmärker)",
                  f"{number} tagged (d m U p act on them, Ctrl+T untags)")  # fmt: skip

    # -- tags -------------------------------------------------------------------------------

    def toggle(self, summary: MessageSummary | None) -> None:
        """Tag or untag the message under the cursor, then go to the next."""
        if summary is None:
            return
        if self.tagged.pop(summary.item_id, None) is None:
            self.tagged[summary.item_id] = summary
        self._show()
        self.context.rows.action_cursor_down()

    def clear_all(self) -> None:
        """Untag everything (Ctrl+T)."""
        self.tagged.clear()
        self._show()

    def open_field(self) -> None:
        """Ask for a text; every message of the list that matches it is tagged."""
        if self._field is None:
            from fblmail.tui.widgets.safe_fields import SafeInput

            placeholder = tr(
                "Märk: ord i ämne, text, patient eller avsändare (Enter, Esc)",
                "Tag: words in subject, text, patient or sender (Enter, Esc)",
            )
            self._field = SafeInput(placeholder=placeholder, id=TAG_FIELD)
            self.context.mount_field(self._field)
        self._field.value = ""
        self._field.display = True
        self._field.focus()

    def close_field(self) -> bool:
        """Hide the tag-pattern field if open; True if it was."""
        if self._field is None or not self._field.display:
            return False
        self._field.display = False
        self.context.rows.focus()
        return True

    def submitted(self, event: Input.Submitted) -> None:
        """Enter in the tag-pattern field: find and tag."""
        event.stop()
        self.close_field()
        if text := event.value.strip():
            self._find(text)

    def _find(self, text: str) -> None:
        services, post = self.context.services, self.context.post

        def work() -> None:
            inbox = services.inbox
            if inbox is None:
                return
            rows = inbox.search(text, TAG_SEARCH_LIMIT)
            services.messenger().inbox.log_search(text, len(rows))
            post(self.TagsFound(text, rows))

        self.context.run(work, group="inbox-tags", exclusive=True)

    def found(self, message: TagsFound) -> None:
        """Tag the hits that belong to the list on screen, and loaded rows by sender."""
        place, needle, rows = self.context.place, message.text.casefold(), self.context.rows
        folder = place.folder
        found = {r.summary.item_id: r.summary for r in message.rows}
        if place.mode == SEARCH:
            shown = {r.summary.item_id for r in self._hits()}
            found = {k: v for k, v in found.items() if k in shown}
        elif folder is not None:
            found = {k: v for k, v in found.items()
                     if v.mailbox == folder.address and v.folder == folder.folder}  # fmt: skip
        start, loaded = rows.loaded
        for index in range(start, start + loaded):
            row = rows.row_at(index)
            if isinstance(row, InboxRow) and needle in party_of(row.summary).casefold():
                found[row.summary.item_id] = row.summary
        before = len(self.tagged)
        self.tagged.update(found)
        added = len(self.tagged) - before
        self.context.notify(
            tr(f"{_messages(added)} till märkta.", f"{_messages(added)} more tagged."),
            markup=False,
        )
        self._show()

    # -- bulk actions ------------------------------------------------------------------------

    def delete(self) -> None:
        """The tagged messages to the trash."""
        self.bulk([Change("delete", s) for s in self.tagged.values() if s.folder != "trash"])

    def toggle_read(self) -> None:
        """All tagged read (all unread if every one is read already)."""
        targets = list(self.tagged.values())
        read = "0" if all(s.read for s in targets) else "1"
        self.bulk([Change("read", s, read) for s in targets if s.read != (read == "1")])

    def move(self) -> None:
        """The tagged messages to another folder."""
        targets = list(self.tagged.values())

        def chosen(folder: str | None) -> None:
            if folder:
                self.bulk([Change("move", s, folder) for s in targets if s.folder != folder])

        from fblmail.tui.widgets.choice_dialog import move_dialog

        self.context.push(move_dialog(""), chosen)

    def print(self) -> None:
        """Print the tagged messages one dialog after the other."""
        context = self.context
        commands.print_each(context.app(), context.services, list(self.tagged.values()))

    def undo_bulk(self, changes: Sequence[Change]) -> None:
        """Undo a bulk change (`u`)."""
        self.bulk(list(changes), undo=True)

    def bulk(self, changes: list[Change], undo: bool = False) -> None:
        """Each change through its own use case, in a worker; the result as `BulkDone`."""
        if not changes:
            return
        services, post = self.context.services, self.context.post

        def work() -> None:
            done: list[Change] = []
            refused: list[str] = []
            for change in changes:
                try:
                    apply_change(services.messenger().folders, change, undo)
                except FblError as exc:
                    refused.append(exc.message(language()))
                else:
                    done.append(change)
            post(self.BulkDone(changes[0].action, done, refused, undo))

        self.context.run(work, group="inbox-change")

    def bulk_done(self, message: BulkDone) -> None:
        """Say what happened (and what was refused), remember the undo, untag, reload."""
        number = _messages(len(message.done))
        if message.undo:
            text = tr(f"Ångrat för {number}.", f"Undone for {number}.")
        else:
            if message.done:
                self.undo.remember(tuple(message.done))
            first = message.done[0] if message.done else None
            if message.action == "delete":
                text = tr(f"{number} flyttade till papperskorgen (u ångrar).",
                          f"{number} moved to the trash (u undoes).")  # fmt: skip
            elif message.action == "move" and first is not None:
                where = folder_name(first.value)
                text = tr(f"{number} flyttade till {where} (u ångrar).",
                          f"{number} moved to {where} (u undoes).")  # fmt: skip
            elif first is not None and first.value == "0":
                text = tr(f"{number} markerade som olästa.", f"{number} marked as unread.")
            else:
                text = tr(f"{number} markerade som lästa.", f"{number} marked as read.")
            self.tagged.clear()
        if message.refused:
            text += tr(f" {len(message.refused)} gick inte: ", f" {len(message.refused)} failed: ")
            text += message.refused[0]
        severity = "warning" if message.refused else "information"
        self.context.notify(text, markup=False, severity=severity)
        self._show()
        self.context.reload()

    # -- next unread ---------------------------------------------------------------------------

    def next_unread(self) -> None:
        """The next unread message after the cursor (from the top after the last)."""
        rows, place = self.context.rows, self.context.place
        current = rows.current
        if place.mode != FOLDER or place.folder is None:
            for step in range(1, rows.total + 1):
                row = rows.row_at((rows.cursor + step) % max(1, rows.total))
                if isinstance(row, InboxRow) and not row.summary.read:
                    rows.move_to((rows.cursor + step) % rows.total)
                    return
            self.context.notify(tr("Inga olästa meddelanden.", "No unread messages."),
                                markup=False)  # fmt: skip
            return
        key = current.key if isinstance(current, InboxRow) else None
        self._find_unread(key)

    def _find_unread(self, key: object) -> None:
        services, place, post = self.context.services, self.context.place, self.context.post

        def work() -> None:
            inbox = services.inbox
            if inbox is None or place.folder is None:
                return
            query = place.query()
            unread = replace(query, filter=replace(query.filter, unread=True))
            found = inbox.after(unread, key, 1) if key is not None else []  # type: ignore[arg-type]
            wrapped = not found
            if not found:
                found = inbox.first(unread, 1)
            post(self.UnreadFound(found[0] if found else None, wrapped and bool(found)))

        self.context.run(work, group="inbox-unread", exclusive=True)

    def unread_found(self, message: UnreadFound) -> None:
        """Go there (the list re-anchors on it)."""
        if message.row is None:
            self.context.notify(tr("Inga olästa meddelanden.", "No unread messages."),
                                markup=False)  # fmt: skip
            return
        if message.wrapped:
            self.context.notify(tr("Från början av listan.", "From the top of the list."),
                                markup=False)  # fmt: skip
        self.context.rows.reload(anchor=message.row.key)

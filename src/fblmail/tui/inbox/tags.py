"""mutt habits in the inbox: tag messages (`t`, `T` by pattern, Ctrl+T clears) and act on
the tagged set (d, m, U, p then apply to every tagged message), jump to the next unread
(`J`), and show or hide the mailbox tree (`b`; it hides itself on narrow terminals).

Each message of a bulk action goes through the same use case as a single one (`Folders`),
so each is checked and gets its own access-log row; a refusal for one message does not stop
the others and is counted in the result. Tag by pattern searches the store's full-text
index (logged as a search) and also matches the other party's name in the loaded rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import events, on, work
from textual.message import Message
from textual.widgets import Input

from fblmail.errors import FblError
from fblmail.i18n import language, tr
from fblmail.present import MESSAGE, count, folder_name
from fblmail.service.mailboxes.inbox import InboxRow
from fblmail.service.views import MessageSummary
from fblmail.tui.commands import message_actions as commands
from fblmail.tui.commands.message_actions import Change
from fblmail.tui.inbox.find import InboxFind
from fblmail.tui.widgets.columns import party_of
from fblmail.tui.widgets.mailbox_tree import MailboxTree

TREE_MIN_WIDTH = 110
"""Below this many columns the mailbox tree hides itself (`b` shows it)."""
TAG_SEARCH_LIMIT = 500


def _messages(number: int) -> str:
    return count(number, MESSAGE)


class InboxTags(InboxFind):
    """Tags, bulk actions, next unread, the tree toggle (the screen is `InboxScreen`)."""

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

    def init_tags(self) -> None:
        """State (called from `__init__`)."""
        self.tagged: dict[int, MessageSummary] = {}
        self._tree_choice: bool | None = None  # None: by the terminal's width

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Tagging needs a message; with tags, d/m/U/p act on them whatever the cursor."""
        if action == "tag":
            return True if self._message() is not None else None
        if action == "clear_tags":
            return True if self.tagged else None
        if self.tagged and action in ("delete", "move", "toggle_read", "print"):
            return True if self.fbl_app.messenger is not None else None
        return super().check_action(action, parameters)

    def action_back(self) -> None:
        """Escape: the tag field first, then as before (search, filter)."""
        if not self.close_tag_field():
            super().action_back()

    # -- the tree ---------------------------------------------------------------------------

    def _place_tree(self) -> None:
        tree = self.query_one(MailboxTree)
        wanted = self._tree_choice
        show = wanted if wanted is not None else self.app.size.width >= TREE_MIN_WIDTH
        if tree.display != show:
            tree.display = show
            if not show and tree.has_focus:
                self.message_list.focus()

    def on_resize(self, event: events.Resize) -> None:
        """A narrow terminal hides the tree (unless the user asked for it)."""
        self._place_tree()

    def action_toggle_tree(self) -> None:
        """Show or hide the mailboxes."""
        tree = self.query_one(MailboxTree)
        self._tree_choice = not tree.display
        self._place_tree()
        if tree.display:
            tree.focus()

    # -- tags -------------------------------------------------------------------------------

    def _show_tags(self) -> None:
        self.message_list.tagged = frozenset(self.tagged)
        self.message_list.refresh()
        self.update_status()
        self.refresh_action_state()

    def tags_status(self) -> str:
        """"3 märkta" for the status line ("" without tags)."""
        if not self.tagged:
            return ""
        count = len(self.tagged)
        return tr(f"{count} märkta (d m U p gäller dem, Ctrl+T avmärker)",
                  f"{count} tagged (d m U p act on them, Ctrl+T untags)")  # fmt: skip

    def action_tag(self) -> None:
        """Tag or untag the message under the cursor, then go to the next."""
        summary = self._message()
        if summary is None:
            return
        if self.tagged.pop(summary.item_id, None) is None:
            self.tagged[summary.item_id] = summary
        self._show_tags()
        self.message_list.action_cursor_down()

    def action_clear_tags(self) -> None:
        """Untag everything."""
        self.tagged.clear()
        self._show_tags()

    def action_tag_pattern(self) -> None:
        """Ask for a text; tag every message of the list that matches it."""
        field = next(self.query("#tag-pattern").results(Input), None)
        if field is None:
            from fblmail.tui.widgets.safe_fields import SafeInput

            placeholder = tr(
                "Märk: ord i ämne, text, patient eller avsändare (Enter, Esc)",
                "Tag: words in subject, text, patient or sender (Enter, Esc)",
            )
            field = SafeInput(placeholder=placeholder, id="tag-pattern")
            self.mount(field, after=self.query_one("#status"))
        field.value = ""
        field.display = True
        field.focus()

    def close_tag_field(self) -> bool:
        """Hide the tag-pattern field if open; True if it was."""
        field = next(self.query("#tag-pattern").results(Input), None)
        if field is None or not field.display:
            return False
        field.display = False
        self.message_list.focus()
        return True

    @on(Input.Submitted, "#tag-pattern")
    def tag_pattern_submitted(self, event: Input.Submitted) -> None:
        """Enter: find and tag."""
        event.stop()
        self.close_tag_field()
        if text := event.value.strip():
            self._find_tags(text)

    @work(thread=True, exclusive=True, group="inbox-tags", exit_on_error=False)
    def _find_tags(self, text: str) -> None:
        inbox = self.fbl_app.inbox
        if inbox is None:
            return
        rows = inbox.search(text, TAG_SEARCH_LIMIT)
        self.fbl_app.require_messenger().inbox.log_search(text, len(rows))
        self.post_message(self.TagsFound(text, rows))

    def on_inbox_tags_tags_found(self, message: TagsFound) -> None:
        """Tag the hits that belong to the list on screen, and loaded rows by sender."""
        folder, needle = self.folder, message.text.casefold()
        found = {r.summary.item_id: r.summary for r in message.rows}
        if self.mode == "search":
            shown = {r.summary.item_id for r in self._search_rows}
            found = {k: v for k, v in found.items() if k in shown}
        elif folder is not None:
            found = {k: v for k, v in found.items()
                     if v.mailbox == folder.address and v.folder == folder.folder}  # fmt: skip
        start, count = self.message_list.loaded
        for index in range(start, start + count):
            row = self.message_list.row_at(index)
            if isinstance(row, InboxRow) and needle in party_of(row.summary).casefold():
                found[row.summary.item_id] = row.summary
        before = len(self.tagged)
        self.tagged.update(found)
        added = len(self.tagged) - before
        self.notify(tr(f"{_messages(added)} till märkta.", f"{_messages(added)} more tagged."),
                    markup=False)  # fmt: skip
        self._show_tags()

    # -- bulk actions ------------------------------------------------------------------------

    def _bulk_targets(self) -> list[MessageSummary]:
        return list(self.tagged.values())

    def action_delete(self) -> None:
        """To the trash: the tagged messages, or the one under the cursor."""
        if targets := self._bulk_targets():
            self._bulk([Change("delete", s) for s in targets if s.folder != "trash"], False)
        else:
            super().action_delete()

    def action_toggle_read(self) -> None:
        """Tagged: all read (all unread if every one is read already); else the current."""
        if targets := self._bulk_targets():
            read = "0" if all(s.read for s in targets) else "1"
            self._bulk([Change("read", s, read) for s in targets if s.read != (read == "1")],
                       False)  # fmt: skip
        else:
            super().action_toggle_read()

    def action_move(self) -> None:
        """Move the tagged messages (or the current one) to another folder."""
        targets = self._bulk_targets()
        if not targets:
            super().action_move()
            return

        def chosen(folder: str | None) -> None:
            if folder:
                self._bulk([Change("move", s, folder) for s in targets if s.folder != folder],
                           False)  # fmt: skip

        from fblmail.tui.widgets.choice_dialog import move_dialog

        self.app.push_screen(move_dialog(""), chosen)

    def action_print(self) -> None:
        """Print the tagged messages one dialog after the other (or the current one)."""
        targets = self._bulk_targets()
        if not targets:
            super().action_print()
            return
        commands.print_each(self.fbl_app, targets)

    def undo_group(self, changes: tuple[Change, ...]) -> None:
        """Undo a bulk change (called by `action_undo`)."""
        self._bulk(list(changes), True)

    @work(thread=True, group="inbox-change", exit_on_error=False)
    def _bulk(self, changes: list[Change], undo: bool) -> None:
        if not changes:
            return
        done: list[Change] = []
        refused: list[str] = []
        for change in changes:
            try:
                self.apply_change(change, undo)
            except FblError as exc:
                refused.append(exc.message(language()))
            else:
                done.append(change)
        self.post_message(self.BulkDone(changes[0].action, done, refused, undo))

    def on_inbox_tags_bulk_done(self, message: BulkDone) -> None:
        """Say what happened (and what was refused), remember the undo, untag, reload."""
        count = _messages(len(message.done))
        if message.undo:
            text = tr(f"Ångrat för {count}.", f"Undone for {count}.")
        else:
            if message.done:
                self.remember(tuple(message.done))
            first = message.done[0] if message.done else None
            if message.action == "delete":
                text = tr(f"{count} flyttade till papperskorgen (u ångrar).",
                          f"{count} moved to the trash (u undoes).")  # fmt: skip
            elif message.action == "move" and first is not None:
                where = folder_name(first.value)
                text = tr(f"{count} flyttade till {where} (u ångrar).",
                          f"{count} moved to {where} (u undoes).")  # fmt: skip
            elif first is not None and first.value == "0":
                text = tr(f"{count} markerade som olästa.", f"{count} marked as unread.")
            else:
                text = tr(f"{count} markerade som lästa.", f"{count} marked as read.")
            self.tagged.clear()
        if message.refused:
            text += tr(f" {len(message.refused)} gick inte: ", f" {len(message.refused)} failed: ")
            text += message.refused[0]
        self.notify(text, markup=False, severity="warning" if message.refused else "information")
        self._show_tags()
        self.reload()

    # -- next unread ---------------------------------------------------------------------------

    def action_next_unread(self) -> None:
        """The next unread message after the cursor (from the top after the last)."""
        rows = self.message_list
        current = rows.current
        if self.mode != "folder" or self.folder is None:
            for step in range(1, rows.total + 1):
                row = rows.row_at((rows.cursor + step) % max(1, rows.total))
                if isinstance(row, InboxRow) and not row.summary.read:
                    rows.move_to((rows.cursor + step) % rows.total)
                    return
            self.notify(tr("Inga olästa meddelanden.", "No unread messages."), markup=False)
            return
        key = current.key if isinstance(current, InboxRow) else None
        self._find_unread(key)

    @work(thread=True, exclusive=True, group="inbox-unread", exit_on_error=False)
    def _find_unread(self, key: object) -> None:
        inbox = self.fbl_app.inbox
        if inbox is None or self.folder is None:
            return
        query = self._query(self.folder)
        unread = replace(query, filter=replace(query.filter, unread=True))
        found = inbox.after(unread, key, 1) if key is not None else []  # type: ignore[arg-type]
        wrapped = not found
        if not found:
            found = inbox.first(unread, 1)
        self.post_message(self.UnreadFound(found[0] if found else None, wrapped and bool(found)))

    def on_inbox_tags_unread_found(self, message: UnreadFound) -> None:
        """Go there (the list re-anchors on it)."""
        if message.row is None:
            self.notify(tr("Inga olästa meddelanden.", "No unread messages."), markup=False)
            return
        if message.wrapped:
            self.notify(tr("Från början av listan.", "From the top of the list."), markup=False)
        self.message_list.reload(anchor=message.row.key)


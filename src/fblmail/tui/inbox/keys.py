"""The inbox's keys (mail-client habits), each a `Binding` with an id for the keymap.

Remap any of them in the config file, e.g. `[keymap]` `"inbox.delete" = "x"`.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from fblmail.tui.bindings import key


def _b(
    keys: str, action: str, sv: str, en: str, tip_sv: str, tip_en: str, *, show: bool = True
) -> Binding:
    return key(keys, action, sv, en, tip_sv, tip_en, show=show, id=f"inbox.{action}")


INBOX_KEYS: list[BindingType] = [
    _b("enter", "open", "Öppna", "Open", "Läs hela tråden", "Read the whole thread"),
    _b("c", "compose", "Skriv", "Compose", "Nytt meddelande", "New message"),
    _b("r", "reply", "Svara", "Reply", "Svara på meddelandet", "Reply to the message"),
    _b("f", "forward", "Vidarebefordra", "Forward", "Till en namngiven person (R13)",
       "To a named person (R13)"),
    _b("d,delete", "delete", "Radera", "Delete", "Flytta till papperskorgen",
       "Move to the trash"),
    _b("u", "undo", "Ångra", "Undo", "Ångra senaste radering, flytt eller läsmarkering",
       "Undo the last delete, move or read mark"),
    _b("R", "restore", "Återställ", "Restore", "Ta tillbaka ur papperskorgen",
       "Take back out of the trash"),
    _b("m", "move", "Flytta", "Move", "Flytta till en annan mapp", "Move to another folder"),
    _b("U", "toggle_read", "Läst/oläst", "Read/unread", "Markera som läst eller oläst",
       "Mark as read or unread"),
    _b("slash", "search", "Sök", "Search", "Sök i ämne, text och patient",
       "Search subject, text and patient"),
    _b("n", "next_hit", "Nästa träff", "Next hit", "Nästa sökträff", "Next search hit",
       show=False),
    _b("N", "previous_hit", "Förra träffen", "Previous hit", "Föregående sökträff",
       "Previous search hit", show=False),
    _b("s", "sort", "Ordning", "Order", "Brådskande först, nyast eller äldst först",
       "Most urgent, newest or oldest first"),
    _b("F", "filter", "Filter", "Filter", "Kategori, olästa, väntar på oss/dem",
       "Category, unread, waiting for us/them"),
    _b("p", "print", "Skriv ut", "Print", "Skriv ut som arbetsunderlag (R16)",
       "Print as working material (R16)", show=False),
    _b("escape", "back", "Tillbaka", "Back", "Lämna sökning eller filter",
       "Leave search or filter", show=False),
    _b("t", "tag", "Märk", "Tag", "Märk eller avmärk meddelandet; d, m, U och p gäller "
       "sedan alla märkta", "Tag or untag the message; d, m, U and p then act on all tagged"),
    _b("T", "tag_pattern", "Märk efter mönster", "Tag by pattern",
       "Märk alla i listan vars ämne, patient eller avsändare innehåller texten",
       "Tag every message in the list whose subject, patient or sender holds the text",
       show=False),
    _b("ctrl+t", "clear_tags", "Avmärk alla", "Untag all", "Ta bort alla märkningar",
       "Remove every tag", show=False),
    _b("J", "next_unread", "Nästa olästa", "Next unread", "Hoppa till nästa olästa meddelande",
       "Jump to the next unread message", show=False),
    _b("z", "toggle_threads", "Trådar", "Threads", "En rad per tråd (nyaste meddelandet, "
       "antal inom parentes) eller alla meddelanden", "One row per thread (the newest "
       "message, the count in brackets) or every message", show=False),
    _b("b", "toggle_tree", "Brevlådor", "Mailboxes", "Visa eller dölj brevlådorna",
       "Show or hide the mailboxes", show=False),
    _b("q", "quit", "Avsluta", "Quit", "Stäng fblmail", "Close fblmail"),
]  # fmt: skip

PALETTE: list[tuple[str, tuple[str, str], str]] = [
    ("open", ("Öppna meddelandet", "Open the message"), "Enter"),
    ("compose", ("Skriv nytt meddelande", "Compose a new message"), "c"),
    ("reply", ("Svara", "Reply"), "r"),
    ("forward", ("Vidarebefordra", "Forward"), "f"),
    ("search", ("Sök", "Search"), "/"),
    ("sort", ("Byt ordning", "Change order"), "s"),
    ("filter", ("Filtrera", "Filter"), "F"),
    ("next_unread", ("Nästa olästa", "Next unread"), "J"),
    ("tag_pattern", ("Märk efter mönster", "Tag by pattern"), "T"),
    ("clear_tags", ("Avmärk alla", "Untag all"), "Ctrl+T"),
    ("toggle_tree", ("Visa/dölj brevlådorna", "Show/hide the mailboxes"), "b"),
    ("toggle_threads", ("En rad per tråd / alla", "One row per thread / all"), "z"),
    ("undo", ("Ångra", "Undo"), "u"),
]
"""The inbox's actions in the command palette (Ctrl+P): action, (Swedish, English), key."""

"""User text is data: a hostile corpus as subject, body, journal-note title and forward note,
through the list, the reading pane, the reader, search results, the status line and
notifications. Nothing is eaten, nothing crashes, no escape byte reaches the terminal.

The check reads what the compositor would write: the text of every segment of every line.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fblmail.service.mailboxes.inbox import InboxRow
from fblmail.tui.app import FblApp
from fblmail.tui.inbox.screen import InboxScreen
from fblmail.tui.reader.screen import ReaderScreen
from fblmail.tui.widgets.mailbox_tree import MailboxTree
from kit.tui import (
    AppFactory,
    TuiWorld,
    ready,
    run_async,
    screen_lines,
    screen_text,
    settled,
    the_list,
    wait_for,
)

HOSTILE = (
    "[TODO] x",
    "[/",
    "[@click=app.quit]x[/]",
    "[link='file:///etc/passwd']y[/link]",
    "\x1b[31mröd",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x9b31m",
    "\u202eevil",
)
FORBIDDEN = ("\x1b", "\x9b", "\x07", "\u202e")
ALL = " ".join(HOSTILE)


@pytest.fixture
def hostile(tui_world: TuiWorld) -> Iterator[TuiWorld]:
    """Hostile text everywhere a user can type it, in Herrhagen's inbox and Cecilia's box."""
    world = tui_world.world
    first = world.send(subject=f"[TODO] x {ALL}"[:200], body=f"Början\n{ALL}\nSlut [TODO] x")
    for number, text in enumerate(HOSTILE):
        world.clock.advance(minutes=1)
        world.send(subject=f"{text} #{number}", body=f"{text}\n[TODO] x")
    world.as_("cecilia.dr").messaging.reply(
        first, f"Svar {ALL}", journal_note=f"ref {ALL}"[:400], journal_title=f"[TODO] x {ALL}"[:200]
    )
    world.as_("david.ssk").messaging.forward(
        first, "cecilia.dr", recipient_informed=True, note=f"Not {ALL}"
    )
    world.clock.advance(minutes=1)
    yield tui_world


def assert_clean(app: FblApp) -> None:
    """No forbidden character in any segment the screen would write."""
    for text, segments in screen_lines(app):
        for segment in segments:
            for bad in FORBIDDEN:
                assert bad not in segment, f"{bad!r} reached the terminal in {text!r}"


@run_async
async def test_hostile_text_in_every_view(make_app: AppFactory, hostile: TuiWorld) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "[TODO] x" in text  # nothing eaten
        assert "[@click=app.quit]x[/] #2" in text  # a click action is only text
        assert "[link='file:///etc/passwd']y[/link] #3" in text
        assert "\\x1b[31mröd #4" in text and "\\u202eevil #7" in text  # escapes, visibly
        assert_clean(app)
        # The pane: header at once, body once the selection rests on it.
        widget = the_list(app)
        for index in range(widget.total):
            row = widget.row_at(index)
            if isinstance(row, InboxRow) and row.summary.subject.startswith("[TODO] x ["):
                widget.move_to(index)
        await wait_for(pilot, lambda: "Början" in screen_text(app))
        assert "Slut [TODO] x" in screen_text(app)
        assert_clean(app)
        # The reader: the whole thread, the journal note, the answer.
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.details)
        await pilot.pause()
        text = screen_text(app)
        assert "Journalanteckning: [TODO] x" in text and "Svar [TODO] x" in text
        assert_clean(app)
        await pilot.press("o")  # the notification shows the title and reference
        await pilot.pause()
        assert_clean(app)
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, InboxScreen))
        # Search: hits and the status line with the words searched for.
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        screen.search("TODO \x1b[31m [/ \u202e")
        await wait_for(pilot, lambda: screen.place.mode == "search")
        await settled(pilot)
        assert "[TODO] x" in screen_text(app) and "”TODO \\x1b[31m [/ \\u202e”" in screen_text(app)
        assert_clean(app)
        # A notification about a message names its subject.
        await pilot.press("d")
        await wait_for(pilot, lambda: len(app._notifications) > 0)
        await pilot.pause()
        assert any("[TODO] x" in n.message or "#" in n.message for n in app._notifications)
        assert_clean(app)
        assert app.is_running  # "[@click=app.quit]" quit nothing


@run_async
async def test_hostile_forward_note_in_the_personal_mailbox(
    make_app: AppFactory, hostile: TuiWorld
) -> None:
    app = make_app(login="cecilia.dr")
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        screen.query_one(MailboxTree).select_folder("inbox", kind="personal")
        await wait_for(pilot, lambda: the_list(app).total == 2)  # the seeded forward and this
        await pilot.press("enter")  # the newest first
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.details)
        await pilot.pause()
        await pilot.press("end")  # the forward is the last message of the thread
        await pilot.pause()
        text = screen_text(app)
        assert "Kommentar: Not [TODO] x" in text
        assert_clean(app)

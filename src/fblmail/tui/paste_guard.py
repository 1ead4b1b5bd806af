r"""A pasted ESC stays pasted text: the terminal input is filtered before Textual parses it.

Textual's input parser (textual 8.2, `_xterm_parser.py`) handles an ESC inside a bracketed
paste (`ESC[200~ … ESC[201~`) as the start of an escape sequence: the characters after it
are not added to the paste but re-issued as *key presses* while the paste is still being
collected. A paste of coloured terminal output (`\x1b[31m…`), which tmux and some terminals
pass on unchanged, thus arrived scrambled (the text after the first ESC typed *before* the
text in front of it, found driving the app in tmux) and, outside a text field, as keys that
could fire the screen's bindings (`d` deletes).

`PasteGuard` rewrites every ESC inside a paste, except the one that ends it, as the four
characters `\x1b` before the parser sees it: the same visible form the editable fields give
a control character (`fblmail.domain.safe_text.visible`), so the paste arrives as one
`Paste` event, in order, and nothing is lost or typed. Outside a paste, input passes through
untouched and at once (a lone Escape key must not wait for more input). `GuardedLinuxDriver`
is Textual's Linux driver with that filter in front of its parser; the app uses it on a real
terminal (tests run headless and parse nothing).
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from collections.abc import Iterable

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from fblmail.domain.safe_text import visible

__all__ = ["GuardedLinuxDriver", "GuardedParser", "PasteGuard"]

ESC = "\x1b"
PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
SHOWN_ESC = visible(ESC)


class PasteGuard:
    """A stream filter: inside a bracketed paste, an ESC that does not end it is made text."""

    def __init__(self) -> None:
        self.in_paste = False
        self._matched = 0  # characters of PASTE_START seen so far, outside a paste
        self._held = ""  # inside a paste: a possible start of PASTE_END cut by the read

    def feed(self, data: str) -> str:
        """The filtered form of the next piece of input (state carries across pieces)."""
        out: list[str] = []
        text = data
        while text:
            if self.in_paste:
                held, self._held = self._held, ""
                text = self._in_paste(held + text, out)
            else:
                text = self._outside(text, out)
        return "".join(out)

    def _outside(self, text: str, out: list[str]) -> str:
        """Pass `text` on unchanged until a paste starts; return what follows the start."""
        for index, char in enumerate(text):
            if char == PASTE_START[self._matched]:
                self._matched += 1
            else:
                self._matched = 1 if char == ESC else 0
            if self._matched == len(PASTE_START):
                self._matched = 0
                self.in_paste = True
                out.append(text[: index + 1])
                return text[index + 1 :]
        out.append(text)
        return ""

    def _in_paste(self, text: str, out: list[str]) -> str:
        """Rewrite stray ESCs of a paste; return the input after the paste's end, if any."""
        start = 0
        while (at := text.find(ESC, start)) != -1:
            out.append(text[start:at])
            rest = text[at:]
            if rest.startswith(PASTE_END):
                out.append(PASTE_END)
                self.in_paste = False
                return rest[len(PASTE_END) :]
            if PASTE_END.startswith(rest):  # cut by the read: decide with the next piece
                self._held = rest
                return ""
            out.append(SHOWN_ESC)
            start = at + 1
        out.append(text[start:])
        return ""


class GuardedParser(XTermParser):
    """Textual's parser with `PasteGuard` in front of it."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self.guard = PasteGuard()

    def feed(self, data: str) -> Iterable[Message]:
        """Parse the next input, pasted ESCs made text first (`""` still means the end)."""
        return super().feed(self.guard.feed(data) if data else data)


class GuardedLinuxDriver(LinuxDriver):
    """Textual's Linux driver reading through `GuardedParser`.

    `run_input_thread` is LinuxDriver's own (textual 8.2) with one change, the parser class:
    the driver builds its parser inside this method and offers no other way to choose it.
    """

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (as LinuxDriver does)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = GuardedParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process(
            ready: list[tuple[selectors.SelectorKey, int]], final: bool = False
        ) -> None:
            for last, (_key, mask) in loop_last(ready):
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not data:
                        break  # stdin is a pipe
                    for event in parser.feed(data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(0.1))
            selector.unregister(self.fileno)
            process(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass

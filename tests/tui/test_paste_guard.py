"""A pasted ESC stays text (`fblmail.tui.paste_guard`): the filter and the parser behind it.

The bytes are those tmux 3.3 sent for a bracketed paste of `Rad ett`, a red `röd` and
`Rad tre` (captured from a raw terminal). Textual's own parser turned the part after the
ESC into key presses typed before the paste; the tmux test in test_tmux_compose.py sends
the same paste to the running app.
"""

from __future__ import annotations

from textual import events

from fblmail.tui.paste_guard import PASTE_END, PASTE_START, GuardedParser, PasteGuard

PASTED = "Rad ett\r\x1b[31mröd\x1b[0m\rRad tre\r"
WIRE = f"{PASTE_START}{PASTED}{PASTE_END}"
SHOWN = "Rad ett\r\\x1b[31mröd\\x1b[0m\rRad tre\r"


def _events(pieces: list[str]) -> list[object]:
    parser = GuardedParser()
    found: list[object] = []
    for piece in pieces:
        found.extend(parser.feed(piece))
    return found


def test_a_paste_with_escs_arrives_as_one_paste_in_order_and_no_keys() -> None:
    found = _events([WIRE, "x"])
    pastes = [event for event in found if isinstance(event, events.Paste)]
    keys = [event.key for event in found if isinstance(event, events.Key)]
    assert [paste.text for paste in pastes] == [SHOWN]
    assert keys == ["x"]  # the key typed after the paste, and nothing from inside it


def test_the_filter_gives_the_same_whatever_way_the_reads_cut_the_input() -> None:
    whole = "ab" + WIRE + "cd" + WIRE + "\x1b"
    expected = PasteGuard().feed(whole)
    assert expected == f"ab{PASTE_START}{SHOWN}{PASTE_END}cd{PASTE_START}{SHOWN}{PASTE_END}\x1b"
    for cut in range(len(whole) + 1):
        guard = PasteGuard()
        assert guard.feed(whole[:cut]) + guard.feed(whole[cut:]) == expected, cut
    guard = PasteGuard()
    assert "".join(guard.feed(char) for char in whole) == expected


def test_outside_a_paste_input_passes_at_once_and_unchanged() -> None:
    guard = PasteGuard()
    # A lone Escape key, an arrow key and Alt+x must reach the parser in the same read.
    for keys in ("\x1b", "\x1b[A", "\x1bx", "plain text", "\x1b[20", "0~"):
        assert guard.feed(keys) == keys
    assert guard.in_paste  # "\x1b[20" + "0~" was a paste start cut in two


def test_a_paste_ending_in_a_cut_end_marker_is_held_until_the_next_read() -> None:
    guard = PasteGuard()
    assert guard.feed(PASTE_START + "abc\x1b[20") == PASTE_START + "abc"
    assert guard.feed("1~z") == PASTE_END + "z"
    assert not guard.in_paste
    guard = PasteGuard()
    assert guard.feed(PASTE_START + "abc\x1b[20") == PASTE_START + "abc"
    assert guard.feed("9") == "\\x1b[209"  # not the end after all: text, nothing lost

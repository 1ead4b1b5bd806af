"""Nothing typed is lost: drafts saved as the user types, and once more on the way out.

`DraftKeeper` holds the latest content of one compose/forward screen and writes it to the
store through `Messenger.drafts.save`. It is thread-safe: the screen calls `flush()` in a
worker thread (never on the event loop) after a short pause in typing (`AutoSaver`), when
a field loses focus, and synchronously from `on_unmount` and the hang-up handler, when the
app is going away anyway and the last keystrokes matter more than a frame.

A send and a save must not race: `finish()` runs the send under the keeper's lock and
closes the keeper when it succeeds, so a save that was already queued cannot bring back
the draft the service just deleted.

`install_exit_guard(app)` makes SIGHUP (the SSH connection or the terminal went away, e.g.
`tmux kill-server`) and SIGTERM save every open draft before the app exits. Python's
default for both is to end the process at once, and Textual installs no handler for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
import uuid
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from fblmail.errors import FblError
from fblmail.service.drafts import DraftInput
from fblmail.service.views import DraftView, MessageSummary

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen
    from textual.timer import Timer

    from fblmail.service import Messenger

T = TypeVar("T")

DEBOUNCE_SECONDS = 0.6
"""Pause in typing after which the draft is saved (the only window that can be lost)."""

LOCK_WAIT_SECONDS = 5.0
"""How long a final save waits for a save already running in a worker."""

# The fields that count as "something typed"; from/reply/forward ids alone are no draft.
_TYPED = (
    "to_address",
    "category",
    "patient",
    "subject",
    "body",
    "journal_reference",
    "journal_title",
    "forward_to_login",
)

_live: weakref.WeakSet[DraftKeeper] = weakref.WeakSet()


def has_content(content: DraftInput, baseline: DraftInput | None = None) -> bool:
    """True if the user typed anything worth keeping (beyond what the screen prefilled)."""
    base = baseline or DraftInput()
    return any(
        getattr(content, name).strip() != getattr(base, name).strip()
        and getattr(content, name).strip() != ""
        for name in _TYPED
    )


class DraftKeeper:
    """The store copy of one screen's draft: latest content in, saves out, thread-safe."""

    def __init__(
        self,
        messenger: Messenger,
        draft_id: str | None = None,
        *,
        baseline: DraftInput | None = None,
        existing: bool = False,
    ) -> None:
        self.messenger = messenger
        # Choosing the id up front makes every save an update of the same row.
        self.draft_id = draft_id or str(uuid.uuid4())
        self.baseline = baseline or DraftInput()
        self.latest: DraftInput | None = None
        self.saved: DraftInput | None = None
        self.stored = existing  # a row with this id exists in the store
        self.closed = False
        self.last_error: FblError | None = None
        self._lock = threading.Lock()
        _live.add(self)

    def note(self, content: DraftInput) -> bool:
        """Remember the latest content; True if it differs from what the store has."""
        self.latest = content
        return self.dirty

    def set_baseline(self, baseline: DraftInput) -> None:
        """What the screen filled in by itself (a reply's subject, the default sender)."""
        self.baseline = baseline

    def mark_stored(self, content: DraftInput) -> None:
        """`content` is what the store already holds (a draft just restored)."""
        self.latest = self.saved = content
        self.stored = True

    @property
    def dirty(self) -> bool:
        """True if the latest content is not yet in the store."""
        latest = self.latest
        if self.closed or latest is None or latest == self.saved:
            return False
        return has_content(latest, self.baseline) or self.stored

    def flush(self, *, wait: float = LOCK_WAIT_SECONDS) -> DraftView | None:
        """Save the latest content if it changed (blocking: call it from a worker thread)."""
        if not self._lock.acquire(timeout=wait):
            return None
        try:
            latest = self.latest
            if self.closed or latest is None or not self.dirty:
                return None
            try:
                view = self.messenger.drafts.save(latest, self.draft_id)
            except FblError as exc:
                # Keep the text on screen and try again on the next change.
                self.last_error = exc
                return None
            self.saved = latest
            self.stored = True
            self.last_error = None
            return view
        finally:
            self._lock.release()

    def flush_on_exit(self) -> None:
        """The last save as the screen or the app goes away; then stop saving.

        Nothing may stop the exit here (the store could be gone too), so any error is
        swallowed: the debounced saves have kept all but the last moment's typing.
        """
        if not self.closed and self.dirty:
            with contextlib.suppress(Exception):
                self.flush()
        self.close()

    def finish(self, send: Callable[[], T]) -> T:
        """Run `send` (which deletes the draft in its transaction); close the keeper on success."""
        with self._lock:
            result = send()
            self.closed = True
            self.stored = False
            _live.discard(self)
            return result

    def discard(self) -> None:
        """Delete the draft (the user left an empty screen) and stop saving."""
        with self._lock:
            if self.stored:
                with contextlib.suppress(FblError):  # already gone is fine
                    self.messenger.drafts.discard(self.draft_id)
            self.closed = True
            self.stored = False
            _live.discard(self)

    def close(self) -> None:
        """Stop saving (the screen is gone); what is stored stays."""
        with self._lock:
            self.closed = True
            _live.discard(self)


def live_keepers() -> list[DraftKeeper]:
    """Every keeper of an open screen (for the exit guard)."""
    return list(_live)


class AutoSaver:
    """Debounces saves of one keeper on one screen: a worker thread after a pause in typing."""

    def __init__(self, node: DOMNode, keeper: DraftKeeper, delay: float = DEBOUNCE_SECONDS) -> None:
        self.node = node
        self.keeper = keeper
        self.delay = delay
        self._timer: Timer | None = None

    def changed(self, content: DraftInput) -> None:
        """The user typed: remember it and (re)start the pause timer."""
        if not self.keeper.note(content):
            return
        self.cancel()
        self._timer = self.node.set_timer(self.delay, self.save_soon, name="draft-autosave")

    def save_soon(self) -> None:
        """Save now, in a worker thread."""
        self.cancel()
        if self.keeper.dirty:
            self.node.run_worker(
                self.keeper.flush,
                name="draft-save",
                group="draft-save",
                thread=True,
                exit_on_error=False,
            )

    def cancel(self) -> None:
        """Stop a pending timer (before sending or leaving)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None


def save_all_now() -> int:
    """Save every open draft synchronously; the number of drafts written."""
    written = 0
    for keeper in live_keepers():
        with contextlib.suppress(Exception):  # one failing save must not stop the others
            if keeper.flush(wait=LOCK_WAIT_SECONDS) is not None:
                written += 1
    return written


_guarded: weakref.WeakSet[App[object]] = weakref.WeakSet()

EXIT_GRACE_SECONDS = 3.0
"""After a hang-up, how long the app may take to close before the process is ended."""


def install_exit_guard(app: App[object]) -> bool:
    """Save open drafts on SIGHUP/SIGTERM, then exit the app. Call on the event loop.

    Uses the running loop's signal handling, so the save runs as an ordinary callback
    rather than interrupting whatever the main thread was doing. Returns False where
    signals cannot be handled (not the main thread, Windows); idempotent per app.
    """
    if app in _guarded:
        return True
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return False

    def on_signal(signum: int) -> None:
        save_all_now()
        app.exit(return_code=128 + signum)
        # A terminal that went away could leave the exit path waiting on writes that never
        # finish; the drafts are safe now, so make sure the process does end.
        timer = threading.Timer(EXIT_GRACE_SECONDS, _exit_if_running, args=(app, 128 + signum))
        timer.daemon = True
        timer.start()

    try:
        for signum in (signal.SIGHUP, signal.SIGTERM):
            loop.add_signal_handler(signum, on_signal, signum)
    except (NotImplementedError, RuntimeError, ValueError, AttributeError):
        return False
    _guarded.add(app)
    return True


def _exit_if_running(app: App[object], code: int) -> None:
    if app.is_running:
        import os

        os._exit(code)


def screen_for_draft(messenger: Messenger, draft: DraftView) -> Screen[MessageSummary | None]:
    """The screen that continues a saved draft (compose, reply or forward)."""
    if draft.forward_of_id:
        from fblmail.tui.screens.forward import ForwardScreen

        return ForwardScreen(messenger, draft.forward_of_id, draft_id=draft.id)
    from fblmail.tui.screens.compose import ComposeScreen

    return ComposeScreen(messenger, reply_to=draft.reply_to_id, draft_id=draft.id)

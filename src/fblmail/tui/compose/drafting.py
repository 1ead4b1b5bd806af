"""Drafts saved as the user types (at most a second behind), and once more on the way out.

`DraftKeeper` holds the latest content of one compose/forward screen and writes it to the
store through `Messenger.drafts.save`. It is thread-safe: the screen calls `flush()` in a
worker thread (never on the event loop) after a short pause in typing and at most
`MAX_WAIT_SECONDS` after any change however steadily the user types (`AutoSaver`), when a
field loses focus or a choice changes, and synchronously from `on_unmount` and the hang-up
handler, when the app is going away anyway and the last keystrokes matter more than a frame.

A save that fails (the store went away or turned read-only) is reported to the screen at
once; the text stays in the form. A draft that cannot be saved when its screen is left is
*held*: it stays in memory and the app retries it every few seconds until the store takes it
(`hold`), and the hang-up handler tries once more.

A draft is created only once there is meaningful content (subject, body or patient);
choosing a recipient alone leaves nothing behind.

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

from fblmail.errors import FblError, StoreProblem
from fblmail.i18n import tr
from fblmail.present import DRAFT, count
from fblmail.service.mailboxes.drafts import DraftInput
from fblmail.service.views import DraftView

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.timer import Timer

    from fblmail.service import Messenger

T = TypeVar("T")

DEBOUNCE_SECONDS = 0.6
"""Pause in typing after which the draft is saved."""

MAX_WAIT_SECONDS = 1.0
"""The longest a change waits to be saved while typing goes on. A kill -9 can lose this
plus one save plus the app's input lag; the promise to the user is 2 s, so 1 s leaves room
for a busy machine."""

HELD_RETRY_SECONDS = 5.0
"""How often drafts held in memory (the store refused them) are offered to it again."""

LOCK_WAIT_SECONDS = 5.0
"""How long a final save waits for a save already running in a worker."""

# The fields that make a draft worth keeping; a sender, recipient or category alone is none.
_TYPED = ("patient", "subject", "body")

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
            except Exception as exc:  # a driver error we could not name: still say so
                self.last_error = StoreProblem(
                    f"Utkastet kunde inte sparas ({type(exc).__name__}).",
                    f"The draft could not be saved ({type(exc).__name__}).",
                )
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
        if self not in _held:  # a held draft stays in memory for the retries
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
    """Schedules saves of one keeper on one screen, in a worker thread: after a pause in
    typing, and at most `MAX_WAIT_SECONDS` after the first unsaved change."""

    def __init__(
        self,
        node: DOMNode,
        keeper: DraftKeeper,
        delay: float = DEBOUNCE_SECONDS,
        max_wait: float = MAX_WAIT_SECONDS,
        report: Callable[[FblError | None], None] | None = None,
    ) -> None:
        self.node = node
        self.keeper = keeper
        self.delay = delay
        self.max_wait = max_wait
        self.report = report
        self._timer: Timer | None = None
        self._deadline: Timer | None = None

    def changed(self, content: DraftInput, *, now: bool = False) -> None:
        """The user typed (or, `now`, changed a choice): remember it and schedule a save."""
        if not self.keeper.note(content):
            return
        if now:
            self.save_soon()
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.node.set_timer(self.delay, self.save_soon, name="draft-autosave")
        if self._deadline is None:
            self._deadline = self.node.set_timer(
                self.max_wait, self.save_soon, name="draft-autosave-deadline"
            )

    def save_soon(self) -> None:
        """Save now, in a worker thread; the outcome goes to `report` on the event loop."""
        self.cancel()
        if self.keeper.dirty:
            self.node.run_worker(
                self._flush,
                name="draft-save",
                group="draft-save",
                thread=True,
                exit_on_error=False,
            )

    def _flush(self) -> None:
        keeper = self.keeper
        keeper.flush()
        if self.report is not None and not keeper.closed:
            error = keeper.last_error if keeper.dirty else None
            with contextlib.suppress(Exception):  # the app may be closing
                self.node.app.call_from_thread(self.report, error)

    def cancel(self) -> None:
        """Stop pending timers (before sending or leaving)."""
        for timer in (self._timer, self._deadline):
            if timer is not None:
                timer.stop()
        self._timer = self._deadline = None


# Drafts whose screen was left while the store refused them: kept here (strong references)
# until a retry saves them.
_held: set[DraftKeeper] = set()
_retrying: weakref.WeakSet[App[object]] = weakref.WeakSet()


def hold(app: App[object], keeper: DraftKeeper) -> None:
    """Keep an unsaved draft in memory and offer it to the store every few seconds."""
    _held.add(keeper)
    _live.add(keeper)
    if app not in _retrying:
        app.set_interval(HELD_RETRY_SECONDS, lambda: _retry_held(app), name="draft-held")
        _retrying.add(app)


def held_drafts() -> list[DraftKeeper]:
    """Drafts only in memory (their store save failed)."""
    return list(_held)


_quit_warned: weakref.WeakSet[App[object]] = weakref.WeakSet()


def may_quit(app: App[object]) -> bool:
    """False (and a warning) the first time the user quits with drafts held in memory; a
    second quit goes ahead (their text is then lost, and they were told)."""
    if not _held or app in _quit_warned:
        return True
    _quit_warned.add(app)
    drafts, one = count(len(_held), DRAFT), len(_held) == 1
    app.notify(
        tr(
            f"{drafts} har inte kunnat sparas och finns bara i programmets minne. "
            f"Avslutar du nu försvinner {'det' if one else 'de'}. "
            "Tryck q igen för att avsluta ändå.",
            f"{drafts} could not be saved and {'is' if one else 'are'} only in the program's "
            f"memory. If you quit now {'it is' if one else 'they are'} lost. "
            "Press q again to quit anyway.",
        ),
        severity="warning",
        markup=False,
        timeout=10,
    )
    return False


def _retry_held(app: App[object]) -> None:
    if _held:
        app.run_worker(
            lambda: _save_held(app), thread=True, group="draft-held", exclusive=True,
            exit_on_error=False,
        )  # fmt: skip


def _save_held(app: App[object]) -> None:
    saved = 0
    for keeper in list(_held):
        keeper.flush()
        if not keeper.dirty:
            keeper.close()
            _held.discard(keeper)
            saved += 1
    if saved:
        text = tr(
            f"Utkast som väntade i minnet är nu sparade i Utkast ({saved}).",
            f"Drafts that were waiting in memory are now saved in Drafts ({saved}).",
        )
        with contextlib.suppress(Exception):
            app.call_from_thread(app.notify, text, markup=False)


def save_all_now() -> int:
    """Save every open draft synchronously; the number of drafts written."""
    written = 0
    for keeper in {*live_keepers(), *_held}:
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
        # A terminal that went away can leave the exit path waiting for good: Textual's
        # driver, closing, puts to its output thread's queue, and that thread died on the
        # first write to the gone terminal (seen after a hang-up in tmux: the process lived
        # on with its store open). The drafts are safe now, so the process ends; if it
        # ended by itself first, this daemon timer never fires.
        timer = threading.Timer(EXIT_GRACE_SECONDS, _end_process, args=(app, 128 + signum))
        timer.daemon = True
        timer.start()

    try:
        for signum in (signal.SIGHUP, signal.SIGTERM):
            loop.add_signal_handler(signum, on_signal, signum)
    except (NotImplementedError, RuntimeError, ValueError, AttributeError):
        return False
    _guarded.add(app)
    return True


def _end_process(app: App[object], code: int) -> None:
    # On a terminal, not only while `app.is_running`: Textual clears that when its
    # shutdown *starts*, before the driver's close that may never return. A headless app
    # (a test inside pytest's own process) is ended only while it still runs.
    if app.is_running or not app.is_headless:
        import os

        os._exit(code)

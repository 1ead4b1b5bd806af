"""After a hang-up the process ends, even when the app's own shutdown never returns.

Seen in tmux: after a hang-up the app lived on, its store open, with the main thread
stuck in Textual's driver close (putting to the queue of an output thread that had died
on the gone terminal). Textual clears `App.is_running` when its shutdown starts, and the
exit guard used to end the process only while `is_running` was true, so it did nothing.
Here an app on a real pseudo-terminal blocks its shutdown for good in the same way; the
guard must end the process with 128 + SIGHUP. The wait is a liveness bound, not a timing
assertion.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading

SCRIPT = textwrap.dedent(
    """
    import os, signal, threading
    from textual.app import App
    from fblmail.tui.compose.drafting import install_exit_guard

    class Stuck(App[int]):
        def on_mount(self) -> None:
            assert install_exit_guard(self)
            os.kill(os.getpid(), signal.SIGHUP)

        async def on_unmount(self) -> None:
            threading.Event().wait()  # as the driver's close did: blocks the loop for good

    Stuck().run()
    print("returned", flush=True)
    """
)


def _drain(fd: int, into: list[bytes]) -> None:
    """Read the terminal's output so the app never blocks on a full pseudo-terminal."""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        into.append(chunk)


def test_a_hang_up_ends_the_process_even_if_shutdown_hangs() -> None:
    leader, follower = os.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    child = subprocess.Popen(
        [sys.executable, "-c", SCRIPT],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    output: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(leader, output), daemon=True)
    reader.start()
    try:
        code = child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(leader)
    shown = b"".join(output).decode(errors="replace")
    assert code == 128 + signal.SIGHUP, shown[-2000:]
    assert "returned" not in shown

"""Write the message body in the user's own editor (`$VISUAL`, `$EDITOR`, else `vi`).

The body goes to a file readable only by the user (0600) in a directory of its own (0700,
under `$XDG_RUNTIME_DIR` when there is one, which is memory-backed and per user), the app
steps aside (`App.suspend()`), the editor runs on the real terminal, and the directory is
removed afterwards whatever happened. An editor that fails or exits non-zero leaves the
body as it was.

In a headless app (the tests) there is no terminal to hand over, so the editor runs
without suspending; where suspending is not possible at all, the user is told.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fblmail.i18n import tr

if TYPE_CHECKING:
    from textual.app import App

__all__ = ["Edited", "edit_in_editor", "editor_command"]

FILE_NAME = "meddelande.txt"


@dataclass(frozen=True)
class Edited:
    """The outcome: the new text, or why there is none (the body stays as it was)."""

    text: str | None
    problem: str = ""


def editor_command(environ: dict[str, str] | None = None) -> list[str]:
    """The editor to run, split as a shell would (`$VISUAL`, then `$EDITOR`, then vi)."""
    env = os.environ if environ is None else environ
    chosen = env.get("VISUAL") or env.get("EDITOR") or "vi"
    return shlex.split(chosen) or ["vi"]


def _private_dir() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = runtime if runtime and os.path.isdir(runtime) else None
    return Path(tempfile.mkdtemp(prefix="fblmail-", dir=base))  # mode 0700


def edit_in_editor(app: App[object], text: str) -> Edited:
    """Run the editor on `text` (call on the event loop: it blocks while the editor runs)."""
    from textual.app import SuspendNotSupported

    private = _private_dir()
    try:
        os.chmod(private, 0o700)
        path = private / FILE_NAME
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        command = [*editor_command(), str(path)]
        try:
            if app.is_headless:
                code = _run(command)
            else:
                with app.suspend():
                    code = _run(command)
        except SuspendNotSupported:
            return Edited(
                None,
                tr(
                    "Editorn kan inte öppnas i den här terminalen.",
                    "The editor cannot be opened in this terminal.",
                ),
            )
        except OSError as exc:
            return Edited(
                None,
                tr(
                    f"Editorn {command[0]!r} gick inte att starta ({exc.strerror}). "
                    "Ange en annan i $EDITOR.",
                    f"The editor {command[0]!r} could not be started ({exc.strerror}). "
                    "Set another one in $EDITOR.",
                ),
            )
        if code != 0:
            return Edited(
                None,
                tr(
                    f"Editorn avslutades med felkod {code}; texten är oförändrad.",
                    f"The editor exited with code {code}; the text is unchanged.",
                ),
            )
        edited = path.read_text(encoding="utf-8", errors="replace")
        # Editors end the file with a newline the user did not type.
        return Edited(edited[:-1] if edited.endswith("\n") else edited)
    finally:
        shutil.rmtree(private, ignore_errors=True)


def _run(command: list[str]) -> int:
    return subprocess.run(command, check=False).returncode

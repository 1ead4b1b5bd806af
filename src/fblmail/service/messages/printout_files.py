"""Writing a printout to a file the user named: new, owner-only, whole or not at all.

A printout never overwrites, and never follows a symbolic link (even a dangling one) to a
place the user did not name. `check_output` refuses a bad name before anything is read;
`write_private` puts the rendered document there inside the printing transaction, so that a
file that cannot be written leaves no printout recorded (service/messages/printing.py).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from fblmail.errors import InvalidInput

__all__ = ["check_output", "write_private"]


def _output_problem(sv: str, en: str) -> InvalidInput:
    """A refusal about the output file; `{hint}` names the field in the caller's words."""
    return InvalidInput(sv, en, field="output", hint="output")


def check_output(path: Path) -> Path:
    """The output file must be new, in an existing folder, and not a symbolic link.

    A printout never overwrites, and never follows a link (even a dangling one) to a place
    the user did not name.
    """
    target = path.expanduser()
    if target.is_symlink():
        raise _output_problem(
            f"{target} är en symbolisk länk. Ange en ny fil, inte en länk{{hint}}.",
            f"{target} is a symbolic link. Give a new file, not a link{{hint}}.",
        )
    if os.path.lexists(target):
        raise _output_problem(
            f"Filen {target} finns redan. Välj ett annat filnamn{{hint}}.",
            f"The file {target} already exists. Choose another file name{{hint}}.",
        )
    if not target.parent.is_dir():
        raise _output_problem(
            f"Mappen {target.parent} finns inte. Välj en befintlig mapp{{hint}}.",
            f"The folder {target.parent} does not exist. Choose an existing folder{{hint}}.",
        )
    return target


def write_private(path: Path, content: bytes) -> None:
    """Put `content` at the new file `path`, readable by its owner only, all or nothing.

    Written to a temporary file (0600) in the same folder, flushed to disk, then linked into
    place, which fails if `path` appeared meanwhile (never overwrites, never follows a link).
    On any failure (a full disk, a read-only folder) nothing is left behind.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        try:
            view = memoryview(content)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temp, path)
        except OSError as exc:
            # A file system without hard links: rename, having checked the name is free.
            if exc.errno not in (errno.EPERM, errno.ENOTSUP) or os.path.lexists(path):
                raise
            os.rename(temp, path)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    with contextlib.suppress(OSError):  # make the new name durable too
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _cannot_write(path: Path, exc: OSError) -> InvalidInput:
    reason = exc.strerror or type(exc).__name__
    return _output_problem(
        f"Filen {path} kunde inte skrivas: {reason}. Ingen utskrift registrerades. Välj en "
        "annan plats{hint}.",
        f"The file {path} could not be written: {reason}. No printout was recorded. Choose "
        "another place{hint}.",
    )


def free_printout_path(message_id: str, fmt: str, folder: Path) -> Path:
    """`arbetsunderlag-<id>.pdf` (or `.txt`) in `folder`, numbered if the name is taken:
    the name the command line and the app's print dialog both suggest."""
    suffix = "pdf" if fmt == "pdf" else "txt"
    stem = f"arbetsunderlag-{message_id.strip()[:8]}"
    candidate = folder / f"{stem}.{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}.{suffix}"
        number += 1
    return candidate

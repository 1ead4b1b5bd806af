"""Printing for people (Rich, user text always as data) and for scripts (JSON), and errors.

Exit codes (a contract): 0 done, 2 usage error, 3 refused by the routine, 4 unknown or no
access, 5 the store cannot be used.
"""

from __future__ import annotations

import json
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from fblmail.domain.safe_text import one_line, visible
from fblmail.errors import FblError, StoreProblem
from fblmail.i18n import language, tr

T = TypeVar("T")

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_NO_ACCESS = 4
EXIT_STORE = 5


@cache
def out() -> Console:
    """Console for results (stdout). Markup and emoji codes off: user text is data."""
    return Console(markup=False, emoji=False, highlight=False)


@cache
def err() -> Console:
    """Console for errors and progress (stderr)."""
    return Console(stderr=True, markup=False, emoji=False, highlight=False)


def safe(text: str | None) -> Text:
    """User text as a Rich `Text`: never markup, control characters shown as escapes."""
    return Text(visible(text or ""))


def safe_line(text: str | None, limit: int | None = None) -> Text:
    """User text on one line (table cells)."""
    return Text(one_line(text or "", limit))


# Code points that must never reach a terminal raw: C0 (JSON escapes those itself), DEL, C1
# (U+009B is a one-byte CSI), bidi embeddings/overrides/isolates, zero-width format
# characters, line/paragraph separators and the BOM. In JSON they become \uXXXX escapes,
# which decode to the same stored text.
_UNSAFE_IN_JSON = re.compile(
    "[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"
    "\ufff9-\ufffb]"
)


def to_json(data: Any) -> str:
    """`data` as JSON text: UTF-8 letters kept, control and format characters escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(data: Any) -> None:
    """JSON for scripts: UTF-8, no markup, no raw control or bidi character (see `to_json`)."""
    sys.stdout.write(to_json(data) + "\n")


def fail(error: FblError) -> NoReturn:
    """Report an expected failure on stderr and exit with its code."""
    console = err()
    label = tr("Fel", "Error")
    if error.exit_code == EXIT_REFUSED:
        label = tr("Stoppat enligt rutinen", "Refused by the routine")
    elif error.exit_code == EXIT_NO_ACCESS:
        label = tr("Ingen åtkomst", "No access")
    message = Text(f"{label}: ", style="bold red")
    message.append(visible(error.message(language())))
    if error.field:
        message.append(f"  [{tr('fält', 'field')}: {error.field}]", style="dim")
    # soft_wrap: the terminal wraps, Rich inserts no newlines (a pipe or log gets one line).
    console.print(message, soft_wrap=True)
    raise typer.Exit(error.exit_code)


def usage_error(sv: str, en: str) -> NoReturn:
    """A usage error (exit 2) in the user's language."""
    err().print(Text(f"{tr('Fel', 'Error')}: {tr(sv, en)}", style="bold red"), soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def warn(sv: str, en: str) -> None:
    """A warning on stderr in the user's language (the command goes on)."""
    err().print(Text(f"{tr('Varning', 'Warning')}: {tr(sv, en)}", style="bold yellow"))


def debug_enabled() -> bool:
    """`--debug` or FBLMAIL_DEBUG=1: show tracebacks (SQL parameters stay hidden)."""
    return _debug[0] or os.environ.get("FBLMAIL_DEBUG", "") not in ("", "0")


_debug = [False]


def set_debug(on: bool) -> None:
    """Remember `--debug` for the error funnel."""
    _debug[0] = on


def fail_unexpected(exc: BaseException) -> NoReturn:
    """The funnel for anything not an `FblError`: a store fault by its cause, else a bug.

    Never a traceback (unless --debug) and never the exception's text: SQLAlchemy's text
    carries the SQL, and a driver's may carry values.
    """
    from fblmail.store.faults import describe_store_error, store_error

    if debug_enabled():
        traceback.print_exception(exc, file=sys.stderr)
    error = store_error(exc)
    if error is not None:
        fail(error)
    code, text = describe_store_error(exc)
    err().print(Text(f"{tr('Fel', 'Error')}: {text}", style="bold red"))
    raise typer.Exit(code)


@contextmanager
def reporting() -> Iterator[None]:
    """Turn `FblError` and store faults into a message and exit code (see `fail_unexpected`)."""
    try:
        yield
    except FblError as error:
        if debug_enabled() and isinstance(error, StoreProblem) and error.__cause__ is not None:
            # A driver's failure that the query layer put in words: --debug shows its cause.
            traceback.print_exception(error, file=sys.stderr)
        fail(error)
    except Exception as exc:
        if type(exc).__module__.split(".")[0] in ("click", "typer"):
            raise  # Exit, Abort and usage errors: the command line's own (exit 0/1/2)
        fail_unexpected(exc)


def run_reporting(work: Callable[[], T]) -> T:
    """Call `work` inside `reporting()`."""
    with reporting():
        return work()

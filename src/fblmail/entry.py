"""The one entry point: `fblmail` (console script) and `python -m fblmail` both come here.

It decides, from the command line alone, whether the user asked for the app or for a
command, and wires the two front ends together so that neither imports the other:

- only global options (`--db`, `--user`, `--lang`, each once): the Textual app starts at
  once, without building the Typer command tree (whose option parsing alone imports
  Pydantic, about 0.15 s before the first frame);
- anything else (a command, `--help`, `--debug`, a shell asking for completions): the
  command line, which is handed `open_app` for the bare `fblmail --debug` case.

Either way settings and the acting user are resolved once, by `fblmail.settings` and the
composition root `fblmail.bootstrap`, and a failure becomes the CLI's plain words and exit
code (`fblmail.cli.output`), never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fblmail.settings import Settings

GLOBAL_OPTIONS = ("--db", "--user", "--lang")


def main(argv: Sequence[str] | None = None) -> None:
    """Run fblmail for `argv` (default: the process's arguments)."""
    args = list(sys.argv[1:] if argv is None else argv)
    options = None if "_FBLMAIL_COMPLETE" in os.environ else global_options(args)
    if options is not None:
        _app_straight_away(options)
        return
    from fblmail.cli.main import run

    run(open_app=open_app)


def open_app(settings: Settings) -> None:
    """Run the Textual app for `settings` until the user quits (raises its fatal error)."""
    from fblmail.tui.launch import launch

    launch(settings)


def global_options(argv: Sequence[str]) -> dict[str, str] | None:
    """The global options if that is all `argv` holds (each once), else None."""
    found: dict[str, str] = {}
    args = list(argv)
    while args:
        arg = args.pop(0)
        name, eq, value = arg.partition("=")
        if name not in GLOBAL_OPTIONS or name in found:
            return None
        if not eq:
            if not args or args[0].startswith("-"):
                return None
            value = args.pop(0)
        found[name] = value
    return found


def _app_straight_away(options: dict[str, str]) -> None:
    """Resolve settings from the global options and open the app; failures exit plainly."""
    from fblmail.errors import FblError
    from fblmail.i18n import set_language
    from fblmail.settings import load_settings

    try:
        settings = load_settings(
            database_url=options.get("--db"), user=options.get("--user"), lang=options.get("--lang")
        )
        set_language(settings.lang)
        open_app(settings)
    except FblError as error:
        from fblmail.cli.output import fail

        _exit_with(fail, error)
    except Exception as exc:  # the CLI's funnel: a store fault by its cause, no traceback
        from fblmail.cli.output import fail_unexpected

        _exit_with(fail_unexpected, exc)


def _exit_with(report: Callable[[Any], object], error: BaseException) -> None:
    """Run the CLI's reporter and leave with the exit code it chose."""
    try:
        report(error)
    except SystemExit:
        raise
    except Exception as done:  # typer.Exit carries the exit code
        raise SystemExit(getattr(done, "exit_code", 1)) from None

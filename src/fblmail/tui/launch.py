"""`fblmail` with no sub-command: start the Textual app.

Only what the first screen needs is imported here (Textual and the light inbox reader);
the store is opened in a worker while the first frame paints. If the store cannot be used
or the user has no active account, the app closes and the reason is raised as the
`FblError` it is, so the CLI prints it in plain words with its exit code.

`plain_launch(argv)` is the start-up fast path used by `fblmail.__main__`: when the command
line holds nothing but the global options (`--db`, `--user`, `--lang`), it starts the app
without building the Typer command tree, whose option parsing alone imports Pydantic
(about 0.15 s before the first frame). Anything else (a sub-command, `--help`, an unknown
option) returns False and the full CLI takes over, so behaviour is the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fblmail.errors import FblError
from fblmail.settings import Settings

GLOBAL_OPTIONS = ("--db", "--user", "--lang")


def launch(settings: Settings) -> None:
    """Run the app for `settings.user` over `settings.database_url` until the user quits."""
    from fblmail.tui.app import FblApp

    _warn_if_shared(settings.database_url)
    app = FblApp(settings)
    app.run()
    if app.fatal is not None:
        raise app.fatal


def _warn_if_shared(url: str) -> None:
    """Before the app takes the screen: warn if others may read or write the SQLite store.

    Printed on stderr, so it is there in the terminal when the app closes.
    """
    import sys
    from pathlib import Path

    from fblmail.i18n import language
    from fblmail.store.files import shared_store_warning

    if not url.startswith("sqlite:///"):
        return
    words = shared_store_warning(Path(url.removeprefix("sqlite:///").split("?")[0]).expanduser())
    if words is not None:
        label, text = ("Warning", words[1]) if language() == "en" else ("Varning", words[0])
        print(f"{label}: {text}", file=sys.stderr)


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


def plain_launch(argv: Sequence[str]) -> bool:
    """Start the app straight away if `argv` is only global options; False otherwise."""
    options = global_options(argv)
    if options is None:
        return False
    from fblmail.i18n import set_language
    from fblmail.settings import load_settings

    try:
        settings = load_settings(
            database_url=options.get("--db"), user=options.get("--user"), lang=options.get("--lang")
        )
        set_language(settings.lang)
        launch(settings)
    except FblError as error:
        _report(error)
    except Exception as exc:  # the CLI's funnel: a store fault by its cause, no traceback
        from fblmail.cli.output import fail_unexpected

        _exit_with(fail_unexpected, exc)
    return True


def _report(error: FblError) -> None:
    """The CLI's own message and exit code for an expected failure."""
    from fblmail.cli.output import fail

    _exit_with(fail, error)


def _exit_with(report: Callable[[Any], object], error: BaseException) -> None:
    """Run the CLI's reporter and leave with the exit code it chose."""
    try:
        report(error)
    except SystemExit:
        raise
    except Exception as done:  # typer.Exit carries the exit code
        raise SystemExit(getattr(done, "exit_code", 1)) from None

"""Start the Textual app for resolved settings (called by `fblmail.entry`).

Only what the first screen needs is imported here (Textual and the light inbox reader);
the store is opened in a worker while the first frame paints. If the store cannot be used
or the user has no active account, the app closes and the reason is raised as the
`FblError` it is, so the entry point prints it in plain words with its exit code.
"""

from __future__ import annotations

from fblmail.settings import Settings


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

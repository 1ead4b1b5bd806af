"""`python -m fblmail` and the `fblmail` console script."""

from __future__ import annotations


def main() -> None:
    """Run the command line (with no sub-command it opens the Textual app)."""
    import os
    import sys

    from fblmail.tui.launch import plain_launch

    # Only global options: the app, without building the CLI. A shell asking for
    # completions (_FBLMAIL_COMPLETE set) goes to the CLI, not the app.
    if "_FBLMAIL_COMPLETE" not in os.environ and plain_launch(sys.argv[1:]):
        return
    from fblmail.cli.main import run

    run()


if __name__ == "__main__":
    main()

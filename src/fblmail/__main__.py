"""`python -m fblmail` and the `fblmail` console script."""

from __future__ import annotations


def main() -> None:
    """Run the command line (with no sub-command it opens the Textual app)."""
    import sys

    from fblmail.tui.launch import plain_launch

    if plain_launch(sys.argv[1:]):  # only global options: the app, without building the CLI
        return
    from fblmail.cli.main import run

    run()


if __name__ == "__main__":
    main()

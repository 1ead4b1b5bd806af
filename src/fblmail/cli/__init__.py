"""The `fblmail` command line (Typer + Rich). Never imports textual except to open the app."""

"""Options that many commands share, spelt once (their help is translated in help_text)."""

from __future__ import annotations

from typing import Annotated

import typer

JsonOpt = Annotated[bool, typer.Option("--json", help="Skriv JSON (för skript).")]
"""`--json`: write JSON for scripts instead of tables for people."""

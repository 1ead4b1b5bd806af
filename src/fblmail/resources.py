"""Files shipped with the program (the Värmland directory)."""

from __future__ import annotations

from pathlib import Path

# `src/fblmail/data` is a link to the repository's `data/` folder, so the same file is
# edited in the repository and shipped inside the package.
DATA_DIR = Path(__file__).with_name("data")
DIRECTORY_FILE = DATA_DIR / "varmland.directory"

"""`python -m fblmail`: the same single entry point as the `fblmail` console script."""

from __future__ import annotations

from fblmail.entry import main

if __name__ == "__main__":
    main()

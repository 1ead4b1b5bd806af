"""The command-line tier: every test here runs with a wide terminal and fresh consoles.

The `cli` and `check_cli` fixtures themselves are in tests/conftest.py (the service and
robustness tiers use them too).
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _wide_fresh_consoles(fresh_cli_env: None) -> None:
    """A wide terminal and fresh Rich consoles, so tables do not wrap user text."""

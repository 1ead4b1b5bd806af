"""Layering: domain, store, service and cli never import textual (checked in a fresh process)."""

from __future__ import annotations

import json
import subprocess
import sys

CORE = ("fblmail.domain", "fblmail.store", "fblmail.service")

# Imports each named package and every module in it (Alembic's env.py only runs inside a
# migration, so the migrations package is left out), then lists the textual modules loaded.
_PROBE = """
import importlib, json, pkgutil, sys
failed = None
try:
    for name in sys.argv[1:]:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(getattr(package, "__path__", []), name + "."):
            if ".migrations" not in info.name:
                importlib.import_module(info.name)
except ModuleNotFoundError as exc:
    failed = exc.name or str(exc)
print(json.dumps({"failed": failed, "textual": sorted(m for m in sys.modules
                  if m == "textual" or m.startswith("textual."))}))
"""


def _import_in_fresh_process(*modules: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *modules], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_core_layers_do_not_import_textual() -> None:
    result = _import_in_fresh_process(*CORE, "fblmail.bootstrap", "fblmail.settings")
    assert result == {"failed": None, "textual": []}


def test_cli_does_not_import_textual() -> None:
    # Every command module, not just main: they are imported lazily by some commands.
    result = _import_in_fresh_process(*CORE, "fblmail.cli")
    assert result == {"failed": None, "textual": []}

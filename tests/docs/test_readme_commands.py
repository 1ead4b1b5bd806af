"""Issue 13: the README's commands run as written (on a scratch SQLite store).

Every ```sh block of the README is read in order; backslash continuations are joined,
comments dropped, `a ; b` split. Each command runs through the real `fblmail` console
script with FBLMAIL_DATABASE_URL pointing at a scratch store and `--user` chosen by
`USERS`. A synopsis line runs twice: with its `[optional]` parts left out and, when they
hold no alternatives or placeholders, with them all given. The example id `3f2a9c`/`ID`
stands for the message the README's `send` created, and request numbers for the oldest
pending requests. A command that fails makes the test fail, unless it is in `SKIP` with
the reason it cannot run here; a `SKIP` entry no longer in the README fails too, so the
list stays honest when the README changes.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit.people import REPO

README = REPO / "README.md"
FBLMAIL = Path(sys.executable).with_name("fblmail")

SKIP = {
    "./dev demo": "sets up a venv and opens the interactive app",
    "./dev test": "runs this very suite",
    "fblmail demo [--seed N] [--force]": "builds its own demo store (tests/cli/test_store_cmds.py)",
    'fblmail resolve 3f2a9c --by phone --note "Ringde Vc Herrhagen, receptet är förnyat."': (
        "the example message is answered by then; a question unanswered past 72 h is "
        "resolved in tests/cli/test_check_cli.py"
    ),
}

# Who runs a command: the first prefix of the command that matches (default anna.ssk).
USERS = (
    ("fblmail init", "sara.support"),
    ("fblmail directory import", "sara.support"),
    ("fblmail admin", "sara.support"),
    ("fblmail access request new", "nora.ssk"),  # anyone, also without an account
    ("fblmail access request end", "fia.chef"),
    ("fblmail access", "sara.support"),
    ("fblmail audit", "sara.support"),
    ("fblmail backup", "sara.support"),
    ("fblmail purge --expired", "sara.support"),
    ("fblmail routine set", "fia.chef"),
    ("fblmail list", "cecilia.dr"),
    ("fblmail show", "cecilia.dr"),
    ("fblmail reply", "cecilia.dr"),
    ("fblmail delete", "cecilia.dr"),
    ("fblmail restore", "cecilia.dr"),
    ("fblmail move", "cecilia.dr"),
    ("fblmail thread", "cecilia.dr"),
    ("fblmail print", "cecilia.dr"),
    ("fblmail close", "cecilia.dr"),
)

# Accounts the README assumes exist, created around the README's own commands.
BEFORE = {
    "fblmail directory import": [
        "admin account add sara.support --name 'Sara Support' --org support --role support",
    ],
}
AFTER = {
    "fblmail admin account add": [
        "admin account add bengt.ssk --name 'Bengt Berg' --org karlstad "
        "--mailbox karlstad",
        "admin account add fia.chef --name 'Fia Fransson' --org karlstad --role manager "
        "--mailbox karlstad",
        "admin account add cecilia.dr --name 'Cecilia Carlsson' --org vc-herrhagen "
        "--mailbox vc-herrhagen",
    ],
}
# Exit codes other than 0 that a command must give as written: by exact text, by prefix.
EXIT_EXACT = {"fblmail close ID": (3,)}  # R16: refused while the printout above exists
EXIT_PREFIX = {"fblmail check": (0, 1)}  # 1 means "something needs action"
FILES = {"fråga.txt": "Kan receptet på Waran förnyas?\n"}


def readme_commands(text: str) -> list[str]:
    """The commands of every ```sh block, in order, one per entry."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            for part in re.split(r"\s+;\s+", line):
                if part:
                    found.append(re.sub(r"\s+", " ", part))
    return found


def variants(command: str) -> list[str]:
    """A synopsis line as runnable commands: optional parts left out, and all given."""
    if "[" not in command:
        return [command]
    bare = re.sub(r"\s*\[[^\]]*\]", "", command)
    groups = re.findall(r"\[([^\]]*)\]", command)
    if any("|" in g or re.search(r"\b[A-Z]{2,}\b|\.\.\.", g) for g in groups):
        return [bare]
    return [bare, re.sub(r"\[([^\]]*)\]", r"\1", command)]


class Runner:
    """Runs `fblmail` commands on one scratch store, remembering the example's ids."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = dict(os.environ)
        for name in ("FBLMAIL_USER", "FBLMAIL_LANG", "FBLMAIL_IDENTITY"):
            self.env.pop(name, None)
        self.env.update(
            FBLMAIL_DATABASE_URL=f"sqlite:///{folder / 'store.db'}",
            FBLMAIL_CONFIG=str(folder / "no-config.toml"),
            HOME=str(folder),
            XDG_DATA_HOME=str(folder / "data-home"),
            COLUMNS="120",
        )
        self.message_id: str | None = None

    def run(self, user: str, args: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(FBLMAIL), "--user", user, *args],
            cwd=self.folder,
            env=self.env,
            input="j\n",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def ok(self, user: str, line: str) -> subprocess.CompletedProcess[str]:
        done = self.run(user, shlex.split(line))
        assert done.returncode == 0, (line, done.returncode, done.stderr[-2000:])
        return done

    def resolve(self, argv: list[str]) -> list[str]:
        """Put the example's real ids in place of `3f2a9c`, `ID` and request numbers."""
        if any(a in ("3f2a9c", "ID") for a in argv):
            if self.message_id is None:
                listed = json.loads(self.ok("anna.ssk", "list --folder sent --json").stdout)
                self.message_id = listed[0]["id"]
            argv = [self.message_id if a in ("3f2a9c", "ID") else a for a in argv]
        if argv[1:3] in (["access", "approve"], ["access", "reject"]):
            pending = json.loads(self.ok("sara.support", "access list --json").stdout)
            argv[3] = str(pending[0]["id"])
        return argv


def user_for(command: str) -> str:
    return next((who for prefix, who in USERS if command.startswith(prefix)), "anna.ssk")


def test_readme_commands_run_as_written(tmp_path: Path) -> None:
    commands = readme_commands(README.read_text("utf-8"))
    assert len(commands) > 20  # the parser still finds the README's examples
    stale = sorted(set(SKIP) - set(commands))
    assert not stale, f"SKIP entries no longer in the README: {stale}"
    (tmp_path / "data").mkdir()
    shutil.copy(REPO / "data" / "varmland.directory", tmp_path / "data")
    for name, content in FILES.items():
        (tmp_path / name).write_text(content, "utf-8")
    runner = Runner(tmp_path)
    failures = []
    for command in commands:
        if command in SKIP:
            continue
        for prefix, lines in BEFORE.items():
            if command.startswith(prefix):
                for line in lines:
                    runner.ok("sara.support", line)
        for variant in variants(command):
            argv = runner.resolve(shlex.split(variant))
            if argv[0] != "fblmail":
                failures.append(f"{variant}: not an fblmail command (add it to SKIP?)")
                continue
            done = runner.run(user_for(command), argv[1:])
            allowed = EXIT_EXACT.get(variant) or next(
                (c for p, c in EXIT_PREFIX.items() if command.startswith(p)), (0,)
            )
            if done.returncode not in allowed:
                failures.append(f"{variant}: exit {done.returncode}: {done.stderr.strip()}")
        for prefix, lines in AFTER.items():
            if command.startswith(prefix):
                for line in lines:
                    runner.ok("sara.support", line)
    assert not failures, "README commands that fail as written:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("fblmail check", ["fblmail check"]),
        ("fblmail x [--json]", ["fblmail x", "fblmail x --json"]),
        ("fblmail x [--status a|b] [--json]", ["fblmail x"]),
        ("fblmail print ID [--output FILE]", ["fblmail print ID"]),
    ],
)
def test_synopsis_variants(line: str, expected: list[str]) -> None:
    assert variants(line) == expected


def test_blocks_are_split_into_commands() -> None:
    text = "```sh\nfblmail a \\\n    --b c   # note\nfblmail d ; fblmail e\n```\n```toml\nx\n```"
    assert readme_commands(text) == ["fblmail a --b c", "fblmail d", "fblmail e"]

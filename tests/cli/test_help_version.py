"""Issue 13: `--version`, shell completion and the whole `--help` in the chosen language."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer

from fblmail import __version__
from fblmail.cli.help_text import sniff_language, untranslated


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = dict(os.environ)
    for name in ("FBLMAIL_DATABASE_URL", "FBLMAIL_LANG", "FBLMAIL_USER"):
        environ.pop(name, None)
    environ["FBLMAIL_CONFIG"] = "/nonexistent/fblmail-test.toml"
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "fblmail", *args],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
        timeout=60,
    )


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"fblmail {__version__}"


def test_help_is_swedish_by_default_and_english_with_lang_en() -> None:
    swedish = _run("--help")
    assert swedish.returncode == 0
    assert "Show this message" not in swedish.stdout and "Usage:" not in swedish.stdout
    assert "Visa den här hjälpen" in swedish.stdout and "Kommandon" in swedish.stdout
    for english in (_run("--lang", "en", "--help"), _run("--help", FBLMAIL_LANG="en")):
        assert english.returncode == 0
        assert "Show this message and exit." in english.stdout
        assert "Send a new message from one FBL to another." in english.stdout
        assert "Skicka ett nytt" not in english.stdout
    options = _run("--lang", "en", "send", "--help").stdout
    assert "Sending FBL (name or code)." in options and "Avsändande" not in options
    sub = _run("--lang=en", "purge", "--help")
    assert "Usage: fblmail purge" in sub.stdout and "Show this message" in sub.stdout


def test_every_help_text_has_english() -> None:
    from fblmail.cli.main import app

    assert untranslated(typer.main.get_command(app)) == []


@pytest.mark.parametrize(
    ("argv", "env", "lang"),
    [
        ([], {}, "sv"),
        (["--lang", "en", "list"], {}, "en"),
        (["--lang=en"], {}, "en"),
        ([], {"FBLMAIL_LANG": "en"}, "en"),
        (["--lang", "sv"], {"FBLMAIL_LANG": "en"}, "sv"),
    ],
)
def test_sniff_language(argv: list[str], env: dict[str, str], lang: str) -> None:
    assert sniff_language(argv, env) == lang


def test_shell_completion_is_offered_and_answers() -> None:
    shown = _run("--show-completion", "bash")
    assert shown.returncode == 0 and "_fblmail_completion" in shown.stdout
    answer = _run(COMP_WORDS="fblmail aud", COMP_CWORD="1", _FBLMAIL_COMPLETE="complete_bash")
    assert answer.returncode == 0 and answer.stdout.split() == ["audit"]

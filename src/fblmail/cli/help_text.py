"""`--help` in the chosen language.

Typer reads help texts when the command tree is built, before `--lang` is parsed. So the
entry point picks the language first (`--lang` on the command line, else FBLMAIL_LANG, else
Swedish) and `localise(command, lang)` rewrites the built tree: the framework's own words
("Usage", "Options", "Show this message and exit.") in that language, and in English every
help text found in `ENGLISH` (keyed by the Swedish text written beside the code). A text
missing from `ENGLISH` stays Swedish; a test insists there is none. The English texts
themselves are in help_english.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

from typer._click.core import Context
from typer._click.formatting import HelpFormatter

from fblmail.cli.help_english import ENGLISH, OPTIONS_ENGLISH

FRAMEWORK = {
    "sv": {
        "Usage: ": "Användning: ",
        "Arguments": "Argument",
        "Options": "Flaggor",
        "Commands": "Kommandon",
        "help": "Visa den här hjälpen och avsluta.",
    },
    "en": {"help": "Show this message and exit."},
}

# Typer's own options, in Swedish for the Swedish help.
SWEDISH: dict[str, str] = {
    "Install completion for the current shell.": (
        "Installera tabbkomplettering för det aktuella skalet (bash, zsh, fish)."
    ),
    "Show completion for the current shell, to copy it or customize the installation.": (
        "Visa tabbkompletteringen för det aktuella skalet, att kopiera eller anpassa."
    ),
}

# `ENGLISH` and `OPTIONS_ENGLISH` are re-exported for callers that read them from here.
__all__ = [
    "ENGLISH",
    "FRAMEWORK",
    "OPTIONS_ENGLISH",
    "SWEDISH",
    "localise",
    "sniff_language",
    "untranslated",
]


def sniff_language(argv: Sequence[str], environ: dict[str, str] | None = None) -> str:
    """The language for `--help`: `--lang X` / `--lang=X` in argv, else FBLMAIL_LANG."""
    env = os.environ if environ is None else environ
    lang = env.get("FBLMAIL_LANG", "sv")
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            lang = argv[index + 1]
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
    return "en" if lang.strip().lower() == "en" else "sv"


def _formatter_for(lang: str) -> type[HelpFormatter]:
    words = FRAMEWORK[lang]

    class LocalFormatter(HelpFormatter):
        """Click's formatter with its headings in the chosen language."""

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, words.get("Usage: ", prefix))

        def section(self, name: str) -> Any:
            return super().section(words.get(name, name))

    return LocalFormatter


def _commands(command: Any) -> Iterator[Any]:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _commands(sub)


def localise(command: Any, lang: str) -> Any:
    """Rewrite the built command tree's help in `lang`; returns `command`."""
    formatter = _formatter_for(lang)

    class LocalContext(Context):
        """A context whose help uses the chosen language's headings."""

        formatter_class = formatter

    for each in _commands(command):
        each.context_class = LocalContext
        if lang == "sv":
            for param in each.params:
                if getattr(param, "help", None):
                    param.help = SWEDISH.get(param.help, param.help)
        if lang == "en":
            if each.help:
                each.help = ENGLISH.get(each.help, each.help)
            if each.short_help:
                each.short_help = ENGLISH.get(each.short_help, each.short_help)
            for param in each.params:
                if getattr(param, "help", None):
                    param.help = ENGLISH.get(param.help, param.help)
        option = each.get_help_option(LocalContext(each))
        if option is not None:
            option.help = FRAMEWORK[lang]["help"]
    return command


def untranslated(command: Any) -> list[str]:
    """Help texts with no English in `ENGLISH` (for a test and for translators)."""
    missing = []
    for each in _commands(command):
        texts = [each.help] + [getattr(p, "help", None) for p in each.params]
        missing += [t for t in texts if t and t not in ENGLISH and t not in SWEDISH]
    return missing

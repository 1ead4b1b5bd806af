"""`--help` in the chosen language.

Typer reads help texts when the command tree is built, before `--lang` is parsed. So the
entry point picks the language first (`--lang` on the command line, else FBLMAIL_LANG, else
Swedish) and `localise(command, lang)` rewrites the built tree: the framework's own words
("Usage", "Options", "Show this message and exit.") in that language, and in English every
help text found in `ENGLISH` (keyed by the Swedish text written beside the code). A text
missing from `ENGLISH` stays Swedish, which a test lists.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

from typer._click.core import Context
from typer._click.formatting import HelpFormatter

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

ENGLISH: dict[str, str] = {
    "Orörda utkast raderas efter N dagar av `purge --expired` (R17; standard 30).": (
        "Drafts untouched for N days are deleted by `purge --expired` (R17; default 30)."
    ),
    "Bygg en demodatabas (SQLite) med katalogen, personal och några hundra meddelanden.\n\n"
    "Utan --db (eller FBLMAIL_DATABASE_URL) hamnar den i demo.db i din datakatalog.": (
        "Build a demo store (SQLite) with the directory, staff and a few hundred messages."
        "\n\nWithout --db (or FBLMAIL_DATABASE_URL) it is demo.db in your data directory."
    ),
    "fblmail: funktionsbrevlådor (FBL) för Värmlands kommuner och vårdcentraler.": (
        "fblmail: functional mailboxes (FBL) for Värmland's municipalities and health "
        "centres."
    ),
    "Databasadress (sqlite:///fil.db eller postgresql://...).": (
        "Database URL (sqlite:///file.db or postgresql://...)."
    ),
    "Agera som denna inloggning (standard: datorns inloggning).": (
        "Act as this login (default: the operating-system login)."
    ),
    "Språk: sv (standard) eller en.": "Language: sv (default) or en.",
    "Visa versionen och avsluta.": "Show the version and exit.",
    "Skriv JSON (för skript).": "Write JSON (for scripts).",
    "Meddelandets id (eller minst 6 tecken av början).": (
        "The message id (or at least its first 6 characters)."
    ),
    "Brevlådan (FBL, namn eller kod) som meddelandet ligger i, om flera.": (
        "The mailbox (FBL, name or code) holding the message, if several."
    ),
    "Meddelandets text.": "The message text.",
    "Läs texten från en fil (- = stdin).": "Read the text from a file (- = stdin).",
    "Skapa eller uppgradera databasen (säkert att köra flera gånger).": (
        "Create or upgrade the database (safe to run twice)."
    ),
    "Skicka ett nytt meddelande från en FBL till en annan.": (
        "Send a new message from one FBL to another."
    ),
    "Lista meddelanden, nyast först, med svarstid (R10).": (
        "List messages, newest first, with the answer deadline (R10)."
    ),
    "Visa ett meddelande (markeras som läst och loggas).": (
        "Show a message (marked read and logged)."
    ),
    "Visa hela konversationen som meddelandet hör till, äldst först.": (
        "Show the whole conversation of the message, oldest first."
    ),
    "Svara i tråden från din FBL; ett svar stoppar svarstiden (R10).": (
        "Reply in the thread from your FBL; an answer stops the deadline (R10)."
    ),
    "Vidarebefordra till en namngiven person i din organisation (R13, R14).": (
        "Forward to a named person in your organisation (R13, R14)."
    ),
    "Flytta ett meddelande till papperskorgen (restore tar tillbaka det).": (
        "Move a message to the trash (restore brings it back)."
    ),
    "Ta tillbaka ett meddelande från papperskorgen.": "Bring a message back from the trash.",
    "Flytta ett meddelande till en annan mapp.": "Move a message to another folder.",
    "Skriv ut ett meddelande med hela tråden; varje sida märks som arbetsunderlag.": (
        "Print a message with its whole thread; every page is marked as working material."
    ),
    "Avsluta ärendet (tråden); utskrifter måste vara förstörda (R16).": (
        "Close the case (thread); printouts must be destroyed first (R16)."
    ),
    "Rensa en FBL:s mappar, eller radera allt äldre än ett år (R17).": (
        "Empty an FBL's folders, or delete everything older than one year (R17)."
    ),
    "Markera en obesvarad fråga som löst på annat sätt, t.ex. per telefon (R10).": (
        "Mark an unanswered question as settled another way, e.g. by phone (R10)."
    ),
    "Katalogen: kommuner, vårdcentraler, deras FBL och förvalslistor (R5).": (
        "The directory: municipalities, health centres, their FBLs and preset lists (R5)."
    ),
    "Läs in katalogfilen: nya enheter skapas, ändrade uppdateras; två gånger ändrar inget.": (
        "Import the directory file: new units are created, changed ones updated; "
        "twice changes nothing."
    ),
    "Lista enheterna och deras funktionsbrevlådor, eller en kommuns förvalslista.": (
        "List the units and their functional mailboxes, or a municipality's preset list."
    ),
    "Administration för supportenheten: konton, behörigheter, registret (R3).": (
        "Administration for the support unit: accounts, permissions, the register (R3)."
    ),
    "Konton att se över vid personalbyte (chef: den egna enheten; support: alla).": (
        "Accounts to review at staff changes (manager: own unit; support: all)."
    ),
    "Konton.": "Accounts.",
    "Skapa ett konto med personlig brevlåda och behörighet till FBL.": (
        "Create an account with a personal mailbox and FBL memberships."
    ),
    "Behörighet till funktionsbrevlådor.": "Membership of functional mailboxes.",
    "Ge ett konto behörighet till en FBL.": "Give an account access to an FBL.",
    "Ta bort ett kontos behörighet till en FBL (gäller direkt).": (
        "Remove an account's access to an FBL (at once)."
    ),
    "Registret över patienter med pågående samordningsärende (R3).": (
        "The register of patients with an ongoing coordination case (R3)."
    ),
    "Ersätt registret över patienter med pågående samordningsärende (R3).": (
        "Replace the register of patients with an ongoing coordination case (R3)."
    ),
    "Funktionsbrevlådor: skapa, stäng permanent (R1, R15).": (
        "Functional mailboxes: create, close permanently (R1, R15)."
    ),
    "Skapa en enhets funktionsbrevlåda (en per enhet, R1).": (
        "Create a unit's functional mailbox (one per unit, R1)."
    ),
    "Stäng en FBL permanent (R15). Kan inte ångras; det finns ingen tillfällig stängning.": (
        "Close an FBL permanently (R15). Cannot be undone; there is no temporary close."
    ),
    "Ansökan om behörighet (ny behörighet / avslutad behörighet, R18).": (
        "Access requests (new permission / end of permission, R18)."
    ),
    "Lämna in en ansökan om ny eller avslutad behörighet (R18).": (
        "File a request for a new or ended permission (R18)."
    ),
    "Lista ansökningar (supportenheten).": "List requests (support unit).",
    "Godkänn en ansökan: kontot skapas eller avslutas direkt.": (
        "Approve a request: the account is created or ended at once."
    ),
    "Avslå en ansökan med en motivering.": "Reject a request with a reason.",
    "Loggen över åtkomst till patientuppgifter: sök, utdrag, stickprov, kontroll.": (
        "The log of access to patient data: search, extract, sample, verify."
    ),
    "Utdrag för en patient: tid, enhet och person för varje åtkomst (supportenheten).": (
        "A patient's extract: time, unit and person of every access (support unit)."
    ),
    "Ett reproducerbart stickprov: flaggade rader blandade med slumpade.": (
        "A reproducible sample: flagged rows mixed with random ones."
    ),
    "Kontrollera loggens hashkedja; namnger första brutna rad (slutkod 1).": (
        "Verify the log's hash chain; names the first broken row (exit code 1)."
    ),
    "Uppföljning av stickprov: vem granskade vad och med vilket utfall.": (
        "Sample reviews: who reviewed what, with which outcome."
    ),
    "Registrera att ett stickprov är granskat, av vem och med vilket utfall.": (
        "Record that a sample was reviewed, by whom and with which outcome."
    ),
    "Registrerade granskningar, nyast först.": "Recorded reviews, newest first.",
    "Dagens kontroll av enhetens funktionsbrevlåda, förmiddag och eftermiddag (R4).": (
        "Today's check of the unit's functional mailbox, morning and afternoon (R4)."
    ),
    "Vem som signerade kontrollerna, dag för dag, och vilka som missades.": (
        "Who signed the checks, day by day, and which were missed."
    ),
    "Enhetens lokala rutin (R20): vem bevakar, vem rensar, kontrolltider, semester.": (
        "The unit's local routine (R20): who monitors, who purges, check times, holidays."
    ),
    "Visa enhetens lokala rutin och vad som saknas.": (
        "Show the unit's local routine and what is missing."
    ),
    "Ändra enhetens lokala rutin (enhetschefen eller support). Tom text tömmer ett fält.": (
        "Change the unit's local routine (unit manager or support). Empty text clears a field."
    ),
}


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

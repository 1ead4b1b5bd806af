"""The routine in short (R1–R20), for the help screen; the full text is shared/ROUTINE.md."""

from __future__ import annotations

from fblmail.i18n import tr

__all__ = ["GENERAL_KEYS", "ROUTINE", "routine_rows"]

# (rule, Swedish, English): one line each, what the rule means at the keyboard.
ROUTINE: tuple[tuple[str, str, str], ...] = (
    (
        "R1",
        "Kommunikation sker mellan enheternas funktionsbrevlådor (FBL).",
        "Communication is between the units' functional mailboxes (FBL).",
    ),
    (
        "R2",
        "Bara patientrelaterad administrativ information; ett meddelande gäller en patient.",
        "Only patient-related administrative information; one message, one patient.",
    ),
    (
        "R3",
        "Pågående samordningsärende? Använd Cosmic Link, inte FBL.",
        "An ongoing coordination case? Use Cosmic Link, not the FBL.",
    ),
    (
        "R4",
        "Varje FBL bevakas dagligen, förmiddag och eftermiddag.",
        "Every FBL is checked daily, morning and afternoon.",
    ),
    (
        "R5",
        "Förvalslistan först; andra vårdcentraler finns i globala adresslistan.",
        "The preset list first; other health centres are in the global address list.",
    ),
    ("R6", "Skriv en tydlig fråga eller ett tydligt syfte.", "State a clear question or purpose."),
    (
        "R7",
        '"För kännedom" undviks och får aldrig innebära risk om det inte läses.',
        '"För kännedom" (FYI) is avoided and must be no risk if never read.',
    ),
    ("R8", "Välj en av de elva kategorierna.", "Choose one of the eleven categories."),
    ("R9", "Inget akut via FBL: ring i stället.", "Nothing acute through the FBL: phone instead."),
    (
        "R10",
        "Mottagaren svarar inom 72 timmar; annars tar avsändaren kontakt på annat sätt.",
        "The recipient answers within 72 hours; otherwise the sender makes contact another way.",
    ),
    ("R11", "Inte för långtidslagring.", "Not for long-term storage."),
    (
        "R12",
        "Bara vårdcentralens personal bifogar länk till journalanteckning.",
        "Only health-centre staff attach a link to a journal note.",
    ),
    (
        "R13",
        "Vidarebefordra bara till en namngiven person med konto som vet om det.",
        "Forward only to a named person with an account who has been told.",
    ),
    (
        "R14",
        "Vidarebefordra till personlig brevlåda, skriv inte ut för att lämna vidare.",
        "Forward to the personal mailbox; do not print to pass it on.",
    ),
    (
        "R15",
        "Inget autosvar vid frånvaro; en FBL stängs bara permanent, av support.",
        "No out-of-office reply; an FBL is closed only permanently, by support.",
    ),
    (
        "R16",
        "En utskrift är arbetsunderlag och förstörs när ärendet är klart.",
        "A printout is working material, destroyed when the case is closed.",
    ),
    (
        "R17",
        "Töm alla mappar regelbundet; meddelanden äldre än ett år raderas.",
        "Empty all folders regularly; messages older than a year are deleted.",
    ),
    (
        "R18",
        "Behörighet söks och avslutas via blankett.",
        "Access is requested and ended through a form.",
    ),
    (
        "R19",
        "Utbildning via e-learning; frågor till support.",
        "Training by e-learning; questions to support.",
    ),
    (
        "R20",
        "Enhetens lokala rutin: bevakning, rensning, tider, semester, behörigheter.",
        "The unit's local routine: monitoring, purging, times, holidays, permissions.",
    ),
)


def routine_rows() -> list[tuple[str, str]]:
    """(rule, text) in the current language."""
    return [(rule, tr(sv, en)) for rule, sv, en in ROUTINE]


# Keys that Textual itself provides everywhere (not bound by fblmail's own classes).
GENERAL_KEYS: tuple[tuple[str, str, str], ...] = (
    ("tab", "Nästa fält", "Next field"),
    ("shift+tab", "Föregående fält", "Previous field"),
    ("ctrl+p", "Kommandopaletten", "Command palette"),
    ("ctrl+q", "Avsluta (utkast sparas)", "Quit (drafts are kept)"),
)

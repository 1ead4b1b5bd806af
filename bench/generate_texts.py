"""Swedish texts for generated messages: varied, realistic for full-text search, never acute.

Part of `generate.py` (the bench store generator); kept apart so that each file stays short.
"""

from __future__ import annotations

import random

from fblmail.domain.categories import Category

FILL = {
    "drug": ("Alvedon", "Waran", "Eliquis", "Metformin", "Levaxin", "Furix", "Omeprazol",
             "Sertralin", "Atorvastatin", "Enalapril", "Insulatard", "Kåvepenin", "Imovane",
             "Trombyl", "Behepan", "Lergigan", "Oxascand", "Madopark", "Donepezil", "Laxoberal"),
    "symptom": ("yrsel", "svullna ben", "sår på hälen", "trycksår", "förstoppning",
                "sömnsvårigheter", "viktnedgång", "andfåddhet", "oro och förvirring",
                "smärta i höften", "hosta", "urinvägsbesvär", "nedsatt aptit", "fallrisk",
                "högt blodtryck", "lågt blodsocker", "klåda", "bensår", "svårläkt sår"),
    "test": ("PK-INR", "Hb", "kreatinin", "blodsocker", "CRP", "elektrolyter", "urinodling",
             "TSH", "B12", "blodfetter", "HbA1c"),
    "aid": ("rollator", "duschstol", "toalettförhöjning", "rullstol", "lyftsele", "gåbord"),
    "place": ("hemtjänsten", "korttidsboendet", "särskilt boende", "hemsjukvården",
              "dagverksamheten", "växelvården"),
}  # fmt: skip
SUBJECTS: dict[Category, tuple[str, ...]] = {
    Category.RECEPT: ("Förnyelse av recept på {drug}", "Receptet på {drug} har gått ut",
                      "Nytt recept på {drug} behövs"),
    Category.LAKEMEDEL: ("Fråga om dosering av {drug}", "Läkemedelslistan stämmer inte",
                         "Dosetten: ändrad dos av {drug}", "Ska {drug} sättas ut?"),
    Category.FRAGESTALLNING: ("Fråga om {symptom}", "Hur går vi vidare med {symptom}?",
                              "Fråga inför utskrivning"),
    Category.KONSULTATION_LAKARE: ("Läkarbedömning av {symptom}",
                                   "Kan läkaren bedöma {symptom}?", "Konsultation om {drug}"),
    Category.PROVTAGNING: ("Provtagning {test}", "Ordination för {test}",
                           "Svar på {test} önskas"),
    Category.REHABILITERING: ("Rehabplan efter fallet", "Behov av {aid}",
                              "Träning efter höftoperationen"),
    Category.SAMORDNANDE_SJUKSKOTERSKA: ("Vårdplanering inför hemgång",
                                         "Samordnad individuell plan (SIP)",
                                         "Kallelse till SIP-möte"),
    Category.FYI: ("Patienten har flyttat till {place}", "Ny kontaktperson inom {place}",
                   "Patienten vistas på {place} en period"),
    Category.PAMINNELSE: ("Påminnelse: {test}", "Påminnelse om recept på {drug}",
                          "Påminnelse om tidigare fråga"),
    Category.UPPFOLJNING: ("Uppföljning av {symptom}", "Uppföljning efter ändrad dos av {drug}",
                           "Uppföljning av sårbehandlingen"),
    Category.UTREDANDE_ATGARDER: ("Utredning av {symptom}", "Fortsatt utredning av {symptom}",
                                  "Underlag till utredning av {symptom}"),
}  # fmt: skip
# Weights: questions and medicines dominate; "För kännedom" is rare, as R7 asks.
CATEGORY_WEIGHTS: dict[Category, int] = {
    Category.FRAGESTALLNING: 20, Category.LAKEMEDEL: 15, Category.RECEPT: 12,
    Category.UPPFOLJNING: 10, Category.PROVTAGNING: 8, Category.KONSULTATION_LAKARE: 8,
    Category.REHABILITERING: 6, Category.SAMORDNANDE_SJUKSKOTERSKA: 6,
    Category.UTREDANDE_ATGARDER: 6, Category.PAMINNELSE: 5, Category.FYI: 4,
}  # fmt: skip
OPENINGS = ("Hej!", "Hej,", "God morgon!", "Hej, en fråga om patienten.", "Hej på er.")
FACTS = (
    "Patienten har haft {symptom} sedan i helgen och hemsjukvården har sett det vid flera besök.",
    "Vi ser att {drug} står på läkemedelslistan men dosen i dosetten är en annan.",
    "Senaste {test} togs för tre veckor sedan och vi undrar om ett nytt prov behövs.",
    "Patienten bor sedan en vecka på {place} och personalen behöver veta vad som gäller.",
    "Anhöriga har hört av sig och undrar över planeringen framåt.",
    "Det finns behov av {aid} och vi undrar om arbetsterapeuten kan göra en bedömning.",
    "Blodtrycket har legat högt vid de senaste mätningarna, runt 160/95.",
    "Patienten äter dåligt och har gått ned i vikt den senaste månaden.",
    "Såret läker långsamt trots omläggning varannan dag enligt ordination.",
    "Efter utskrivningen från sjukhuset saknas {drug} i dosrullen.",
    "Patienten har fallit två gånger i hemmet, utan synliga skador.",
)
ASKS = (
    "Kan ni ta ställning till om {drug} ska fortsätta?",
    "Kan läkaren bedöma om vi ska ändra något?",
    "Vill ni att vi tar {test} vid nästa besök?",
    "Hur vill ni att vi går vidare?",
    "Kan ni skicka ett nytt recept?",
    "Återkom gärna med besked inom tre dagar.",
)
CLOSINGS = ("Tack på förhand!", "Mvh", "Hälsningar", "Tack!", "Vänliga hälsningar")
REPLIES = (
    "Tack för frågan. Läkaren har bedömt att {drug} ska fortsätta som tidigare.",
    "Vi har skickat ett nytt recept på {drug} till apoteket.",
    "Ni kan ta {test} på torsdag, remissen finns i journalen.",
    "Patienten har fått en tid hos läkaren nästa vecka.",
    "Dosen är ändrad enligt ordinationen i journalen; uppdatera gärna dosetten.",
    "Arbetsterapeuten kommer hem till patienten och bedömer behovet av {aid}.",
    "Fortsätt som tidigare och hör av er igen om {symptom} inte blir bättre.",
)


def _fill(template: str, rng: random.Random) -> str:
    return template.format(**{k: rng.choice(v) for k, v in FILL.items() if "{" + k in template})


def question_text(category: Category, rng: random.Random) -> tuple[str, str]:
    """A subject and body for a question of `category` (plain Swedish, never acute)."""
    subject = _fill(rng.choice(SUBJECTS[category]), rng)
    facts = [_fill(f, rng) for f in rng.sample(FACTS, rng.randint(1, 3))]
    ask = [] if category is Category.FYI else [_fill(rng.choice(ASKS), rng)]
    parts = [rng.choice(OPENINGS), " ".join([*facts, *ask]), rng.choice(CLOSINGS)]
    return subject, "\n\n".join(parts)


def reply_text(subject: str, rng: random.Random) -> tuple[str, str]:
    """The service layer's reply subject (`Sv: ...`, 200 characters at most) and a body."""
    title = subject if subject.lower().startswith("sv:") else f"Sv: {subject}"[:200]
    return title, f"Hej!\n\n{_fill(rng.choice(REPLIES), rng)}\n\n{rng.choice(CLOSINGS)}"

"""The demo store's cast and texts: realistic Swedish clinical-administrative messages.

Each template is one kind of question or notice, written by the side that usually sends it
(`"m"`: municipal health care asks a health centre; `"v"`: a health centre asks the
municipality). Placeholders (`{drug}`, `{test}`, `{day}`, `{aid}`) are filled from the lists
below. No text reads as acute (R9) unless the template says so, in which case the demo
confirms it is not acute, as a sender would.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    """One message the demo can send, with possible answers."""

    category: str
    side: str  # "m" (municipality sends) or "v" (health centre sends)
    subject: str
    body: str
    replies: tuple[str, ...] = ()
    not_acute: bool = False  # mentions an acute word, confirmed not acute by the sender


DRUGS = (
    "Furix",
    "Metformin",
    "Levaxin",
    "Eliquis",
    "Omeprazol",
    "Atorvastatin",
    "Sertralin",
    "Alvedon",
    "Zopiklon",
    "Kalcipos-D",
    "Madopark",
    "Oxynorm",
)
TESTS = (
    "Hb, CRP och elektrolyter",
    "HbA1c",
    "PK(INR)",
    "B12 och folat",
    "kreatinin och kalium",
    "TSH och T4",
    "blodstatus",
)
DAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag")
AIDS = ("rollator", "duschpall", "toalettförhöjning", "rullstol", "gåbord")
PLACEHOLDERS = {"drug": DRUGS, "test": TESTS, "day": DAYS, "aid": AIDS}

TEMPLATES: tuple[Template, ...] = (
    Template(
        "Recept",
        "m",
        "Förnyelse av recept på {drug}",
        "Hej!\n\nPatienten har {drug} i dosdispensering och receptet går ut om en vecka "
        "enligt läkemedelslistan. Kan läkaren förnya receptet? Nästa dospåse beställs på "
        "{day}.",
        (
            "Hej! Receptet är förnyat och skickat till dosapoteket.",
            "Förnyat i ett år. Läkaren vill träffa patienten på årskontroll i vår, vi "
            "skickar kallelse.",
        ),
    ),
    Template(
        "Recept",
        "m",
        "Recept saknas på {drug} vid hemgång",
        "Hej!\n\nPatienten kom hem från sjukhuset i går. {drug} finns på utskrivnings"
        "listan men vi hittar inget giltigt recept. Kan ni se över det?",
        (
            "Vi har lagt in ett nytt recept, det ska synas hos apoteket inom en timme.",
            "Receptet fanns men var pausat. Nu är det aktiverat igen.",
        ),
    ),
    Template(
        "Läkemedel",
        "m",
        "Fråga om dosering av {drug}",
        "Hej!\n\nPå ordinationshandlingen står {drug} 1 x 2, men i dosrullen ligger den "
        "bara på morgonen. Vilken dos gäller? Vi delar ut enligt dosrullen tills vi hört "
        "av er.",
        (
            "Det ska vara 1 x 2. Vi ändrar i dosordinationen i dag.",
            "Dosrullen stämmer, morgondos enbart. Vi rättar ordinationshandlingen.",
        ),
    ),
    Template(
        "Läkemedel",
        "m",
        "Läkemedelslistan stämmer inte efter sjukhusbesök",
        "Hej!\n\nPatienten var på akutmottagningen i helgen och är nu hemma och mår bra. "
        "Efter besöket är {drug} utsatt på listan från sjukhuset men finns kvar i "
        "dosrullen. Kan läkaren stämma av läkemedelslistan?",
        (
            "Läkaren har gått igenom listan. {drug} ska vara utsatt, dosapoteket är meddelat.",
            "Tack. Vi har uppdaterat listan och skickar en ny ordinationshandling.",
        ),
        not_acute=True,
    ),
    Template(
        "Läkemedel",
        "v",
        "Ändrad dos {drug} – ny ordinationshandling",
        "Hej!\n\nLäkaren har ändrat dosen av {drug} vid dagens besök. Ny ordinations"
        "handling finns i journalen. Kan ni bekräfta att ni har fått den och ändrar i "
        "utdelningen från {day}?",
        (
            "Mottaget. Ändringen gäller från {day}.",
            "Tack, vi har ändrat i signeringslistan.",
        ),
    ),
    Template(
        "Frågeställning",
        "m",
        "Bedömning av sår på underben",
        "Hej!\n\nPatienten har ett sår på vänster underben som inte läker trots "
        "omläggning varannan dag i tre veckor. Såret är cirka 3 x 2 cm, lätt vätskande, "
        "ingen feber. Önskar bedömning av distriktssköterska eller läkare om fortsatt "
        "behandling.",
        (
            "Vi bokar in patienten hos distriktssköterskan på {day} för bedömning.",
            "Läkaren föreslår silverförband och kontroll om en vecka. Ordination i journalen.",
        ),
    ),
    Template(
        "Frågeställning",
        "m",
        "Viktnedgång senaste månaden",
        "Hej!\n\nPatienten har gått ned 4 kg på en månad enligt våra vägningar och äter "
        "mindre än vanligt. Önskar ni att vi gör något mer än att fortsätta väga varje "
        "vecka?",
        (
            "Fortsätt väga varje vecka och för mat- och vätskelista i fem dagar. Vi tar "
            "{test} vid nästa provtagning.",
            "Vi kallar patienten till läkarbesök. Fortsätt gärna vägningen.",
        ),
    ),
    Template(
        "Konsultation läkare",
        "m",
        "Önskar läkarbedömning av ökade bensvullnader",
        "Hej!\n\nPatienten har haft tilltagande svullnad i båda benen den senaste veckan. "
        "Blodtryck 145/85, puls 78, ingen andfåddhet i vila. Patienten har {drug}. Vi "
        "önskar läkarbedömning, gärna vid hembesök.",
        (
            "Läkaren gör hembesök på {day} förmiddag.",
            "Läkaren har ökat dosen av {drug}. Väg patienten dagligen och meddela oss vid "
            "viktökning över 2 kg.",
        ),
    ),
    Template(
        "Konsultation läkare",
        "m",
        "Fråga till läkare om smärtlindring",
        "Hej!\n\nPatienten uppger ökad värk i höften, skattar 6 av 10 på morgonen. Har "
        "{drug} vid behov och tar det tre gånger per dag. Kan läkaren se över "
        "smärtlindringen?",
        (
            "Läkaren har lagt till {drug} morgon och kväll. Utvärdera efter en vecka.",
            "Vi vill att patienten kommer på besök för undersökning, kallelse skickas.",
        ),
    ),
    Template(
        "Provtagning",
        "m",
        "Önskar remiss för provtagning: {test}",
        "Hej!\n\nEnligt planen ska patienten ta {test} inför nästa läkarbesök. Vi kan ta "
        "proverna i hemmet på {day} om ni skickar remiss.",
        (
            "Remissen är skickad. Svaren kommer till oss och läkaren återkopplar.",
            "Remiss finns nu. Ta gärna proverna fastande.",
        ),
    ),
    Template(
        "Provtagning",
        "v",
        "Provtagning i hemmet: {test}",
        "Hej!\n\nLäkaren önskar kontroll av {test} om två veckor. Remiss är skickad. Kan "
        "ni ta proverna vid hembesök och meddela oss när de är tagna?",
        (
            "Proverna tas på {day}, vi hör av oss när de är skickade.",
            "Vi tar dem vid ordinarie besök på {day}.",
        ),
    ),
    Template(
        "Rehabilitering",
        "v",
        "Träningsprogram efter höftfraktur",
        "Hej!\n\nPatienten skrevs ut efter operation för höftfraktur och har ett "
        "träningsprogram från sjukhusets fysioterapeut. Kan kommunens rehab ta över "
        "uppföljningen i hemmet? Patienten behöver troligen {aid}.",
        (
            "Vår fysioterapeut gör hembesök på {day} och tar med {aid}.",
            "Vi har tagit emot ärendet. Arbetsterapeut bedömer hjälpmedel i veckan.",
        ),
    ),
    Template(
        "Rehabilitering",
        "m",
        "Fall i hemmet – önskar bedömning",
        "Hej!\n\nPatienten har fallit två gånger i hemmet den senaste veckan, utan synliga "
        "skador. Vi har ordnat {aid}. Kan läkaren se över läkemedel som kan påverka "
        "balansen, till exempel {drug}?",
        (
            "Läkaren har satt ut {drug} på prov. Hör av er om fler fall.",
            "Vi bokar en läkemedelsgenomgång på {day}.",
        ),
    ),
    Template(
        "Samordnande sjuksköterska",
        "m",
        "Kontakt med samordnande sjuksköterska inför hemgång",
        "Hej!\n\nPatienten skrivs ut från sjukhuset på {day}. Vi önskar kontakt med er "
        "samordnande sjuksköterska för planering av läkemedel, hembesök och "
        "provtagning efter hemgång.",
        (
            "Samordnande sjuksköterska ringer er i morgon förmiddag.",
            "Vår samordnande sjuksköterska har noterat hemgången och kontaktar er på {day}.",
        ),
    ),
    Template(
        "För kännedom",
        "m",
        "Patienten har flyttat till särskilt boende",
        "Hej!\n\nFör kännedom: patienten har flyttat till Solbackens särskilda boende. "
        "Kontaktuppgifter till boendets sjuksköterska finns i kommunens telefonlista. "
        "Ingen åtgärd behövs från er.",
    ),
    Template(
        "För kännedom",
        "v",
        "Årskontroll bokad",
        "Hej!\n\nFör kännedom: patienten har fått tid för årskontroll hos läkaren på "
        "{day} om tre veckor. Kallelse är skickad hem. Ingen åtgärd behövs från er.",
    ),
    Template(
        "För kännedom",
        "m",
        "Ny kontaktperson i hemsjukvården",
        "Hej!\n\nFör kännedom: patienten har fått ny fast omsorgskontakt i hemsjukvården "
        "från och med {day}. Ingen åtgärd behövs.",
    ),
    Template(
        "Påminnelse",
        "m",
        "Påminnelse: recept på {drug}",
        "Hej!\n\nVi frågade förra veckan om förnyelse av receptet på {drug} men har inte "
        "sett något svar. Dosapoteket behöver receptet före {day}. Kan ni återkoppla?",
        (
            "Ursäkta dröjsmålet. Receptet är förnyat nu.",
            "Tack för påminnelsen, läkaren förnyar det i eftermiddag.",
        ),
    ),
    Template(
        "Uppföljning",
        "v",
        "Uppföljning av blodtryck efter dosändring",
        "Hej!\n\nLäkaren har ändrat dosen av {drug}. Kan ni mäta blodtrycket morgon och "
        "kväll i fem dagar och skicka värdena till oss?",
        (
            "Vi mäter från i morgon och skickar värdena på {day}.",
            "Mätningarna är inlagda i planeringen. Värdena kommer efter fem dagar.",
        ),
    ),
    Template(
        "Uppföljning",
        "m",
        "Uppföljning efter läkarbesök",
        "Hej!\n\nPatienten var på läkarbesök hos er förra veckan. Vi har inte fått någon "
        "information om ändrade ordinationer. Finns det något vi behöver göra?",
        (
            "Inga ändringar. Fortsätt som tidigare.",
            "{drug} är ändrad, ny ordinationshandling är skickad.",
        ),
    ),
    Template(
        "Utredande åtgärder",
        "v",
        "Önskar vätske- och viktlista under en vecka",
        "Hej!\n\nInför läkarbesöket på {day} önskar läkaren vätskelista och daglig "
        "vägning under en vecka. Kan ni ordna det?",
        (
            "Vi startar listan i dag och skickar den före besöket.",
            "Det är ordnat, listan finns hos patienten.",
        ),
    ),
    Template(
        "Utredande åtgärder",
        "m",
        "Minnessvikt – fråga om utredning",
        "Hej!\n\nAnhöriga och personal har märkt tilltagande glömska de senaste "
        "månaderna. Önskar ni att vi gör ett minnestest (MMSE) inför en utredning?",
        (
            "Ja, gör gärna MMSE och klocktest. Vi tar {test} och bokar läkarbesök.",
            "Vi kallar patienten till utredning och hör av oss om vad ni kan bidra med.",
        ),
    ),
)

THANKS = (
    "Tack för svaret!",
    "Tack, vi noterar det.",
    "Tack! Vi följer upp på {day}.",
    "Uppfattat, tack.",
)

FORWARD_NOTES = (
    "Din patient, kan du ta det här?",
    "Som vi pratade om i morse.",
    "För din planering i veckan.",
)

JOURNAL_TITLES = (
    "Läkaranteckning",
    "Sjuksköterskeanteckning",
    "Ordinationshandling",
    "Besöksanteckning distriktssköterska",
    "Epikris",
)

DEMO_USER = "anna.ssk"
KARLSTAD = "Karlstad kommun Hälso- och sjukvård (FBL)"
ARVIKA = "Arvika kommun Hälso- och sjukvård (FBL)"
HERRHAGEN = "Vc Herrhagen Allmänmedicinska mottagningen (FBL)"
GRIPEN = "Vc Gripen Allmänmedicinska mottagningen (FBL)"
VC_ARVIKA = "Vc Arvika Allmänmedicinska mottagningen (FBL)"
TOLVAN = "19121212-1212"

# login, name, title, organisation code, role, FBLs
STAFF: tuple[tuple[str, str, str, str, str, tuple[str, ...]], ...] = (
    ("sara.support", "Sara Support", "Systemförvaltare", "support", "support", ()),
    ("anna.ssk", "Anna Andersson", "Sjuksköterska", "karlstad", "staff", (KARLSTAD,)),
    ("bengt.ssk", "Bengt Berg", "Sjuksköterska", "karlstad", "staff", (KARLSTAD,)),
    ("fia.chef", "Fia Fransson", "Enhetschef", "karlstad", "manager", (KARLSTAD,)),
    ("cecilia.dr", "Cecilia Carlsson", "Läkare", "vc-herrhagen", "staff", (HERRHAGEN,)),
    ("david.ssk", "David Dahl", "Distriktssköterska", "vc-herrhagen", "staff", (HERRHAGEN,)),
    ("erik.ssk", "Erik Ek", "Sjuksköterska", "arvika", "staff", (ARVIKA,)),
    ("karin.ssk", "Karin Kvist", "Sjuksköterska", "arvika", "staff", (ARVIKA,)),
    ("gustav.ssk", "Gustav Gran", "Sjuksköterska", "vc-gripen", "staff", (GRIPEN,)),
    ("ingrid.dr", "Ingrid Isaksson", "Läkare", "vc-gripen", "staff", (GRIPEN,)),
    ("helena.ssk", "Helena Holm", "Distriktssköterska", "vc-arvika", "staff", (VC_ARVIKA,)),
)
# (municipality FBL, health-centre FBL, weight): who talks to whom.
PAIRS = ((KARLSTAD, HERRHAGEN, 0.38), (KARLSTAD, GRIPEN, 0.32), (ARVIKA, VC_ARVIKA, 0.30))
# Threads that make sure the demo user's FBL shows every deadline state whatever the day:
# (sent between this many and this many hours ago, side that sends, answered).
FORCED = (
    (49, 71, "v", False),  # under 24 h left, we answer
    (49, 71, "v", False),
    (75, 140, "v", False),  # overdue, we answer
    (4, 46, "v", False),  # waiting, we answer
    (49, 71, "m", False),  # under 24 h left, they answer
    (75, 160, "m", False),  # overdue: we must make contact another way (R10)
    (8, 46, "m", True),  # answered
)
# Drafts left half-written: login, from, to, category, patient (index), subject, body.
DRAFTS = (
    (
        "anna.ssk",
        KARLSTAD,
        GRIPEN,
        "Provtagning",
        3,
        "Provtagning inför årskontroll",
        "Hej!\n\nPatienten ska ",
    ),
    ("anna.ssk", KARLSTAD, HERRHAGEN, "Recept", 5, "Förnyelse av recept", ""),
    (
        "cecilia.dr",
        HERRHAGEN,
        KARLSTAD,
        "Uppföljning",
        7,
        "Uppföljning av vikt",
        "Hej!\n\nKan ni väga patienten",
    ),
    ("erik.ssk", ARVIKA, VC_ARVIKA, "Frågeställning", 9, "", "Hej! En fråga om"),
)

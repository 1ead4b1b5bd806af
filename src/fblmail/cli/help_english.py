"""The English of every help text, keyed by the Swedish written beside the code.

`help_text.localise` looks each command's and option's Swedish help up here when the user
chose English; a text missing here stays Swedish, and a test insists there is none. Add the
English of a new command or option here, in the order the commands register them.
"""

from __future__ import annotations

__all__ = ["ENGLISH", "OPTIONS_ENGLISH"]

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
        "fblmail: functional mailboxes (FBL) for Värmland's municipalities and health centres."
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
    "Ordning: urgent (väntar på vårt svar först, efter svarstid; sedan nyast), "
    "newest (standard) eller oldest.": (
        "Order: urgent (waiting for our answer first, by deadline; then newest), "
        "newest (default) or oldest."
    ),
    "Bara frågor som väntar på svar: us (vårt svar) eller them (deras).": (
        "Only questions waiting for an answer: us (ours) or them (theirs)."
    ),
    "Bara denna kategori (R8).": "Only this category (R8).",
    "En rad per konversation (dess nyaste meddelande).": (
        "One row per conversation (its newest message)."
    ),
    "Sök i dina brevlådor, nyast först (sökningen loggas).": (
        "Search your mailboxes, newest first (the search is logged)."
    ),
    "Ord i ämne, text eller patient: hela ord, ord* för början av ett ord, eller ett "
    "personnummer. Alla måste finnas.": (
        "Words in subject, text or patient: whole words, word* for the start of a word, "
        "or a personnummer. All must be there."
    ),
    "Högst så många träffar.": "At most this many hits.",
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

# Options (the rest of the help texts), in the order the commands register them.
OPTIONS_ENGLISH: dict[str, str] = {
    'Ta frågan ("Jag tar den"): FBL:ens lista visar att du hanterar den.': (
        'Take the question ("Jag tar den"): the FBL\'s list shows that you handle it.'
    ),
    "Ta över en fråga som en kollega har tagit.": "Take over a question a colleague has taken.",
    "Lämna tillbaka frågan till FBL:en (bara den som tagit den).": (
        "Hand the question back to the FBL (only the one who took it)."
    ),
    "Alla trådar om patienten i dina FBL:er: status, svarstid, motpart, vem som hanterar.": (
        "Every thread about the patient in your FBLs: status, deadline, counterpart, handler."
    ),
    "Personnummer eller samordningsnummer.": "Personnummer or samordningsnummer.",
    "Visa hela felspåret vid fel (utan SQL-parametrar). Även FBLMAIL_DEBUG=1.": (
        "Show the whole traceback on an error (without SQL parameters). Also FBLMAIL_DEBUG=1."
    ),
    "Kontrollera databasen: schema, sidor, sökindex, loggens slut, filrättigheter, disk.": (
        "Check the store: schema, pages, search index, the log's tail, file modes, disk."
    ),
    "Resultatet som JSON.": "The result as JSON.",
    "Antal senaste loggrader att kontrollera.": "How many of the latest log rows to check.",
    "Ta en säkerhetskopia av SQLite-databasen (fil 0600); för PostgreSQL: pg_dump.": (
        "Back up the SQLite store (file 0600); for PostgreSQL: pg_dump."
    ),
    "Ny fil för kopian (får inte finnas).": "A new file for the copy (must not exist).",
    "Läs in den medföljande katalogen om databasen saknar enheter.": (
        "Import the shipped directory if the store has no units."
    ),
    "Slumpfrö: samma frö ger samma innehåll.": "Random seed: the same seed gives the same content.",
    "Radera en befintlig databasfil och bygg om den.": (
        "Delete an existing database file and build it again."
    ),
    "Avsändande FBL (namn eller kod).": "Sending FBL (name or code).",
    "Mottagande FBL (namn eller kod).": "Receiving FBL (name or code).",
    "Kategori enligt R8.": "Category as in R8.",
    "Patientens person- eller samordningsnummer.": (
        "The patient's personal identity or coordination number."
    ),
    "Frågan eller syftet (R6).": "The question or purpose (R6).",
    "Länk till journalanteckning (R12).": "Link to a journal note (R12).",
    "Journalanteckningens rubrik (R12).": "The journal note's title (R12).",
    "För kännedom: bekräfta att det inte är en risk om det aldrig läses (R7).": (
        "FYI: confirm it is no risk if it is never read (R7)."
    ),
    "Bekräfta att patienten inte har pågående samordningsärende (R3).": (
        "Confirm the patient has no ongoing coordination case (R3)."
    ),
    "Bekräfta att ärendet inte är akut (R9): akut = ring.": (
        "Confirm the matter is not acute (R9): acute = phone."
    ),
    "Eget id: samma id två gånger sparas en gång.": (
        "Your own id: the same id twice is stored once."
    ),
    "Bara denna FBL (standard: alla dina).": "Only this FBL (default: all of yours).",
    "inbox, sent, drafts eller trash.": "inbox, sent, drafts or trash.",
    "Bara olästa.": "Unread only.",
    "Högst så många per sida.": "At most this many per page.",
    "Nästa sida (markören från förra sidan).": "Next page (the cursor from the previous page).",
    "Ämne (standard: Sv: + ursprungligt).": "Subject (default: Sv: + the original).",
    "Personen (inloggning).": "The person (login).",
    "Bekräfta att personen vet att meddelandet kommer (R13).": (
        "Confirm the person knows the message is coming (R13)."
    ),
    "Kort kommentar.": "Short comment.",
    "inbox, sent eller trash.": "inbox, sent or trash.",
    "Ny fil att skriva till (text utan --output skrivs till skärmen).": (
        "A new file to write to (text without --output goes to the screen)."
    ),
    "pdf (standard) eller text.": "pdf (default) or text.",
    "Bekräfta att ärendets utskrifter är förstörda (R16).": (
        "Confirm the case's printouts are destroyed (R16)."
    ),
    "Brevlådan (FBL) som ska rensas.": "The mailbox (FBL) to purge.",
    "Alla mappar, papperskorgen medräknad.": "All folders, the trash included.",
    "Bara denna mapp: inbox, sent, drafts, trash.": "Only this folder: inbox, sent, drafts, trash.",
    "Bara meddelanden äldre än så.": "Only messages older than this.",
    "Radera allt äldre än ett år i alla brevlådor (R17; daglig körning, support).": (
        "Delete everything older than a year in every mailbox (R17; daily run, support)."
    ),
    "Visa bara vad som skulle raderas.": "Only show what would be deleted.",
    "Fråga inte före raderingen.": "Do not ask before deleting.",
    "Meddelanden per transaktion (standard: så många att låset hålls ≈0,1 s).": (
        "Messages per transaction (default: as many as hold the lock ≈0.1 s)."
    ),
    "Hur frågan löstes: phone eller other.": "How the question was settled: phone or other.",
    "Kort anteckning: vem ni talade med, vad som gäller.": (
        "Short note: whom you spoke to, what applies."
    ),
    "Katalogfilen (se data/).": "The directory file (see data/).",
    "Visa kommunens förvalslista (R5), i ordning.": (
        "Show the municipality's preset list (R5), in order."
    ),
    "Konton som inte använts på mer än N dagar (eller aldrig).": (
        "Accounts not used for more than N days (or never)."
    ),
    "Inloggningen (datorns).": "The login (the operating-system one).",
    "För- och efternamn.": "First and last name.",
    "Enheten (kod eller namn), eller support.": "The unit (code or name), or support.",
    "Yrkestitel.": "Job title.",
    "staff, manager eller support.": "staff, manager or support.",
    "Behörighet till denna FBL (flera går).": "Access to this FBL (may be repeated).",
    "Funktionsbrevlådan (namn eller kod).": "The functional mailbox (name or code).",
    "Ett person- eller samordningsnummer per rad; # kommentar; - = stdin.": (
        "One personal identity or coordination number per line; # comment; - = stdin."
    ),
    "Enheten (kod eller namn).": "The unit (code or name).",
    "FBL:ens namn, slutar med (FBL).": "The FBL's name, ending in (FBL).",
    "Funktionsbrevlådans exakta namn.": "The functional mailbox's exact name.",
    "Krävs: en FBL stängs bara permanent (R15).": (
        "Required: an FBL is only closed permanently (R15)."
    ),
    "FBL:ens exakta namn som bekräftelse (krävs utan terminal).": (
        "The FBL's exact name as confirmation (required without a terminal)."
    ),
    "new = ny behörighet, end = avsluta behörighet.": (
        "new = new permission, end = end a permission."
    ),
    "Skälet (t.ex. ny tjänst).": "The reason (e.g. a new post).",
    "FBL som ansökan gäller (flera går). Vid end utan --mailbox avslutas kontot.": (
        "The FBL the request is about (may be repeated). For end without --mailbox the "
        "account ends."
    ),
    "Ansök åt en medarbetare (chef/support).": (
        "Request on behalf of a colleague (manager/support)."
    ),
    "Fullständigt namn (nytt konto).": "Full name (new account).",
    "Enheten, kod eller namn (nytt konto).": "The unit, code or name (new account).",
    "Yrkestitel (nytt konto).": "Job title (new account).",
    "pending, approved, rejected eller all.": "pending, approved, rejected or all.",
    "Ansökans nummer (se `access list`).": "The request's number (see `access list`).",
    "Varför ansökan avslås.": "Why the request is rejected.",
    "Bara denna patient.": "Only this patient.",
    "Bara denna användare.": "Only this user.",
    "Bara denna brevlåda.": "Only this mailbox.",
    "Från (ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DDTHH:MM, svensk tid).": (
        "From (YYYY-MM-DD or YYYY-MM-DDTHH:MM, Swedish time)."
    ),
    "Till och med (ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DDTHH:MM, svensk tid).": (
        "Up to and including (YYYY-MM-DD or YYYY-MM-DDTHH:MM, Swedish time)."
    ),
    "Rader per sida.": "Rows per page.",
    "Nästa sida: rader före detta nummer.": "Next page: rows before this number.",
    "Patientens personnummer.": "The patient's personal identity number.",
    "Stickprovets storlek.": "The sample's size.",
    "Fröet: samma frö ger samma urval.": "The seed: the same seed gives the same sample.",
    "Från och med (ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DDTHH:MM, svensk tid).": (
        "From and including (YYYY-MM-DD or YYYY-MM-DDTHH:MM, Swedish time)."
    ),
    "Dra bara bland rader till och med detta nummer (upprepar ett stickprov exakt).": (
        "Draw only among rows up to this number (repeats a sample exactly)."
    ),
    "Stickprovets frö (som i `audit sample`).": "The sample's seed (as in `audit sample`).",
    "ok eller follow-up.": "ok or follow-up.",
    "Vad som granskades / ska följas upp.": "What was reviewed / is to be followed up.",
    "Kontrollera denna FBL (kan upprepas; standard: alla dina).": (
        "Check this FBL (may be repeated; default: all of yours)."
    ),
    "Passet (standard: efter klockan och enhetens kontrolltider).": (
        "The shift (default: from the clock and the unit's check times)."
    ),
    "Signera kontrollen: vem, när, vilket pass (R4).": (
        "Sign the check: who, when, which shift (R4)."
    ),
    "Bara denna FBL (standard: dina; chefen: enhetens).": (
        "Only this FBL (default: yours; a manager: the unit's)."
    ),
    "Så många dagar bakåt, i dag medräknad.": "This many days back, today included.",
    "Enhetens kod eller namn (standard: din enhet).": (
        "The unit's code or name (default: your unit)."
    ),
    "Vem som bevakar FBL:en (R4).": "Who monitors the FBL (R4).",
    "Vem som rensar gamla meddelanden (R17).": "Who purges old messages (R17).",
    "Förmiddagskontroll, t.ex. 08:00-11:00.": "Morning check, e.g. 08:00-11:00.",
    "Eftermiddagskontroll, t.ex. 13:00-16:00.": "Afternoon check, e.g. 13:00-16:00.",
    "Vem som ansvarar under semester.": "Who is responsible during holidays.",
    "Vem som uppdaterar behörigheter vid personalbyte.": (
        "Who updates permissions when staff change."
    ),
}
ENGLISH.update(OPTIONS_ENGLISH)

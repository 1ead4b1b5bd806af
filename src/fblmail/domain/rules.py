"""The routine's checks on outgoing messages, turned into refusals that say what to do.

Pure input checks (R2, R6, R7/R8, R9, R12 format); the checks that need the store
(membership, closed FBLs, the coordination register) live in the use cases.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from fblmail.domain.acute import acute_words
from fblmail.domain.categories import Category, UnknownCategory, parse_category
from fblmail.domain.ids import new_id
from fblmail.domain.personnummer import InvalidPatientId, PatientId, parse_patient_id
from fblmail.domain.safe_text import one_line
from fblmail.domain.storable import not_storable, unstorable_text
from fblmail.errors import AuditTarget, InvalidInput, Refused

SUBJECT_MAX = 200
BODY_MAX = 100_000
NOTE_MAX = 2_000
JOURNAL_REF_MAX = 400


def patient_id(text: str, today: date, *, target: AuditTarget | None = None) -> PatientId:
    """R2: one patient, a valid personnummer or samordningsnummer."""
    try:
        return parse_patient_id(text, today)
    except InvalidPatientId as exc:
        raise Refused(
            f"Patientens personnummer går inte att använda: {exc.reason_sv} Varje meddelande "
            "ska gälla en patient med personnummer eller samordningsnummer "
            "(ÅÅÅÅMMDD-NNNN).",
            f"The patient's personal identity number cannot be used: {exc.reason_en} Every "
            "message concerns one patient with a personnummer or samordningsnummer "
            "(YYYYMMDD-NNNN).",
            field="patient",
            rule="R2",
            target=target,
        ) from exc


def category(text: str, *, target: AuditTarget | None = None) -> Category:
    """R8: one of the eleven categories exactly."""
    try:
        return parse_category(text)
    except UnknownCategory as exc:
        raise Refused(
            exc.reason_sv, exc.reason_en, field="category", rule="R8", target=target
        ) from exc


def fyi_confirmed(cat: Category, no_risk: bool, *, target: AuditTarget | None = None) -> None:
    """R7: "För kännedom" only when never reading it carries no patient risk."""
    if cat is Category.FYI and not no_risk:
        raise Refused(
            'Kategorin "För kännedom" ska undvikas. Välj en kategori som säger vad du vill '
            "ha svar på, eller bekräfta att det inte innebär någon risk för patienten om "
            "meddelandet aldrig läses{hint}.",
            'The category "För kännedom" (FYI) is to be avoided. Choose a category that says '
            "what you need, or confirm that it is no risk to the patient if the message is "
            "never read{hint}.",
            field="category",
            rule="R7",
            hint="fyi_no_risk",
            target=target,
        )


def required_text(value: str, field: str, limit: int, *, target: AuditTarget | None = None) -> str:
    """R6: a clear question or purpose: subject and body are required and not blank."""
    names = {"subject": ("Ämnet", "The subject"), "body": ("Meddelandet", "The body")}
    sv_name, en_name = names.get(field, (field, field))
    if not value or not value.strip():
        raise Refused(
            f"{sv_name} saknas. Skriv en tydlig fråga eller ett tydligt syfte.",
            f"{en_name} is missing. Write a clear question or purpose.",
            field=field,
            rule="R6",
            target=target,
        )
    if not_storable(value):  # NUL (PostgreSQL refuses it) or invalid UTF-8 from argv
        error = unstorable_text(field)
        raise InvalidInput(error.sv, error.en, field=field, target=target)
    if len(value) > limit:
        raise InvalidInput(
            f"{sv_name} är för långt ({len(value)} tecken, högst {limit}). Korta ned texten.",
            f"{en_name} is too long ({len(value)} characters, at most {limit}). Shorten it.",
            field=field,
            target=target,
        )
    return value


def not_acute(texts: list[str], confirmed: bool, *, target: AuditTarget | None = None) -> None:
    """R9: nothing acute goes through the system; the sender phones instead."""
    if confirmed:
        return
    found: list[str] = []
    for text in texts:
        found.extend(w for w in acute_words(text) if w not in found)
    if found:
        words = ", ".join(one_line(w, 40) for w in found)
        raise Refused(
            f"Texten låter akut ({words}). Akuta ärenden får inte gå via funktionsbrevlådan: "
            "ring mottagaren i stället. Är det inte akut, bekräfta det{hint}.",
            f"The text reads as acute ({words}). Acute matters must not go through the "
            "functional mailbox: phone the recipient instead. If it is not acute, confirm "
            "that{hint}.",
            field="body",
            rule="R9",
            hint="not_acute",
            target=target,
        )


def coordination_confirmed(confirmed: bool, *, target: AuditTarget | None = None) -> None:
    """R3: the sender confirms there is no ongoing coordination case."""
    if not confirmed:
        raise Refused(
            "Bekräfta att patienten inte har något pågående samordningsärende{hint}. "
            "Pågående samordningsärenden hanteras i Cosmic Link.",
            "Confirm that the patient has no ongoing coordination case{hint}. "
            "Ongoing coordination cases are handled in Cosmic Link.",
            field="no_coordination_case",
            rule="R3",
            hint="no_coordination_case",
            target=target,
        )


def in_coordination_register(target: AuditTarget) -> Refused:
    """R3: the patient is in the register of ongoing coordination cases."""
    return Refused(
        "Patienten har ett pågående samordningsärende. Använd Cosmic Link i stället.",
        "The patient has an ongoing coordination case. Use Cosmic Link instead.",
        field="patient",
        rule="R3",
        target=target,
    )


@dataclass(frozen=True)
class JournalLink:
    """A validated journal-note link (R12)."""

    reference: str
    title: str


def journal_link(
    reference: str | None, title: str | None, org_kind: str, *, target: AuditTarget | None = None
) -> JournalLink | None:
    """R12: only health-centre staff attach journal-note links; both parts are required."""
    if not reference and not title:
        return None
    if org_kind != "health_centre":
        raise Refused(
            "Bara personal på en vårdcentral kan bifoga en länk till en journalanteckning. "
            "Skriv det som behövs i meddelandet i stället.",
            "Only health-centre staff can attach a link to a journal note. Write what is "
            "needed in the message instead.",
            field="journal_note",
            rule="R12",
            target=target,
        )
    ref = (reference or "").strip()
    ttl = (title or "").strip()
    if not ref or not ttl:
        raise InvalidInput(
            "En journallänk behöver både referens och rubrik{hint}.",
            "A journal-note link needs both a reference and a title{hint}.",
            hint="journal_link_both",
            field="journal_note" if not ref else "journal_title",
            target=target,
        )
    for value, field in ((ref, "journal_note"), (ttl, "journal_title")):
        if not_storable(value):  # NUL (PostgreSQL refuses it) or invalid UTF-8 from argv
            error = unstorable_text(field)
            raise InvalidInput(error.sv, error.en, field=field, target=target)
    if len(ref) > JOURNAL_REF_MAX or len(ttl) > SUBJECT_MAX:
        raise InvalidInput(
            "Journallänkens referens eller rubrik är för lång.",
            "The journal-note reference or title is too long.",
            field="journal_note",
            target=target,
        )
    return JournalLink(ref, ttl)


def message_uuid(value: str | None, *, target: AuditTarget | None = None) -> str:
    """A client-chosen id (idempotent send) must be a UUID; without one we choose it."""
    if value is None:
        return new_id()
    try:
        return str(uuid.UUID(value))
    except ValueError as exc:
        raise InvalidInput(
            f"--id {one_line(value, 40)!r} är inget UUID. Utelämna --id eller ange ett UUID "
            "(t.ex. från `uuidgen`).",
            f"--id {one_line(value, 40)!r} is not a UUID. Leave --id out or give a UUID "
            "(e.g. from `uuidgen`).",
            field="id",
            target=target,
        ) from exc


def reply_subject(subject: str) -> str:
    """A reply's subject: `Sv: subject`, without stacking prefixes, within SUBJECT_MAX."""
    return subject if subject.lower().startswith("sv:") else f"Sv: {subject}"[:SUBJECT_MAX]

"""Full-text search over the user's mailboxes: what the user typed, as a safe query.

Only letters and digits reach the full-text query (FTS5 `MATCH` on SQLite, `to_tsquery`
on PostgreSQL), so no input is ever read as query syntax. The index gives the newest
stored messages first; nothing scans the message table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from fblmail.domain.personnummer import InvalidPatientId, parse_patient_id
from fblmail.store.query.rows import ROW_COLUMNS, ROW_JOINS

MAX_TERMS = 8
_WORD = re.compile(r"[^\W_]+")
_WORD_STAR = re.compile(r"([^\W_]+)(\*?)")
_PATIENT = re.compile(r"(?<![\w-])(\d{6}|\d{8})[-+]?\d{4}(?![\w-])")


@dataclass(frozen=True)
class SearchTerm:
    """One thing to find: a whole word, a word's beginning (`dos*`), or a patient."""

    words: tuple[str, ...]
    patient_digits: str = ""
    prefix: bool = False


def search_terms(text: str, today: date) -> list[SearchTerm]:
    """Split what the user typed into terms; everything else (quotes, `[`, operators) is dropped.

    Only letters and digits reach the full-text query, so no input can be read as query
    syntax (`AND`, `NEAR`, `"`) or crash it. Words match whole words (like PostgreSQL's
    `plainto_tsquery`), which the index answers at once; a `*` right after a word asks for
    words beginning with it. A personnummer matches the patient field (12 digits) or the
    number as written in the text.
    """
    terms: list[SearchTerm] = []
    rest = text
    for match in _PATIENT.finditer(text):
        try:
            digits = parse_patient_id(match.group(0), today).digits
        except InvalidPatientId:
            continue
        terms.append(SearchTerm(tuple(_WORD.findall(match.group(0))), digits))
        rest = rest.replace(match.group(0), " ")
    for match in _WORD_STAR.finditer(rest):
        terms.append(SearchTerm((match.group(1),), prefix=bool(match.group(2))))
    return terms[:MAX_TERMS]


def _fts5_string(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts5_query(terms: list[SearchTerm]) -> str:
    """An FTS5 MATCH expression: every term must match."""
    parts = []
    for term in terms:
        if term.patient_digits:
            phrase = _fts5_string(" ".join(term.words))
            parts.append(f"({_fts5_string(term.patient_digits)} OR {phrase})")
        else:
            parts.append(_fts5_string(term.words[0]) + ("*" if term.prefix else ""))
    return " AND ".join(parts)


def tsquery(terms: list[SearchTerm]) -> str:
    """The same for PostgreSQL's `to_tsquery('simple', ...)` (only letters and digits)."""
    parts = []
    for term in terms:
        if term.patient_digits:
            phrase = " <-> ".join(f"'{w.lower()}'" for w in term.words)
            parts.append(f"('{term.patient_digits}' | ({phrase}))")
        else:
            parts.append(f"'{term.words[0].lower()}'" + (":*" if term.prefix else ""))
    return " & ".join(parts)


def search_select(
    terms: list[SearchTerm], mailbox_ids: list[int], limit: int, *, sqlite: bool
) -> tuple[str, list[object]]:
    """The rows (`ROW_COLUMNS`) of the newest matching messages in the given mailboxes.

    Asks for twice `limit` rows: a message the user holds at both ends (sent from one of
    their FBLs to another) has two copies, and `one_per_message` keeps one.
    """
    marks = ", ".join("?" for _ in mailbox_ids)
    if sqlite:
        source = "message_fts f JOIN message m ON m.seq = f.rowid"
        match, needle, newest = "f.message_fts MATCH ?", fts5_query(terms), "f.rowid"
    else:
        source = "message m"
        match, needle, newest = "m.search @@ to_tsquery('simple', ?)", tsquery(terms), "m.seq"
    joins = ROW_JOINS.replace("JOIN message m ON m.seq = i.message_seq ", "")
    sql = (
        f"SELECT {ROW_COLUMNS} FROM {source} "  # noqa: S608 (fixed fragments)
        f"JOIN mailbox_item i ON i.message_seq = m.seq {joins} "
        f"WHERE {match} AND i.mailbox_id IN ({marks}) "
        f"ORDER BY {newest} DESC LIMIT ?"
    )
    return sql, [needle, *mailbox_ids, 2 * limit]

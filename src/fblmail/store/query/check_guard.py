"""`fblmail check`'s cheap health checks over the DB-API (the doctor's quick ones).

The newest log rows against the chain's head, and the damage block
that a full `fblmail doctor` (or any command that met a damaged page) left: a few
milliseconds at any size, and no SQLAlchemy (`store/doctor.py` runs the same checks, and
the whole-file ones, for `fblmail doctor`). Damage found here is recorded like the
doctor records it (writes then refuse); only the full doctor lifts the block.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from fblmail.errors import StoreProblem
from fblmail.store.files import damage_marker
from fblmail.store.query.connection import Connector, Reader
from fblmail.store.query.log import GENESIS_HASH, HASHED_FIELDS, row_digest

LOG_TAIL = 50
_LOG_COLUMNS = ", ".join(HASHED_FIELDS) + ", row_hash"


def broken_log_row(db: Reader, tail: int = LOG_TAIL) -> int | None:
    """The first of the newest `tail` log rows whose link or hash does not match (0 when
    the chain's head row itself is missing), or None when they all link up."""
    from fblmail.store.query.connection import read_time

    head = db.one("SELECT last_id, last_hash FROM audit_head WHERE id = 1")
    if head is None:
        return 0
    last_id, last_hash = int(head[0]), str(head[1])
    first = max(1, last_id - tail + 1)
    by_id: dict[int, dict[str, object]] = {}
    for row in db.all(
        f"SELECT {_LOG_COLUMNS} FROM access_log WHERE id >= ? AND id <= ? ORDER BY id",  # noqa: S608
        (first - 1, last_id),
    ):
        fields = dict(zip((*HASHED_FIELDS, "row_hash"), row, strict=True))
        fields["at"] = read_time(fields["at"])
        by_id[int(row[0])] = fields
    for row_id in range(first, last_id + 1):
        found = by_id.get(row_id)
        before = by_id.get(row_id - 1)
        prev = GENESIS_HASH if row_id == 1 else (before["row_hash"] if before else None)
        if (
            found is None
            or prev is None
            or found["prev_hash"] != prev
            or row_digest(found) != found["row_hash"]
        ):
            return row_id
    newest = by_id.get(last_id)
    if newest is not None and newest["row_hash"] != last_hash:
        return last_id
    return None


def damage_found(sv: str, en: str) -> StoreProblem:
    """The refusal of `check` on a damaged store (the words of `cli/doctor.refuse_damaged`)."""
    return StoreProblem(
        f"Databasen är skadad ({sv}). Kör `fblmail doctor` och återställ den från en "
        "säkerhetskopia; inget skrivs i den tills dess.",
        f"The store is damaged ({en}). Run `fblmail doctor` and restore it from a "
        "backup; nothing is written to it until then.",
        field="database",
    )


def _record(connector: Connector, findings: str) -> None:
    """Block writes as `fblmail doctor` does: the marker file, or the `store_damage` row."""
    target = connector.target
    if target.sqlite:
        marker = damage_marker(Path(target.location))
        with suppress(OSError):  # a read-only folder: the refusal itself still stands
            marker.write_text(findings + "\n", "utf-8")
            marker.chmod(0o600)
        return
    with suppress(Exception), connector.writing() as db:  # no privilege: refuse all the same
        db.execute(
            "INSERT INTO store_damage (id, found_at, findings) VALUES (1, now(), ?) "
            "ON CONFLICT (id) DO UPDATE SET found_at = excluded.found_at, "
            "findings = excluded.findings",
            (findings[:2000],),
        )


def note_damage(connector: Connector, exc: BaseException) -> None:
    """SQLite said its file is corrupt while the check read it: block writes as the doctor
    would (the command line's funnel does so for errors that reach it untranslated; the
    query layer hands it a `StoreProblem` instead, so the check notes the damage itself)."""
    from fblmail.store.faults import classify

    root = exc.__cause__ if isinstance(exc, StoreProblem) and exc.__cause__ else exc
    cause = classify(root)
    if cause is not None and cause.kind == "damaged":
        _record(connector, f"check: {cause.error.en}")


def refuse_damaged(connector: Connector) -> None:
    """Refuse (exit 5) a store that is damaged; run after the schema check."""
    from fblmail.store.faults import classify

    target = connector.target
    if target.sqlite and damage_marker(Path(target.location)).exists():
        raise damage_found("se `fblmail doctor`", "see `fblmail doctor`")
    broken: int | None = None
    marked = False
    try:
        with connector.reading() as db:
            broken = broken_log_row(db)
            if not target.sqlite:
                marked = db.one("SELECT 1 FROM store_damage WHERE id = 1") is not None
    except Exception as exc:  # the log cannot be read: a damaged page, or no privilege
        root = exc.__cause__ if isinstance(exc, StoreProblem) and exc.__cause__ else exc
        cause = classify(root)
        if cause is None or cause.kind not in ("damaged", "not_a_database"):
            return  # not damage: the doctor calls it "unusable" and `check` goes on
        _record(connector, f"audit_tail: {cause.error.en}")
        raise damage_found(cause.error.sv, cause.error.en) from exc
    if broken is not None:
        sv = (
            f"Åtkomstloggens kedja är bruten vid rad {broken} (kör `fblmail audit verify`)."
            if broken
            else "Loggens huvudrad saknas."
        )
        en = (
            f"The access log's chain is broken at row {broken} (run `fblmail audit verify`)."
            if broken
            else "The log's head is missing."
        )
        _record(connector, f"audit_tail: {en}")
        raise damage_found(sv, en)
    if marked:
        raise damage_found("se `fblmail doctor`", "see `fblmail doctor`")

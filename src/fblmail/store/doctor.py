"""`fblmail doctor`: is the store whole? Schema, pages, full-text index, log tail, modes, disk.

Each check is a `Finding`; one that shows damage makes the store *damaged*. On SQLite the
command line then leaves a marker beside the file (`store.db-damaged`), on PostgreSQL a row
in `store_damage`, and every write refuses to proceed until a doctor run finds the store
whole again (or it is restored from a backup): checking every page before every write
would cost a full read of the store, the marker costs one `stat` or one key lookup.

Nothing here writes to the store but that PostgreSQL block row. Nothing here names a
patient: findings hold counts, row numbers and SQLite's or PostgreSQL's own codes.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy import table as table_clause

from fblmail.store.audit import GENESIS_HASH, row_digest
from fblmail.store.engine import engine_sqlite_path
from fblmail.store.faults import classify
from fblmail.store.files import damage_marker, loose_permissions
from fblmail.store.schema import HEAD_REVISION, current_revision
from fblmail.store.tables import AccessLog, AuditHead

AUDIT_TAIL = 200
LOW_DISK_BYTES = 100 * 1024 * 1024
OK, WARNING, DAMAGED, UNUSABLE = "ok", "warning", "damaged", "unusable"


@dataclass(frozen=True)
class Finding:
    """One check: its name, its status (ok, warning, damaged, unusable) and plain words."""

    check: str
    status: str
    sv: str
    en: str

    def text(self, lang: str) -> str:
        """The words in the user's language."""
        return self.en if lang == "en" else self.sv


@dataclass
class Report:
    """Every finding of one doctor run."""

    findings: list[Finding] = field(default_factory=list)

    def add(self, check: str, status: str, sv: str, en: str) -> None:
        """Record a finding."""
        self.findings.append(Finding(check, status, sv, en))

    @property
    def damaged(self) -> bool:
        """True if a check found damage (pages, index, log chain)."""
        return any(f.status == DAMAGED for f in self.findings)

    @property
    def writable(self) -> bool:
        """True if the schema is current and the pages whole: a row may still be added."""
        return all(
            f.status in (OK, WARNING) for f in self.findings if f.check in ("schema", "pages")
        ) and any(f.check == "schema" for f in self.findings)

    @property
    def verdict(self) -> str:
        """One word for the access log: healthy, damaged or unusable."""
        if self.damaged:
            return DAMAGED
        return "healthy" if self.healthy else UNUSABLE

    @property
    def healthy(self) -> bool:
        """True if the store can be used as it is (warnings allowed)."""
        return all(f.status in (OK, WARNING) for f in self.findings)


def diagnose(
    engine: Engine, *, full: bool = True, tail: int = AUDIT_TAIL, pages: bool = True
) -> Report:
    """Run the checks; `full=False` leaves out the full-text index, `pages=False` the page
    check (`quick_check` reads the whole file: seconds on a store of a million messages)."""
    report = Report()
    path = engine_sqlite_path(engine)
    if path is not None:
        _files(report, path)
    if not _schema(report, engine):
        return report
    if path is not None and pages:
        _quick_check(report, engine)
        if full:
            _fts(report, engine)
    elif full:
        _postgres(report, engine)
    _audit_tail(report, engine, tail)
    return report


def _failed(report: Report, check: str, exc: Exception) -> None:
    cause = classify(exc)
    if cause is not None and cause.kind in ("damaged", "not_a_database"):
        report.add(check, DAMAGED, cause.error.sv, cause.error.en)
    elif cause is not None:
        report.add(check, UNUSABLE, cause.error.sv, cause.error.en)
    else:
        name = type(exc).__name__
        report.add(check, UNUSABLE, f"Kontrollen misslyckades ({name}).", f"Check failed ({name}).")


def _files(report: Report, path: Path) -> None:
    loose = loose_permissions(path)
    if loose:
        names = " ".join(str(p) for p in loose)
        report.add(
            "file_modes",
            WARNING,
            f"Andra användare kan läsa eller ändra databasen. Gör den privat: chmod 600 {names}",
            f"Other users can read or change the store. Make it private: chmod 600 {names}",
        )
    else:
        mode = oct(path.stat().st_mode & 0o777)[2:]
        report.add("file_modes", OK, f"Filrättigheter {mode}.", f"File mode {mode}.")
    free = shutil.disk_usage(path.parent).free
    mib = free // (1024 * 1024)
    if free < LOW_DISK_BYTES:
        report.add(
            "free_disk",
            WARNING,
            f"Bara {mib} MiB ledigt på disken; frigör utrymme innan den blir full.",
            f"Only {mib} MiB free on the disk; free some space before it fills up.",
        )
    else:
        report.add("free_disk", OK, f"{mib} MiB ledigt.", f"{mib} MiB free.")


def _schema(report: Report, engine: Engine) -> bool:
    try:
        revision = current_revision(engine)
    except Exception as exc:  # cannot even read the version: damaged or unreachable
        _failed(report, "schema", exc)
        return False
    if revision == HEAD_REVISION:
        report.add("schema", OK, f"Schemaversion {revision}.", f"Schema version {revision}.")
        return True
    report.add(
        "schema",
        UNUSABLE,
        f"Schemaversion {revision or 'saknas'}, programmet kräver {HEAD_REVISION}.",
        f"Schema version {revision or 'missing'}, this program needs {HEAD_REVISION}.",
    )
    return False


def _quick_check(report: Report, engine: Engine) -> None:
    try:
        with engine.connect() as conn:
            rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check(20)")]
    except Exception as exc:
        _failed(report, "pages", exc)
        return
    if rows == ["ok"]:
        report.add("pages", OK, "Alla sidor hela (quick_check).", "All pages whole (quick_check).")
        return
    report.add(
        "pages",
        DAMAGED,
        f"Databasfilen är skadad: quick_check fann {len(rows)} fel.",
        f"The store file is damaged: quick_check found {len(rows)} problems.",
    )


def _fts(report: Report, engine: Engine) -> None:
    """FTS5's own integrity check; an INSERT that changes nothing, rolled back anyway."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("INSERT INTO message_fts(message_fts) VALUES ('integrity-check')")
            conn.rollback()
    except Exception as exc:
        cause = classify(exc)
        if cause is not None and cause.kind in ("read_only", "busy"):
            report.add(
                "search_index",
                WARNING,
                "Sökindexet kunde inte kontrolleras (databasen är skrivskyddad eller upptagen).",
                "The search index could not be checked (the store is read-only or busy).",
            )
            return
        if isinstance(getattr(exc, "orig", None), sqlite3.Error) and cause is None:
            report.add(
                "search_index",
                DAMAGED,
                "Sökindexet stämmer inte med meddelandena.",
                "The search index does not match the messages.",
            )
            return
        _failed(report, "search_index", exc)
        return
    report.add("search_index", OK, "Sökindexet är helt.", "The search index is whole.")


def _postgres(report: Report, engine: Engine) -> None:
    """Read every table to its end; with the amcheck extension also check every B-tree.

    On a shared store a person's role reads only the tables (and rows) it may: the rest
    are left out and the finding says so (a warning: only the owner checks everything).
    """
    skipped = 0
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
            for table in tables:
                if not conn.execute(
                    text("SELECT has_table_privilege(:t, 'SELECT')"), {"t": table}
                ).scalar_one():
                    skipped += 1
                    continue
                conn.execute(select(func.count()).select_from(table_clause(table))).scalar_one()
            amcheck = conn.execute(
                text("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'")
            ).first()
            if amcheck is not None and not conn.execute(
                text("SELECT has_function_privilege('bt_index_check(regclass)', 'EXECUTE')")
            ).scalar_one():
                amcheck = None  # a person's role on a shared store: the owner's to run
            indexes = 0
            if amcheck is not None:
                for (oid,) in conn.execute(
                    text(
                        "SELECT c.oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                        "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n "
                        "ON n.oid = c.relnamespace WHERE a.amname = 'btree' "
                        "AND n.nspname = current_schema()"
                    )
                ):
                    conn.execute(text("SELECT bt_index_check(:oid)"), {"oid": oid})
                    indexes += 1
    except Exception as exc:
        _failed(report, "pages", exc)
        return
    extra_sv = f", {indexes} index kontrollerade med amcheck" if amcheck else " (amcheck saknas)"
    extra_en = f", {indexes} indexes checked with amcheck" if amcheck else " (no amcheck)"
    read = len(tables) - skipped
    if skipped:
        report.add(
            "pages",
            WARNING,
            f"{read} tabeller lästa till slutet{extra_sv}; {skipped} får din användare inte "
            "läsa (bara databasens ägare kontrollerar allt).",
            f"{read} tables read to the end{extra_en}; {skipped} your user may not read "
            "(only the database owner checks everything).",
        )
        return
    report.add(
        "pages",
        OK,
        f"Alla {len(tables)} tabeller lästa till slutet{extra_sv}.",
        f"All {len(tables)} tables read to the end{extra_en}.",
    )


def _audit_tail(report: Report, engine: Engine, tail: int) -> None:
    """The newest `tail` log rows link to each other and to the head, and match their hashes."""
    from sqlmodel import Session, col
    from sqlmodel import select as model_select

    try:
        with Session(engine) as session:
            head = session.get(AuditHead, 1)
            if head is None:
                report.add(
                    "audit_tail", DAMAGED, "Loggens huvudrad saknas.", "The log's head is missing."
                )
                return
            first = max(1, head.last_id - tail + 1)
            rows = session.exec(
                model_select(AccessLog)
                .where(col(AccessLog.id) >= first - 1, col(AccessLog.id) <= head.last_id)
                .order_by(col(AccessLog.id))
            ).all()
            last_id, last_hash = head.last_id, head.last_hash
    except Exception as exc:
        _failed(report, "audit_tail", exc)
        return
    by_id = {row.id: row for row in rows}
    broken: int | None = None
    for row_id in range(first, last_id + 1):
        row = by_id.get(row_id)
        before = by_id.get(row_id - 1)
        prev = GENESIS_HASH if row_id == 1 else (before.row_hash if before else None)
        if row is None or prev is None or row.prev_hash != prev or row_digest(row) != row.row_hash:
            broken = row_id
            break
    newest = by_id.get(last_id)
    if broken is None and newest is not None and newest.row_hash != last_hash:
        broken = last_id
    if broken is not None:
        report.add(
            "audit_tail",
            DAMAGED,
            f"Åtkomstloggens kedja är bruten vid rad {broken} (kör `fblmail audit verify`).",
            f"The access log's chain is broken at row {broken} (run `fblmail audit verify`).",
        )
        return
    count = last_id - first + 1 if last_id else 0
    report.add(
        "audit_tail",
        OK,
        f"De senaste {count} raderna i åtkomstloggen hänger ihop.",
        f"The newest {count} rows of the access log link up.",
    )


def record_damage(engine: Engine, report: Report) -> str | None:
    """Leave (or lift) the damage block; returns where it is recorded if it is set.

    SQLite: a marker file beside the store. PostgreSQL: the single row of `store_damage`
    (on a shared store only support or the owner may set or lift it). None when the store
    is damaged but the block could not be recorded (a read-only folder, no privilege).
    """
    findings = "\n".join(f"{f.check}: {f.en}" for f in report.findings if f.status == DAMAGED)
    path = engine_sqlite_path(engine)
    if path is None:
        return _record_in_table(engine, report, findings)
    marker = damage_marker(path)
    if report.damaged:
        try:
            marker.write_text(findings + "\n", "utf-8")
            marker.chmod(0o600)
        except OSError:
            return None  # a read-only folder: the report itself still says damaged
        return str(marker)
    if report.healthy:
        marker.unlink(missing_ok=True)
    return None


def _record_in_table(engine: Engine, report: Report, findings: str) -> str | None:
    if not report.damaged and not report.healthy:
        return None  # unusable (an old schema, no server): neither set nor lift
    try:
        with engine.begin() as conn:
            if report.damaged:
                conn.execute(
                    text(
                        "INSERT INTO store_damage (id, found_at, findings) VALUES (1, now(), :f) "
                        "ON CONFLICT (id) DO UPDATE SET found_at = excluded.found_at, "
                        "findings = excluded.findings"
                    ),
                    {"f": findings[:2000]},
                )
            elif conn.execute(text("SELECT 1 FROM store_damage WHERE id = 1")).first():
                conn.execute(text("DELETE FROM store_damage WHERE id = 1"))  # lift the block
    except Exception:
        return None  # no privilege or the server gone: the report itself still says it
    return "store_damage" if report.damaged else None

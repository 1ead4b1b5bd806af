"""Issue 8: plain SQL as each kind of person's own role, against every table and function.

Every cell of the matrix is written out: for each table the statement a hostile local user
would try (read everything; insert a forged row; change or delete what is not theirs) and,
per role, what the database must answer. `DENIED` is an error (no privilege, or a row
that violates a policy); a number or `SOME`/`ALL` is what a SELECT sees or how many rows
a change touched. Every change runs in a transaction that is rolled back, so cells do not
affect each other. The roles:

- staff_a `anna.ssk`: Karlstad's FBL (party to message 1, Karlstad → Herrhagen);
- staff_b `gustav.ssk`: Gripen's FBL (party to message 2, Gripen → Arvika);
- manager `fia.chef`: Karlstad's unit manager and member of its FBL;
- support `sara.support`: no FBL;
- ended `olle.ssk`: an ended account whose role a site forgot to disable (LOGIN again);
- no_account `nobody.x`: a LOGIN role in the staff group with no account;
- outsider `outsider.x`: a LOGIN role outside fblmail's groups.
"""

from __future__ import annotations

# ruff: noqa: S608  (the statements are the test's own constants)
from typing import Any

import psycopg
import pytest

from fblmail.service.mailboxes.drafts import DraftInput
from kit.people import ARVIKA, GRIPEN, HERRHAGEN, KARLSTAD, TOLVAN, TOLVAN_SAMORDNING
from kit.shared import SharedWorld, connect_as

pytestmark = pytest.mark.parametrize("backend", ["postgres"])

DENIED = "denied"
SOME = "some"  # more than none, fewer than all
ALL = "all"  # as many as the owner sees

ROLES = ("anna.ssk", "gustav.ssk", "fia.chef", "sara.support", "olle.ssk", "nobody.x", "outsider.x")


def _row(**cells: object) -> dict[str, object]:
    """One matrix row: expected outcome per role, given in ROLES order by short name."""
    names = dict(zip(("a", "b", "m", "s", "e", "n", "o"), ROLES, strict=True))
    return {names[k]: v for k, v in cells.items()}


def _same(value: object) -> dict[str, object]:
    return {role: value for role in ROLES}


def _but(default: object, **cells: object) -> dict[str, object]:
    row = _same(default)
    row.update(_row(**cells))
    return row


# table: (SELECT expectations, INSERT statement, INSERT expectations, UPDATE statement,
#         UPDATE expectations, DELETE statement, DELETE expectations)
MATRIX: dict[str, tuple[Any, ...]] = {
    "organisation": (
        _but(ALL, e=0, n=0, o=DENIED),
        "INSERT INTO organisation (code, name, kind) VALUES ('x', 'X', 'support')",
        _but(DENIED, s=1),
        "UPDATE organisation SET name = name || ' x'",
        _but(DENIED, s=ALL),
        "DELETE FROM organisation",
        _same(DENIED),
    ),
    "mailbox": (
        _but(ALL, e=0, n=0, o=DENIED),
        "INSERT INTO mailbox (address, kind, organisation_id, created_at) "
        "VALUES ('X (FBL)', 'fbl', {karlstad_org}, now())",
        _but(DENIED, s=1),
        "UPDATE mailbox SET closed_at = now() WHERE id = {herrhagen}",
        _but(DENIED, s=1),
        "DELETE FROM mailbox",
        _same(DENIED),
    ),
    "preset_entry": (
        _but(ALL, e=0, n=0, o=DENIED),
        "INSERT INTO preset_entry (municipality_id, mailbox_id, position) "
        "VALUES ({karlstad_org}, {karlstad}, 999)",
        _but(DENIED, s=1),
        "UPDATE preset_entry SET position = position + 1",
        _but(DENIED, s=ALL),
        "DELETE FROM preset_entry",
        _but(DENIED, s=ALL),
    ),
    "account": (
        _but(ALL, e=0, n=0, o=DENIED),
        "INSERT INTO account (login, full_name, title, organisation_id, role, active, "
        "created_at) VALUES ('evil', 'E', '', {karlstad_org}, 'support', true, now())",
        _but(DENIED, s=1),
        # self-promotion and self-reactivation (the repros)
        "UPDATE account SET role = 'support', active = true WHERE login = session_user",
        _but(DENIED, s=1),
        "DELETE FROM account",
        _same(DENIED),
    ),
    "membership": (
        _but(SOME, s=ALL, e=0, n=0, o=DENIED),
        "INSERT INTO membership (account_id, mailbox_id, active, added_at) "
        "VALUES ({anna_id}, {gripen}, true, now())",
        _but(DENIED, s=1),
        "UPDATE membership SET active = true",
        _but(DENIED, s=ALL),
        "DELETE FROM membership",
        _same(DENIED),
    ),
    "thread": (
        _but(0, a=1, b=1, m=1, o=DENIED),
        "INSERT INTO thread (id, patient, category, subject, origin_mailbox_id, "
        "counterpart_mailbox_id, created_at) VALUES ('forged', '191212121212', 'Recept', "
        "'x', {herrhagen}, {gripen}, now())",
        _same(DENIED),
        "UPDATE thread SET closed_at = now()",
        _but(0, a=1, b=1, m=1, o=DENIED),
        "DELETE FROM thread",
        _but(0, o=DENIED),
    ),
    "message": (
        _but(0, a=2, b=1, m=2, o=DENIED),
        "INSERT INTO message (id, thread_id, kind, sender_mailbox_id, recipient_mailbox_id, "
        "sender_account_id, category, patient, subject, body, sent_at, recipient_informed) "
        "VALUES ('forged', '{thread1}', 'message', {herrhagen}, {karlstad}, {anna_id}, "
        "'Recept', '191212121212', 'x', 'x', now(), false)",
        _same(DENIED),
        "UPDATE message SET body = 'changed'",
        _same(DENIED),
        "DELETE FROM message",
        _but(0, o=DENIED),
    ),
    "mailbox_item": (
        _but(0, a=4, b=2, m=4, o=DENIED),
        "INSERT INTO mailbox_item (message_seq, mailbox_id, folder, sort_at) "
        "VALUES ({seq1}, {gripen}, 'inbox', now())",
        _same(DENIED),
        "UPDATE mailbox_item SET folder = 'trash' WHERE mailbox_id = {herrhagen}",
        _but(0, o=DENIED),
        "DELETE FROM mailbox_item WHERE mailbox_id = {herrhagen}",
        _but(0, o=DENIED),
    ),
    "draft": (
        _but(0, o=DENIED),
        "INSERT INTO draft (id, account_id, from_address, to_address, category, patient, "
        "subject, body, journal_reference, journal_title, forward_to_login, created_at, "
        "updated_at) VALUES ('forged', {cecilia_id}, '', '', '', '', '', '', '', '', '', "
        "now(), now())",
        _same(DENIED),
        "UPDATE draft SET body = 'x'",
        _but(0, o=DENIED),
        "DELETE FROM draft",
        _but(0, o=DENIED),
    ),
    "journal_note": (
        _but(0, a=1, m=1, o=DENIED),
        "INSERT INTO journal_note (message_seq, reference, title, attached_by, attached_at) "
        "VALUES ({seq1}, 'x', 'x', 'cecilia.dr', now())",
        _same(DENIED),
        "UPDATE journal_note SET reference = 'x'",
        _same(DENIED),
        "DELETE FROM journal_note",
        _same(DENIED),
    ),
    "disclosure": (
        _but(0, a=1, m=1, o=DENIED),
        "INSERT INTO disclosure (journal_note_id, to_mailbox, via, disclosed_at, "
        "disclosed_by) VALUES ({note}, 'x', 'fbl', now(), 'cecilia.dr')",
        _same(DENIED),
        "UPDATE disclosure SET to_mailbox = 'x'",
        _same(DENIED),
        "DELETE FROM disclosure",
        _same(DENIED),
    ),
    "coordination_case": (
        _but(0, s=ALL, o=DENIED),
        "INSERT INTO coordination_case (patient, registered_at, registered_by) "
        "VALUES ('191212121212', now(), session_user)",
        _but(DENIED, s=1),
        "UPDATE coordination_case SET registered_by = 'x'",
        _same(DENIED),
        "DELETE FROM coordination_case",
        _but(DENIED, s=ALL),
    ),
    "access_log": (
        _but(0, m=SOME, s=ALL, o=DENIED),
        "INSERT INTO access_log (id, at, actor, actor_unit, action, outcome, prev_hash, "
        "row_hash) VALUES ({last_id} + 1, now(), 'x', '', 'jam', 'ok', 'x', 'x')",
        _same(DENIED),
        "UPDATE access_log SET detail = 'x'",
        _same(DENIED),
        "DELETE FROM access_log",
        _same(DENIED),
    ),
    "audit_head": (
        _but(DENIED, s=ALL),
        "INSERT INTO audit_head (id, last_id, last_hash) VALUES (2, 0, 'x')",
        _same(DENIED),
        "UPDATE audit_head SET last_id = last_id + 1",
        _same(DENIED),
        "DELETE FROM audit_head",
        _same(DENIED),
    ),
    "audit_review": (
        _but(0, s=ALL, o=DENIED),
        "INSERT INTO audit_review (reviewed_at, reviewer, sample_seed, sample_size, row_ids, "
        "outcome, note) VALUES (now(), 'fia.chef', 1, 1, '', 'ok', '')",
        _same(DENIED),
        "UPDATE audit_review SET outcome = 'x'",
        _same(DENIED),
        "DELETE FROM audit_review",
        _same(DENIED),
    ),
    "local_routine": (
        _but(ALL, e=0, n=0, o=DENIED),
        "INSERT INTO local_routine (organisation_id, monitors, purger, morning_start, "
        "morning_end, afternoon_start, afternoon_end, holiday_cover, permissions_updater, "
        "updated_at, updated_by) VALUES ({arvika_org}, 'x', 'x', '08:00', '11:00', '13:00', "
        "'16:00', 'x', 'x', now(), session_user)",
        _but(DENIED, s=1),
        "UPDATE local_routine SET monitors = 'x', updated_by = session_user "
        "WHERE organisation_id = {gripen_org}",
        _but(0, s=1, o=DENIED),
        "DELETE FROM local_routine",
        _same(DENIED),
    ),
    "check_signature": (
        _but(0, a=1, b=1, m=1, s=ALL, o=DENIED),
        "INSERT INTO check_signature (mailbox_id, login, day, shift, signed_at, figures) "
        "VALUES ({herrhagen}, session_user, current_date, 'morning', now(), '{{}}')",
        _same(DENIED),
        "UPDATE check_signature SET figures = 'x'",
        _same(DENIED),
        "DELETE FROM check_signature",
        _same(DENIED),
    ),
    "purge_run": (
        _but(ALL, e=0, n=0, o=DENIED),
        "INSERT INTO purge_run (kind, actor, started_at, deleted) "
        "VALUES ('expired', 'fblmail.system', now(), 0)",
        _same(DENIED),
        "UPDATE purge_run SET deleted = 0",
        _but(0, o=DENIED),
        "DELETE FROM purge_run",
        _same(DENIED),
    ),
    "access_request": (
        _but(0, m=1, s=ALL, o=DENIED),
        "INSERT INTO access_request (kind, login, full_name, title, organisation_code, "
        "mailboxes, reason, status, filed_by, filed_at) VALUES ('new', 'x', 'X', '', "
        "'karlstad', '', 'x', 'approved', session_user, now())",
        _same(DENIED),
        "UPDATE access_request SET status = 'approved'",
        _but(DENIED, s=ALL),
        "DELETE FROM access_request",
        _same(DENIED),
    ),
    "printout": (
        _but(0, a=1, m=1, o=DENIED),
        "INSERT INTO printout (message_id, thread_id, login, printed_at, format) "
        "VALUES ('x', '{thread1}', 'cecilia.dr', now(), 'text')",
        _same(DENIED),
        "UPDATE printout SET destroyed_at = now()",
        _but(0, a=1, m=1, o=DENIED),
        "DELETE FROM printout",
        _same(DENIED),
    ),
    "alembic_version": (
        _but(1, o=DENIED),
        "INSERT INTO alembic_version VALUES ('x')",
        _same(DENIED),
        "UPDATE alembic_version SET version_num = 'x'",
        _same(DENIED),
        "DELETE FROM alembic_version",
        _same(DENIED),
    ),
}


def _prepare(shared: SharedWorld, tmp_path: Any) -> dict[str, object]:
    """The store every cell runs against; returns the ids the statements name."""
    world = shared.world
    one = world.send("anna.ssk")
    world.send(
        "gustav.ssk",
        from_fbl=GRIPEN,
        to_fbl=ARVIKA,
        subject="Provtagning",
        body="Ska vi ta prover?",
    )
    cecilia = world.as_("cecilia.dr")
    cecilia.messaging.reply(
        one, "Se journalanteckningen.", journal_note="VAS-123", journal_title="Anteckning"
    )
    cecilia.printing.print_message(one, fmt="text", output=tmp_path / "p.txt")
    cecilia.drafts.save(DraftInput(from_address=HERRHAGEN, body="utkast"))
    sara = world.as_("sara.support")
    sara.admin.import_coordination_register([TOLVAN_SAMORDNING])
    world.as_("fia.chef").routine.set("karlstad", monitors="Dagens sjuksköterska")
    sara.routine.set("vc-gripen", monitors="Distriktssköterskan")
    sara.audit.record_review(seed=1, n=2, outcome="ok")
    world.as_("fia.chef").access.request(
        "new",
        for_login="nora.ssk",
        reason="Ny tjänst",
        full_name="Nora Nyström",
        organisation="karlstad",
        title="Sjuksköterska",
        mailboxes=[KARLSTAD],
    )
    sara.admin.add_account(
        "olle.ssk", full_name="Olle Olsson", organisation="karlstad", mailboxes=[KARLSTAD]
    )
    ended = sara.access.request("end", for_login="olle.ssk", reason="Slutat")
    sara.access.approve(ended.id)
    with shared.owner() as owner:
        owner.execute('ALTER ROLE "olle.ssk" LOGIN')  # a site that forgot: RLS still holds
        for role, group in (("nobody.x", "fblmail_staff"), ("outsider.x", None)):
            owner.execute(f'DROP ROLE IF EXISTS "{role}"')
            owner.execute(f'CREATE ROLE "{role}" LOGIN' + (f" IN ROLE {group}" if group else ""))
        owner.execute(
            "INSERT INTO purge_run (kind, actor, started_at, deleted) "
            "VALUES ('expired', 'fblmail.system', now(), 0)"
        )
        for box, login in ((KARLSTAD, "anna.ssk"), (GRIPEN, "gustav.ssk")):
            owner.execute(
                "INSERT INTO check_signature (mailbox_id, login, day, shift, signed_at, figures) "
                "SELECT id, %s, current_date, 'morning', now(), '{}' FROM mailbox "
                "WHERE address = %s",
                (login, box),
            )

        def one_id(sql: str, *args: object) -> object:
            row = owner.execute(sql, args).fetchone()
            assert row is not None
            return row[0]

        box = "SELECT id FROM mailbox WHERE address = %s"
        org = "SELECT id FROM organisation WHERE code = %s"
        acc = "SELECT id FROM account WHERE login = %s"
        return {
            "karlstad": one_id(box, KARLSTAD),
            "herrhagen": one_id(box, HERRHAGEN),
            "gripen": one_id(box, GRIPEN),
            "karlstad_org": one_id(org, "karlstad"),
            "gripen_org": one_id(org, "vc-gripen"),
            "arvika_org": one_id(org, "arvika"),
            "anna_id": one_id(acc, "anna.ssk"),
            "cecilia_id": one_id(acc, "cecilia.dr"),
            "seq1": one_id("SELECT seq FROM message WHERE id = %s", one),
            "thread1": one_id("SELECT thread_id FROM message WHERE id = %s", one),
            "note": one_id("SELECT min(id) FROM journal_note"),
            "last_id": one_id("SELECT last_id FROM audit_head"),
        }


def _outcome(conn: psycopg.Connection[tuple[object, ...]], sql: str, select: bool) -> object:
    try:
        with conn.transaction(force_rollback=True):
            cursor = conn.execute(sql)
            if select:
                row = cursor.fetchone()
                return int(str(row[0])) if row else 0
            return cursor.rowcount
    except psycopg.errors.InsufficientPrivilege:
        return DENIED
    except psycopg.Error as exc:  # anything else is a finding, reported by the caller
        return f"error {type(exc).__name__}"


def _meets(expected: object, got: object, total: object) -> bool:
    if expected == DENIED or not isinstance(got, int):
        return expected == got
    if not isinstance(total, int):
        return False
    if expected == ALL:
        return got == total and got > 0
    if expected == SOME:
        return 0 < got < total if total else False
    return got == expected


def test_every_role_against_every_table(shared: SharedWorld, tmp_path: Any) -> None:
    ids = _prepare(shared, tmp_path)
    with shared.owner() as owner:
        totals: dict[tuple[str, str], object] = {}
        for table, (_sel, _i, _ie, update, _ue, delete, _de) in MATRIX.items():
            totals[table, "select"] = _outcome(owner, f"SELECT count(*) FROM {table}", True)
            totals[table, "update"] = _outcome(owner, update.format(**ids), False)
            totals[table, "delete"] = _outcome(owner, delete.format(**ids), False)
            totals[table, "insert"] = 1
    wrong: list[str] = []
    for role in ROLES:
        with connect_as(shared.url, role, autocommit=False) as conn:
            for table, (sel, insert, ins, update, upd, delete, dele) in MATRIX.items():
                cells = (
                    ("select", f"SELECT count(*) FROM {table}", sel, True),
                    ("insert", insert.format(**ids), ins, False),
                    ("update", update.format(**ids), upd, False),
                    ("delete", delete.format(**ids), dele, False),
                )
                for verb, sql, expected, is_select in cells:
                    got = _outcome(conn, sql, is_select)
                    if not _meets(expected[role], got, totals[table, verb]):
                        wrong.append(f"{role} {verb} {table}: expected {expected[role]}, got {got}")
    assert not wrong, "\n".join(wrong)


FUNCTION_CALLS: tuple[tuple[str, dict[str, object]], ...] = (
    # the log: anyone with a role may append, but only as themselves (checked below)
    (
        "SELECT actor FROM fblmail_log_append('send', 'ok', NULL, NULL, NULL, NULL, NULL, "
        "'forged by hand')",
        _but("self", o=DENIED),
    ),
    # accounts and roles: support only, never a non-person role
    ("SELECT fblmail_sync_role('anna.ssk')", _but(DENIED, s="ok")),
    ("SELECT fblmail_sync_role('postgres')", _same(DENIED)),
    ("SELECT fblmail_sync_role('outsider.x')", _same(DENIED)),
    # channels: one's own only; nobody may compute another mailbox's channel
    ("SELECT count(*) FROM fblmail_my_channels()", _row(a=2, b=2, m=2, s=1, e=0, n=0, o=DENIED)),
    ("SELECT fblmail_channel({herrhagen})", _same(DENIED)),
    # R3 for one patient: a yes/no for active accounts, never the register
    (
        "SELECT CASE WHEN fblmail_coordination_case('191212721219') THEN 1 ELSE 0 END",
        _but(1, e=0, n=0, o=DENIED),
    ),
)


def test_every_definer_function_with_forged_arguments(shared: SharedWorld, tmp_path: Any) -> None:
    ids = _prepare(shared, tmp_path)
    wrong: list[str] = []
    for sql, expected in FUNCTION_CALLS:
        for role in ROLES:
            with connect_as(shared.url, role, autocommit=False) as conn:
                try:
                    with conn.transaction(force_rollback=True):
                        row = conn.execute(sql.format(**ids)).fetchone()
                        value = row[0] if row else None
                        got: object = (
                            "self" if value == role else value if isinstance(value, int) else "ok"
                        )
                except psycopg.errors.InsufficientPrivilege:
                    got = DENIED
                if got != expected[role]:
                    wrong.append(f"{role}: {sql}: expected {expected[role]}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_patient_data_of_other_fbls_stays_hidden(shared: SharedWorld, tmp_path: Any) -> None:
    _prepare(shared, tmp_path)
    with connect_as(shared.url, "gustav.ssk") as gustav:
        rows = gustav.execute("SELECT patient, subject, body FROM message").fetchall()
        assert [r[1] for r in rows] == ["Provtagning"]
        assert TOLVAN.replace("-", "") not in {str(r[0]) for r in rows} or len(rows) == 1
        assert gustav.execute("DELETE FROM message").rowcount == 0
    with shared.owner() as owner:
        count = owner.execute("SELECT count(*) FROM message").fetchone()
        assert count is not None and count[0] == 3

"""Initial schema: directory, accounts, messages, folders, access log, routine records.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("actor_unit", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("mailbox", sa.String(length=200), nullable=True),
        sa.Column("message_id", sa.String(length=36), nullable=True),
        sa.Column("thread_id", sa.String(length=36), nullable=True),
        sa.Column("patient", sa.String(length=12), nullable=True),
        sa.Column("rule", sa.String(length=10), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_log_actor"), ["actor"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_log_mailbox"), ["mailbox"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_log_patient"), ["patient"], unique=False)

    op.create_table(
        "access_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("organisation_code", sa.String(length=64), nullable=False),
        sa.Column("mailboxes", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("filed_by", sa.String(length=64), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("access_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_request_login"), ["login"], unique=False)

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "audit_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewer", sa.String(length=64), nullable=False),
        sa.Column("sample_seed", sa.Integer(), nullable=False),
        sa.Column("sample_size", sa.Integer(), nullable=False),
        sa.Column("period_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("period_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("row_ids", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "coordination_case",
        sa.Column("patient", sa.String(length=12), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("patient"),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "printout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=36), nullable=False),
        sa.Column("thread_id", sa.String(length=36), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("printed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("destroyed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("destroyed_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("printout", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_printout_thread_id"), ["thread_id"], unique=False)

    op.create_table(
        "purge_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("mailbox", sa.String(length=200), nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("purge_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_purge_run_started_at"), ["started_at"], unique=False)

    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_active_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("login"),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "local_routine",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("monitors", sa.String(length=400), nullable=False),
        sa.Column("purger", sa.String(length=400), nullable=False),
        sa.Column("morning_start", sa.String(length=5), nullable=False),
        sa.Column("morning_end", sa.String(length=5), nullable=False),
        sa.Column("afternoon_start", sa.String(length=5), nullable=False),
        sa.Column("afternoon_end", sa.String(length=5), nullable=False),
        sa.Column("holiday_cover", sa.String(length=400), nullable=False),
        sa.Column("permissions_updater", sa.String(length=400), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("organisation_id"),
    )
    op.create_table(
        "draft",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("from_address", sa.String(length=200), nullable=False),
        sa.Column("to_address", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("patient", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=400), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("journal_reference", sa.String(length=400), nullable=False),
        sa.Column("journal_title", sa.String(length=400), nullable=False),
        sa.Column("reply_to_id", sa.String(length=36), nullable=True),
        sa.Column("forward_of_id", sa.String(length=36), nullable=True),
        sa.Column("forward_to_login", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_account_id"), ["account_id"], unique=False)

    op.create_table(
        "mailbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("owner_account_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["owner_account_id"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("address"),
    )
    with op.batch_alter_table("mailbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mailbox_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "check_signature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mailbox_id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("shift", sa.String(length=10), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mailbox_id"],
            ["mailbox.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("check_signature", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_check_signature_mailbox_id"), ["mailbox_id"], unique=False
        )

    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("mailbox_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["mailbox_id"],
            ["mailbox.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "mailbox_id"),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_mailbox_id"), ["mailbox_id"], unique=False)

    op.create_table(
        "preset_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("mailbox_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mailbox_id"],
            ["mailbox.id"],
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["organisation.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("municipality_id", "mailbox_id"),
    )
    with op.batch_alter_table("preset_entry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_preset_entry_municipality_id"), ["municipality_id"], unique=False
        )

    op.create_table(
        "thread",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("patient", sa.String(length=12), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("origin_mailbox_id", sa.Integer(), nullable=False),
        sa.Column("counterpart_mailbox_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.Column("resolved_how", sa.String(length=20), nullable=True),
        sa.Column("resolved_note", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["counterpart_mailbox_id"],
            ["mailbox.id"],
        ),
        sa.ForeignKeyConstraint(
            ["origin_mailbox_id"],
            ["mailbox.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thread_counterpart_mailbox_id"), ["counterpart_mailbox_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_thread_due_at"), ["due_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_thread_origin_mailbox_id"), ["origin_mailbox_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_thread_patient"), ["patient"], unique=False)

    op.create_table(
        "message",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("thread_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("sender_mailbox_id", sa.Integer(), nullable=False),
        sa.Column("recipient_mailbox_id", sa.Integer(), nullable=False),
        sa.Column("sender_account_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("patient", sa.String(length=12), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("in_reply_to_id", sa.String(length=36), nullable=True),
        sa.Column("forwarded_from_id", sa.String(length=36), nullable=True),
        sa.Column("forward_note", sa.Text(), nullable=True),
        sa.Column("recipient_informed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recipient_mailbox_id"],
            ["mailbox.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sender_account_id"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sender_mailbox_id"],
            ["mailbox.id"],
        ),
        sa.ForeignKeyConstraint(["thread_id"], ["thread.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("id"),
    )
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_message_patient"), ["patient"], unique=False)
        batch_op.create_index(batch_op.f("ix_message_sent_at"), ["sent_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_message_thread_id"), ["thread_id"], unique=False)

    op.create_table(
        "journal_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_seq", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=400), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("attached_by", sa.String(length=64), nullable=False),
        sa.Column("attached_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["message_seq"], ["message.seq"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("journal_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_journal_note_message_seq"), ["message_seq"], unique=False
        )

    op.create_table(
        "mailbox_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_seq", sa.Integer(), nullable=False),
        sa.Column("mailbox_id", sa.Integer(), nullable=False),
        sa.Column("folder", sa.String(length=10), nullable=False),
        sa.Column("previous_folder", sa.String(length=10), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sort_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["mailbox_id"],
            ["mailbox.id"],
        ),
        sa.ForeignKeyConstraint(["message_seq"], ["message.seq"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_seq", "mailbox_id"),
    )
    with op.batch_alter_table("mailbox_item", schema=None) as batch_op:
        batch_op.create_index(
            "ix_item_list", ["mailbox_id", "folder", "sort_at", "id"], unique=False
        )
        batch_op.create_index("ix_item_unread", ["mailbox_id", "folder", "read_at"], unique=False)
        batch_op.create_index(
            "ix_item_due", ["mailbox_id", "folder", "due_at", "sort_at", "id"], unique=False
        )

    op.create_table(
        "disclosure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journal_note_id", sa.Integer(), nullable=False),
        sa.Column("to_mailbox", sa.String(length=200), nullable=True),
        sa.Column("to_login", sa.String(length=64), nullable=True),
        sa.Column("via", sa.String(length=10), nullable=False),
        sa.Column("disclosed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disclosed_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["journal_note_id"], ["journal_note.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_disclosure_journal_note_id"), ["journal_note_id"], unique=False
        )

    _seed_audit_head()
    _append_only_access_log()
    _full_text_search()
    _change_notifications()


GENESIS_HASH = "0" * 64


def _seed_audit_head() -> None:
    op.execute(
        sa.text("INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, :h)").bindparams(
            h=GENESIS_HASH
        )
    )


def _append_only_access_log() -> None:
    """The access log can be added to, never changed or removed through the program."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER access_log_no_{verb.lower()} BEFORE {verb} ON access_log "
                "BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END"
            )
        return
    op.execute(
        """
        CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'access_log is append-only';
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log "
        "FOR EACH ROW EXECUTE FUNCTION access_log_append_only()"
    )
    op.execute(
        "CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()"
    )


def _full_text_search() -> None:
    """Search over subject, body and patient with the database's own index, never a scan."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE message_fts USING fts5(subject, body, patient, "
            "content='message', content_rowid='seq', tokenize='unicode61')"
        )
        op.execute(
            "CREATE TRIGGER message_fts_insert AFTER INSERT ON message BEGIN "
            "INSERT INTO message_fts(rowid, subject, body, patient) "
            "VALUES (new.seq, new.subject, new.body, new.patient); END"
        )
        op.execute(
            "CREATE TRIGGER message_fts_delete AFTER DELETE ON message BEGIN "
            "INSERT INTO message_fts(message_fts, rowid, subject, body, patient) "
            "VALUES ('delete', old.seq, old.subject, old.body, old.patient); END"
        )
        op.execute(
            "CREATE TRIGGER message_fts_update AFTER UPDATE ON message BEGIN "
            "INSERT INTO message_fts(message_fts, rowid, subject, body, patient) "
            "VALUES ('delete', old.seq, old.subject, old.body, old.patient); "
            "INSERT INTO message_fts(rowid, subject, body, patient) "
            "VALUES (new.seq, new.subject, new.body, new.patient); END"
        )
        return
    op.execute(
        "ALTER TABLE message ADD COLUMN search tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple', subject || ' ' || body || ' ' || patient)) STORED"
    )
    op.execute("CREATE INDEX ix_message_search ON message USING gin (search)")


def _change_notifications() -> None:
    """PostgreSQL: tell listening apps which mailbox changed (SQLite polls data_version)."""
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute(
        """
        CREATE FUNCTION fblmail_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                PERFORM pg_notify('fblmail_changes', OLD.mailbox_id::text);
            ELSE
                PERFORM pg_notify('fblmail_changes', NEW.mailbox_id::text);
            END IF;
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER mailbox_item_notify AFTER INSERT OR UPDATE OR DELETE ON mailbox_item "
        "FOR EACH ROW EXECUTE FUNCTION fblmail_notify_change()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS message_fts")
    else:
        op.execute("DROP FUNCTION IF EXISTS access_log_append_only() CASCADE")
        op.execute("DROP FUNCTION IF EXISTS fblmail_notify_change() CASCADE")

    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_journal_note_id"))

    op.drop_table("disclosure")
    with op.batch_alter_table("mailbox_item", schema=None) as batch_op:
        batch_op.drop_index("ix_item_due")
        batch_op.drop_index("ix_item_unread")
        batch_op.drop_index("ix_item_list")

    op.drop_table("mailbox_item")
    with op.batch_alter_table("journal_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journal_note_message_seq"))

    op.drop_table("journal_note")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_message_thread_id"))
        batch_op.drop_index(batch_op.f("ix_message_sent_at"))
        batch_op.drop_index(batch_op.f("ix_message_patient"))

    op.drop_table("message")
    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_patient"))
        batch_op.drop_index(batch_op.f("ix_thread_origin_mailbox_id"))
        batch_op.drop_index(batch_op.f("ix_thread_due_at"))
        batch_op.drop_index(batch_op.f("ix_thread_counterpart_mailbox_id"))

    op.drop_table("thread")
    with op.batch_alter_table("preset_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_preset_entry_municipality_id"))

    op.drop_table("preset_entry")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_mailbox_id"))
        batch_op.drop_index(batch_op.f("ix_membership_account_id"))

    op.drop_table("membership")
    with op.batch_alter_table("check_signature", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_check_signature_mailbox_id"))

    op.drop_table("check_signature")
    with op.batch_alter_table("mailbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mailbox_organisation_id"))

    op.drop_table("mailbox")
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_account_id"))

    op.drop_table("draft")
    op.drop_table("local_routine")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_organisation_id"))

    op.drop_table("account")
    with op.batch_alter_table("purge_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purge_run_started_at"))

    op.drop_table("purge_run")
    with op.batch_alter_table("printout", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_printout_thread_id"))

    op.drop_table("printout")
    op.drop_table("organisation")
    op.drop_table("coordination_case")
    op.drop_table("audit_review")
    op.drop_table("audit_head")
    with op.batch_alter_table("access_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_request_login"))

    op.drop_table("access_request")
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_log_patient"))
        batch_op.drop_index(batch_op.f("ix_access_log_mailbox"))
        batch_op.drop_index(batch_op.f("ix_access_log_at"))
        batch_op.drop_index(batch_op.f("ix_access_log_actor"))

    op.drop_table("access_log")

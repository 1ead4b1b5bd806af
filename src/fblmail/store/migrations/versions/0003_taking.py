"""Who handles which question: the thread_handler table (issue 11), on PostgreSQL its
change notification for the app's live list; and organisation.phone (the directory's
optional `telefon`, for R10's "ring them").

Revision ID: 0003_taking
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_taking"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=40), nullable=True))
    op.create_table(
        "thread_handler",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.String(length=36), nullable=False),
        sa.Column("mailbox_id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["mailbox_id"], ["mailbox.id"]),
        sa.ForeignKeyConstraint(["thread_id"], ["thread.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("thread_id", "mailbox_id"),
    )
    with op.batch_alter_table("thread_handler", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thread_handler_mailbox_id"), ["mailbox_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_thread_handler_thread_id"), ["thread_id"], unique=False
        )
    # Skickat lists our open questions by deadline, late ones first (service/inbox_sync.py):
    # the asking side's sent copies of unanswered, unsettled questions get the deadline.
    op.execute(
        "UPDATE mailbox_item SET due_at = (SELECT t.due_at FROM message m JOIN thread t ON "
        "t.id = m.thread_id WHERE m.seq = mailbox_item.message_seq AND t.origin_mailbox_id = "
        "mailbox_item.mailbox_id AND t.answered_at IS NULL AND t.resolved_at IS NULL) "
        "WHERE folder = 'sent' AND due_at IS NULL"
    )
    if op.get_bind().dialect.name != "sqlite":
        # Live handler names: the app's LISTEN feed hears a take or release in the FBL
        # (0001's fblmail_notify_change sends the row's mailbox_id). SQLite polls
        # data_version, which every write moves.
        op.execute(
            "CREATE TRIGGER thread_handler_notify AFTER INSERT OR UPDATE OR DELETE "
            "ON thread_handler FOR EACH ROW EXECUTE FUNCTION fblmail_notify_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS thread_handler_notify ON thread_handler")
    with op.batch_alter_table("thread_handler", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_handler_thread_id"))
        batch_op.drop_index(batch_op.f("ix_thread_handler_mailbox_id"))
    op.drop_table("thread_handler")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("phone")

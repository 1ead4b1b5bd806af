"""Indexes and counters that keep the check independent of the store's size (issue 10).

- `ix_thread_open_to` / `ix_thread_open_from`: partial indexes over the questions still
  waiting for an answer, so "waiting for us" and "our questions past 72 h" read only those.
- `ix_message_fyi`: a partial index of "För kännedom" messages per recipient FBL.
- `folder_tally`: messages, unread, FYI and unread FYI per mailbox and folder, kept by
  triggers on `mailbox_item` (a row's category comes from its message), so folder counts
  and the inbox's unread and FYI figures are one row each instead of a count over the FBL.

Revision ID: 0005
Revises: 0004_draft_retention
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004_draft_retention"
branch_labels = None
depends_on = None

OPEN_QUESTION = "answered_at IS NULL AND resolved_at IS NULL AND due_at IS NOT NULL"
FYI = "För kännedom"
FYI_MESSAGE = "category = 'För kännedom'"


def upgrade() -> None:
    with op.batch_alter_table("thread", schema=None) as batch_op:
        for name, column in (
            ("ix_thread_open_to", "counterpart_mailbox_id"),
            ("ix_thread_open_from", "origin_mailbox_id"),
        ):
            batch_op.create_index(
                name,
                [column, "due_at"],
                unique=False,
                sqlite_where=sa.text(OPEN_QUESTION),
                postgresql_where=sa.text(OPEN_QUESTION),
            )
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.create_index(
            "ix_message_fyi",
            ["recipient_mailbox_id", "sent_at"],
            unique=False,
            sqlite_where=sa.text(FYI_MESSAGE),
            postgresql_where=sa.text(FYI_MESSAGE),
        )
    op.create_table(
        "folder_tally",
        sa.Column("mailbox_id", sa.Integer(), nullable=False),
        sa.Column("folder", sa.String(length=10), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("unread", sa.Integer(), nullable=False),
        sa.Column("fyi", sa.Integer(), nullable=False),
        sa.Column("fyi_unread", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["mailbox_id"], ["mailbox.id"]),
        sa.PrimaryKeyConstraint("mailbox_id", "folder"),
    )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
    else:
        _postgres_triggers()
    # Constants only below (no input reaches these statements).
    op.execute(
        "INSERT INTO folder_tally (mailbox_id, folder, items, unread, fyi, fyi_unread) "  # noqa: S608
        "SELECT i.mailbox_id, i.folder, count(*), "
        "sum(CASE WHEN i.read_at IS NULL THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN m.category = '{FYI}' THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN m.category = '{FYI}' AND i.read_at IS NULL THEN 1 ELSE 0 END) "
        "FROM mailbox_item i JOIN message m ON m.seq = i.message_seq "
        "GROUP BY i.mailbox_id, i.folder"
    )


def _sqlite_triggers() -> None:
    # `WHERE true` tells SQLite's parser the ON CONFLICT belongs to the INSERT (UPSERT).
    def add(row: str, sign: str) -> str:
        r = row  # "new" or "old": constants, no input
        return (
            "INSERT INTO folder_tally (mailbox_id, folder, items, unread, fyi, fyi_unread) "  # noqa: S608
            f"SELECT {r}.mailbox_id, {r}.folder, {sign}1, {sign}({r}.read_at IS NULL), "
            f"{sign}coalesce(m.category = '{FYI}', 0), "
            f"{sign}coalesce(m.category = '{FYI}' AND {r}.read_at IS NULL, 0) "
            f"FROM (SELECT 1) LEFT JOIN message m ON m.seq = {r}.message_seq WHERE true "
            "ON CONFLICT (mailbox_id, folder) DO UPDATE SET items = items + excluded.items, "
            "unread = unread + excluded.unread, fyi = fyi + excluded.fyi, "
            "fyi_unread = fyi_unread + excluded.fyi_unread;"
        )

    op.execute(f"CREATE TRIGGER folder_tally_insert AFTER INSERT ON mailbox_item BEGIN "
               f"{add('new', '')} END")  # fmt: skip
    op.execute(f"CREATE TRIGGER folder_tally_delete AFTER DELETE ON mailbox_item BEGIN "
               f"{add('old', '-')} END")  # fmt: skip
    op.execute(
        "CREATE TRIGGER folder_tally_update AFTER UPDATE OF mailbox_id, folder, read_at, "
        f"message_seq ON mailbox_item BEGIN {add('old', '-')} {add('new', '')} END"
    )


def _postgres_triggers() -> None:
    # SECURITY DEFINER: on a shared store the person's role has no rights on folder_tally
    # (nor may it see every message); the owner's trigger keeps the counts for everyone.
    op.execute(
        """
        CREATE FUNCTION fblmail_folder_tally() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path FROM CURRENT AS $$
        DECLARE
            fyi_old boolean := false;
            fyi_new boolean := false;
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                SELECT category = 'För kännedom' INTO fyi_old
                    FROM message WHERE seq = OLD.message_seq;
                INSERT INTO folder_tally AS t (mailbox_id, folder, items, unread, fyi, fyi_unread)
                VALUES (OLD.mailbox_id, OLD.folder, -1, -(OLD.read_at IS NULL)::int,
                        -coalesce(fyi_old, false)::int,
                        -(coalesce(fyi_old, false) AND OLD.read_at IS NULL)::int)
                ON CONFLICT (mailbox_id, folder) DO UPDATE SET
                    items = t.items + excluded.items, unread = t.unread + excluded.unread,
                    fyi = t.fyi + excluded.fyi, fyi_unread = t.fyi_unread + excluded.fyi_unread;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                SELECT category = 'För kännedom' INTO fyi_new
                    FROM message WHERE seq = NEW.message_seq;
                INSERT INTO folder_tally AS t (mailbox_id, folder, items, unread, fyi, fyi_unread)
                VALUES (NEW.mailbox_id, NEW.folder, 1, (NEW.read_at IS NULL)::int,
                        coalesce(fyi_new, false)::int,
                        (coalesce(fyi_new, false) AND NEW.read_at IS NULL)::int)
                ON CONFLICT (mailbox_id, folder) DO UPDATE SET
                    items = t.items + excluded.items, unread = t.unread + excluded.unread,
                    fyi = t.fyi + excluded.fyi, fyi_unread = t.fyi_unread + excluded.fyi_unread;
            END IF;
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER folder_tally_change AFTER INSERT OR DELETE OR UPDATE OF mailbox_id, "
        "folder, read_at, message_seq ON mailbox_item "
        "FOR EACH ROW EXECUTE FUNCTION fblmail_folder_tally()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS folder_tally_{name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS folder_tally_change ON mailbox_item")
        op.execute("DROP FUNCTION IF EXISTS fblmail_folder_tally()")
    op.drop_table("folder_tally")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_index("ix_message_fyi")
    with op.batch_alter_table("thread", schema=None) as batch_op:
        batch_op.drop_index("ix_thread_open_from")
        batch_op.drop_index("ix_thread_open_to")

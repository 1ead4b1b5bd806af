"""Indexes for the purge's draft deletions (R17, issue 10).

- `ix_draft_from_updated` (from_address, updated_at): a manual purge of an FBL's drafts
  (`--all-folders`, `--folder drafts`, with or without `--older-than`) counts and deletes
  the drafts written from that FBL up to a moment; without it both read the whole table.
- `ix_draft_updated` (updated_at): the daily deletion reads the drafts untouched for the
  shortest `draft_days` of any unit, which is a range over `updated_at`.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.create_index("ix_draft_from_updated", ["from_address", "updated_at"])
        batch_op.create_index("ix_draft_updated", ["updated_at"])


def downgrade() -> None:
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index("ix_draft_updated")
        batch_op.drop_index("ix_draft_from_updated")

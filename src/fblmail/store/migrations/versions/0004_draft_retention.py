"""Draft retention (R17) and purge bookkeeping.

`local_routine.draft_days`: drafts untouched this many days are removed by the daily
`purge --expired` (default 30). `purge_run.outcome`: "done", or "interrupted" for a run
that never finished and was closed by a later run; NULL while a run is going.

Revision ID: 0004_draft_retention
Revises: 0003_taking
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_draft_retention"
down_revision = "0003_taking"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("local_routine", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("draft_days", sa.Integer(), nullable=False, server_default="30")
        )
    with op.batch_alter_table("purge_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=12), nullable=True))
    # Runs that finished before this revision are done.
    op.execute("UPDATE purge_run SET outcome = 'done' WHERE finished_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("purge_run", schema=None) as batch_op:
        batch_op.drop_column("outcome")
    with op.batch_alter_table("local_routine", schema=None) as batch_op:
        batch_op.drop_column("draft_days")

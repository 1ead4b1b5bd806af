"""`store_damage`: the PostgreSQL counterpart of SQLite's `store.db-damaged` marker (issue 13).

A single row (id 1) while `fblmail doctor` has found the store damaged; every write
transaction reads it and refuses. Created on both back ends (SQLite keeps using its file).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_damage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("findings", sa.String(length=2000), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("store_damage")

"""whether online presence counts for the quorum and votes (a council's session rule)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("councils", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "online_presence_counts", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("councils", schema=None) as batch_op:
        batch_op.drop_column("online_presence_counts")

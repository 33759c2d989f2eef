"""where the office puts the chair's signature on the last page

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 13:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stamp_x", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("stamp_y", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("stamp_y")
        batch_op.drop_column("stamp_x")

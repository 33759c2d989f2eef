"""access links lock after wrong PINs from every device together

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("access_links") as batch:
        batch.add_column(
            sa.Column("pin_failures", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("pin_locked_at", app.db.UTCDateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("access_links") as batch:
        batch.drop_column("pin_locked_at")
        batch.drop_column("pin_failures")

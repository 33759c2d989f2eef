"""a supervision plan's requests to agencies: a follow-up item of kind «request»

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07 19:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def _kind(*values: str) -> sa.Enum:
    return sa.Enum(
        *values, name="follow_up_kind", native_enum=False, create_constraint=True, length=32
    )


def upgrade() -> None:
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        # the CHECK of the enum goes with the old type and comes back with the new
        batch_op.alter_column(
            "kind",
            existing_type=_kind("recommendation", "task"),
            type_=_kind("request", "recommendation", "task"),
            existing_nullable=False,
        )


def downgrade() -> None:
    op.execute("DELETE FROM follow_ups WHERE kind = 'request'")
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.alter_column(
            "kind",
            existing_type=_kind("request", "recommendation", "task"),
            type_=_kind("recommendation", "task"),
            existing_nullable=False,
        )

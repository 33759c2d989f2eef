"""page 1 of each version as an image, and a reading copy, for the viewer on a slow link

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 13:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("preview_key", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("reading_key", sa.String(length=100), nullable=True))
        for column in ("preview_key", "reading_key"):
            batch_op.create_unique_constraint(
                batch_op.f(f"uq_document_versions_{column}"), [column]
            )


def downgrade() -> None:
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        for column in ("preview_key", "reading_key"):
            batch_op.drop_constraint(batch_op.f(f"uq_document_versions_{column}"), type_="unique")
        for column in ("preview_key", "reading_key"):
            batch_op.drop_column(column)

"""Decree 30's other documents a council issues: thông báo, kế hoạch, quyết định, công văn

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-07 22:12:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None

BEFORE = (
    "invitation",
    "programme",
    "proposal",
    "report",
    "review_report",
    "draft_resolution",
    "resolution",
    "minutes",
    "other",
)
ADDED = ("notice", "plan", "decision", "official_letter")


def _type(*values: str) -> sa.Enum:
    return sa.Enum(
        *values, name="document_type", native_enum=False, create_constraint=True, length=32
    )


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        # the CHECK of the enum goes with the old type and comes back with the new
        batch_op.alter_column(
            "doc_type",
            existing_type=_type(*BEFORE),
            type_=_type(*BEFORE[:-1], *ADDED, "other"),
            existing_nullable=False,
        )


def downgrade() -> None:
    op.execute(
        "UPDATE documents SET doc_type = 'other' WHERE doc_type IN "
        "('notice', 'plan', 'decision', 'official_letter')"
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.alter_column(
            "doc_type",
            existing_type=_type(*BEFORE[:-1], *ADDED, "other"),
            type_=_type(*BEFORE),
            existing_nullable=False,
        )

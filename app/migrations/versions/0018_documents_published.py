"""documents are walked newest first: an index on the publication order

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 09:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_published", "documents", ["published_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_documents_published", table_name="documents")

"""signing capacity ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH") and the body issuing a document

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-07 21:58:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("document_signatures", "signing_requests"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("capacity", sa.String(length=300), nullable=False, server_default="")
            )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("issuer_body_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_documents_issuer_body_id_bodies"),
            "bodies",
            ["issuer_body_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_documents_issuer_body_id_bodies"), type_="foreignkey"
        )
        batch_op.drop_column("issuer_body_id")
    for table in ("signing_requests", "document_signatures"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("capacity")

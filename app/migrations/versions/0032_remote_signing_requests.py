"""remote signing: credentials at a provider, and signing requests with a status

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07 21:29:33.386781
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None

STATUS = sa.Enum(
    "waiting",
    "signed",
    "refused",
    "expired",
    "cancelled",
    name="signing_request_status",
    native_enum=False,
    create_constraint=True,
    length=32,
)


def upgrade() -> None:
    with op.batch_alter_table("signing_credentials", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("provider", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("remote_ref", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("sign_algorithm", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("sealed_secret", sa.LargeBinary(), nullable=True))

    with op.batch_alter_table("signing_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", STATUS, nullable=False, server_default="waiting"))
        batch_op.add_column(
            sa.Column("reason", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("credential_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("handle", sa.String(length=500), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("sealed_access", sa.LargeBinary(), nullable=True))
        batch_op.add_column(
            sa.Column("lease_until", app.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_signing_requests_credential_id_signing_credentials"),
            "signing_credentials",
            ["credential_id"],
            ["id"],
            ondelete="SET NULL",
        )
    # Requests completed before: signed.
    op.execute("UPDATE signing_requests SET status = 'signed' WHERE completed_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("signing_requests", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_signing_requests_credential_id_signing_credentials"),
            type_="foreignkey",
        )
        for column in ("lease_until", "sealed_access", "handle", "credential_id", "reason"):
            batch_op.drop_column(column)
        batch_op.drop_column("status")

    with op.batch_alter_table("signing_credentials", schema=None) as batch_op:
        for column in ("sealed_secret", "sign_algorithm", "remote_ref", "provider"):
            batch_op.drop_column(column)

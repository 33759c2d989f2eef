"""elections of office-holders: a vote of kind «election», its offices, its candidates

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def _vote_kind(*values: str) -> sa.Enum:
    return sa.Enum(*values, name="vote_kind", native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    with op.batch_alter_table("votes", schema=None) as batch_op:
        # the CHECK of the enum goes with the old type and comes back with the new
        batch_op.alter_column(
            "kind",
            existing_type=_vote_kind("question", "confidence"),
            type_=_vote_kind("question", "confidence", "election"),
            existing_nullable=False,
        )
    op.create_table(
        "election_offices",
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column(
            "grants",
            sa.Enum(
                "none",
                "chair",
                name="office_grant",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("installed_at", app.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["body_id"],
            ["bodies.id"],
            name=op.f("fk_election_offices_body_id_bodies"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes.id"],
            name=op.f("fk_election_offices_vote_id_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("vote_id", "number", name=op.f("pk_election_offices")),
    )
    with op.batch_alter_table("vote_subjects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("office", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("withdrawn", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_vote_subjects_user_id_users"),
            "users",
            ["user_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("vote_subjects", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_vote_subjects_user_id_users"), type_="foreignkey")
        batch_op.drop_column("withdrawn")
        batch_op.drop_column("office")
        batch_op.drop_column("user_id")
    op.drop_table("election_offices")
    op.execute("DELETE FROM votes WHERE kind = 'election'")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.alter_column(
            "kind",
            existing_type=_vote_kind("question", "confidence", "election"),
            type_=_vote_kind("question", "confidence"),
            existing_nullable=False,
        )

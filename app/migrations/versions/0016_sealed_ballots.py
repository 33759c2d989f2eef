"""sealed secret ballots: counted at the close, never a running total

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 02:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sealed_ballots",
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes.id"],
            name=op.f("fk_sealed_ballots_vote_id_votes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("vote_id", "token", name=op.f("pk_sealed_ballots")),
    )
    # Open secret votes keep the totals of the ballots cast before the upgrade (they are added
    # to at the close); the empty rows of votes nobody voted in yet are no longer needed.
    op.execute("DELETE FROM secret_tallies WHERE count = 0")


def downgrade() -> None:
    op.drop_table("sealed_ballots")

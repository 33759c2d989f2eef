"""terms of office; sessions numbered within their term; existing data moved into a first term

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 13:40:00

Each council gets one term, read from its free-text «khóa …, nhiệm kỳ YYYY–YYYY» where it says
so (khóa I and the council's creation year otherwise), and every meeting joins it; session
numbers are kept as they were, unique within the term.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

import app.db

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_KHOA = re.compile(r"kh[oó]a\s+([IVXLC]+)\b", re.IGNORECASE)
_YEARS = re.compile(r"(\d{4})\s*[–-]\s*(\d{4})")
TERM_YEARS = 5  # a People's Council's term (Law on Organization of Local Government)


def _roman(text: str) -> int:
    values = [_ROMAN[c] for c in text.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _first_term(text: str, created: datetime | str | None) -> tuple[int, date, date]:
    khoa = _KHOA.search(text or "")
    years = _YEARS.search(text or "")
    if years:
        start, end = int(years.group(1)), int(years.group(2))
    else:
        made = created if isinstance(created, datetime) else None
        if made is None and created:
            made = datetime.fromisoformat(str(created)[:19])
        start = (made or datetime(2026, 1, 1)).year
        end = start + TERM_YEARS
    return (_roman(khoa.group(1)) if khoa else 1), date(start, 1, 1), date(end, 12, 31)


def upgrade() -> None:
    op.create_table(
        "terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_at", app.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ordinal > 0", name=op.f("ck_terms_ordinal_positive")),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["councils.id"],
            name=op.f("fk_terms_council_id_councils"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_terms")),
        sa.UniqueConstraint("council_id", "ordinal", name=op.f("uq_terms_council_id")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("term_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_meetings_term_id"), ["term_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_meetings_term_id_terms"),
            "terms",
            ["term_id"],
            ["id"],
            ondelete="RESTRICT",
        )

    bind = op.get_bind()
    terms = sa.table(
        "terms",
        sa.column("id", sa.Integer()),
        sa.column("council_id", sa.Integer()),
        sa.column("ordinal", sa.Integer()),
        sa.column("starts_on", sa.Date()),
        sa.column("ends_on", sa.Date()),
        sa.column("created_at", app.db.UTCDateTime(timezone=True)),
    )
    meetings = sa.table("meetings", sa.column("council_id", sa.Integer()), sa.column("term_id"))
    councils = bind.execute(sa.text("SELECT id, term, created_at FROM councils")).all()
    for council_id, text, created in councils:
        ordinal, starts_on, ends_on = _first_term(text, created)
        term_id = bind.execute(
            terms.insert()
            .values(
                council_id=council_id,
                ordinal=ordinal,
                starts_on=starts_on,
                ends_on=ends_on,
                created_at=datetime.now(UTC),
            )
            .returning(terms.c.id)
        ).scalar_one()
        bind.execute(
            meetings.update().where(meetings.c.council_id == council_id).values(term_id=term_id)
        )

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint("uq_meetings_council_id", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_meetings_term_id"), ["term_id", "number"])


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_meetings_term_id"), type_="unique")
        batch_op.create_unique_constraint(
            "uq_meetings_council_id", ["council_id", "kind", "number"]
        )
        batch_op.drop_constraint(batch_op.f("fk_meetings_term_id_terms"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_meetings_term_id"))
        batch_op.drop_column("term_id")
    op.drop_table("terms")

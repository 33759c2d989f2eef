"""search: folded document text in each database's full-text engine

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.i18n.text import fold

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_search",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_search_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_search")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE document_search ADD COLUMN tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED"
        )
        op.execute("CREATE INDEX ix_document_search_tsv ON document_search USING GIN (tsv)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE document_fts USING fts5("
            "body, content='document_search', content_rowid='document_id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER document_search_ai AFTER INSERT ON document_search BEGIN "
            "INSERT INTO document_fts(rowid, body) VALUES (new.document_id, new.body); END"
        )
        op.execute(
            "CREATE TRIGGER document_search_ad AFTER DELETE ON document_search BEGIN "
            "INSERT INTO document_fts(document_fts, rowid, body) "
            "VALUES ('delete', old.document_id, old.body); END"
        )
        op.execute(
            "CREATE TRIGGER document_search_au AFTER UPDATE ON document_search BEGIN "
            "INSERT INTO document_fts(document_fts, rowid, body) "
            "VALUES ('delete', old.document_id, old.body); "
            "INSERT INTO document_fts(rowid, body) VALUES (new.document_id, new.body); END"
        )
    # documents uploaded before this migration
    rows = op.get_bind().execute(
        sa.text(
            "SELECT d.id, d.title, d.number, v.text FROM documents d "
            "JOIN document_versions v ON v.document_id = d.id AND v.version = d.current_version"
        )
    )
    search = sa.table("document_search", sa.column("document_id"), sa.column("body"))
    batch = [
        {"document_id": i, "body": fold(f"{title} {number} {body}")}
        for i, title, number, body in rows
    ]
    if batch:
        op.bulk_insert(search, batch)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS document_search_{trigger}")
        op.execute("DROP TABLE IF EXISTS document_fts")
    op.drop_table("document_search")

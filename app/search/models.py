from __future__ import annotations

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class DocumentSearch(Base):
    """A document's searchable text, folded (no diacritics, đ→d, lower case). The database's
    own full-text engine indexes it: an FTS5 table kept in step by triggers on SQLite, a
    generated `tsvector` column with a GIN index on PostgreSQL (both made by migration 0010)."""

    __tablename__ = "document_search"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    body: Mapped[str] = mapped_column(Text)

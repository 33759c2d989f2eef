"""Accent-insensitive full-text search over documents, ranked, in the database itself.

Vietnamese is folded before indexing and before querying ("Chuyển đổi số" and "chuyen doi so"
both become "chuyen doi so"; "đ" has no Unicode decomposition, so it is mapped to "d" by
hand). Who may see a hit is never decided here: callers join the ranked ids with the access
policy's document filter."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    column,
    delete,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from app.documents.models import Document
from app.i18n.text import fold
from app.search.models import DocumentSearch

MAX_TERMS = 12


def index(db: Session, document: Document, body_text: str) -> None:
    """(Re)index the document: title, number and its current text."""
    body = fold(f"{document.title} {document.number} {body_text}")
    db.execute(delete(DocumentSearch).where(DocumentSearch.document_id == document.id))
    db.add(DocumentSearch(document_id=document.id, body=body))
    db.flush()


def terms(query: str) -> list[str]:
    return fold(query).split()[:MAX_TERMS]


def ranked(db: Session, query: str) -> Select[tuple[int, float]] | None:
    """(document_id, rank) of the documents matching every term of `query`, higher rank
    first when ordered by it; None when the query has no words."""
    words = terms(query)
    if not words:
        return None
    if db.get_bind().dialect.name == "postgresql":
        wanted = func.plainto_tsquery(literal_column("'simple'"), " ".join(words))
        tsv: ColumnElement[Any] = literal_column("document_search.tsv")
        return select(
            DocumentSearch.document_id.label("document_id"),
            func.ts_rank(tsv, wanted).label("rank"),
        ).where(tsv.op("@@")(wanted))
    fts = table("document_fts", column("rowid"))
    # every term quoted: FTS5 query syntax never reaches the engine from user input
    match = " ".join(f'"{w}"' for w in words)
    return (
        select(
            fts.c.rowid.label("document_id"),
            (-func.bm25(literal_column("document_fts"))).label("rank"),
        )
        .select_from(fts)
        .where(text("document_fts MATCH :match").bindparams(match=match))
    )

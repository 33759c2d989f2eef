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
    TextClause,
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


def matching(db: Session, query: str) -> Select[int] | None:
    """Ids of the documents whose text has every term of `query`; None when it has no words.
    Cheap whatever the number of matches: the engine's index answers it, nothing is ranked."""
    words = terms(query)
    if not words:
        return None
    if _postgresql(db):
        return select(DocumentSearch.document_id).where(_TSV.op("@@")(_tsquery(words)))
    return select(_FTS.c.rowid.label("document_id")).where(_fts_match(words))


def ranked(db: Session, query: str, among: Select[int]) -> Select[int, float]:
    """(document_id, rank) of the documents in `among` that match `query`, a higher rank a
    better match. Ranking reads each document's whole text vector, so callers bound `among`."""
    words = terms(query)
    if _postgresql(db):
        return select(
            DocumentSearch.document_id.label("document_id"),
            func.ts_rank(_TSV, _tsquery(words)).label("rank"),
        ).where(DocumentSearch.document_id.in_(among))
    return (
        select(
            _FTS.c.rowid.label("document_id"),
            (-func.bm25(literal_column("document_fts"))).label("rank"),
        )
        .where(_fts_match(words))
        # "+": FTS5 would otherwise run the whole MATCH again for each id of `among`
        .where(literal_column("+document_fts.rowid").in_(among))
    )


_TSV: ColumnElement[Any] = literal_column("document_search.tsv")
_FTS = table("document_fts", column("rowid"))


def _postgresql(db: Session) -> bool:
    return db.get_bind().dialect.name == "postgresql"


def _tsquery(words: list[str]) -> ColumnElement[Any]:
    return func.plainto_tsquery(literal_column("'simple'"), " ".join(words))


def _fts_match(words: list[str]) -> TextClause:
    # every term quoted: FTS5 query syntax never reaches the engine from user input
    match = " ".join(f'"{w}"' for w in words)
    return text("document_fts MATCH :match").bindparams(match=match)

"""Finding documents: the public portal's list and everyone's search. Who sees what is the
access policy's filter, passed in by the caller (the public one, or the caller's own), never
a separate list; the search ranks, the policy decides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, extract, select
from sqlalchemy.orm import Session

from app.documents.models import Document, DocumentType
from app.errors import NotFound
from app.meetings.models import Meeting
from app.search import service as search

PAGE = 50
# Ranking reads every match's whole text vector: over an archive a common word matches half of
# it (43,000 of 100,000 documents, 130 ms). Like a search engine's rescore window, only the
# newest matches are ranked, found through the indexes without reading their texts; a search
# lists at most this many documents, and narrower words or filters reach older ones.
RANK_WINDOW = 1_000
Scope = Callable[[Any], Any]  # one of the access policy's document filters
Statement = TypeVar("Statement", bound=Select)  # type: ignore[type-arg]


@dataclass(frozen=True)
class Filters:
    council_id: int | None = None
    meeting_id: int | None = None
    doc_type: DocumentType | None = None
    year: int | None = None  # of the meeting
    number: str | None = None
    query: str = ""  # words, with or without diacritics
    document_id: int | None = None  # one document's own page


@dataclass(frozen=True)
class Found:
    id: int
    council_id: int
    meeting_id: int
    meeting_title: str
    title: str
    number: str
    doc_type: DocumentType
    published_at: datetime | None
    verify_code: str | None


def find(
    db: Session, scope: Scope, filters: Filters, *, limit: int = PAGE, offset: int = 0
) -> list[Found]:
    """Documents within `scope` matching `filters`: the most recently published (then newest)
    first, or with a query, the best match first among its RANK_WINDOW newest matches."""
    stmt = _filtered(
        select(
            Document.id,
            Document.council_id,
            Document.meeting_id,
            Meeting.title.label("meeting_title"),
            Document.title,
            Document.number,
            Document.doc_type,
            Document.published_at,
            Document.verify_code,
        ),
        filters,
    )
    newest = [Document.published_at.desc(), Document.id.desc()]
    order: list[Any] = newest
    if filters.query:
        matching = search.matching(db, filters.query)
        if matching is None:
            return []  # only punctuation: nothing to look for
        match = matching.subquery()
        window = (
            scope(
                _filtered(select(Document.id), filters).join(
                    match, match.c.document_id == Document.id
                )
            )
            .order_by(*newest)
            .limit(RANK_WINDOW)
            # kept apart, so the planner ranks these rows instead of joining the whole table
            .cte("window")
            .prefix_with("MATERIALIZED", dialect="postgresql")
        )
        ranks = search.ranked(db, filters.query, select(window.c.id)).subquery()
        stmt = stmt.join(ranks, ranks.c.document_id == Document.id)
        order = [ranks.c.rank.desc(), *newest]
    rows = db.execute(scope(stmt).order_by(*order).limit(limit).offset(offset))
    return [Found(**row._mapping) for row in rows]


def find_one(db: Session, scope: Scope, document_id: int) -> Found:
    """One document as a list shows it, within `scope`; NotFound outside it."""
    found = find(db, scope, Filters(document_id=document_id), limit=1)
    if not found:
        raise NotFound()
    return found[0]


def _filtered(stmt: Statement, filters: Filters) -> Statement:
    stmt = stmt.join(Meeting, Meeting.id == Document.meeting_id)
    if filters.council_id is not None:
        stmt = stmt.where(Document.council_id == filters.council_id)
    if filters.meeting_id is not None:
        stmt = stmt.where(Document.meeting_id == filters.meeting_id)
    if filters.doc_type is not None:
        stmt = stmt.where(Document.doc_type == filters.doc_type)
    if filters.year is not None:
        stmt = stmt.where(extract("year", Meeting.starts_at) == filters.year)
    if filters.number:
        stmt = stmt.where(Document.number == filters.number)
    if filters.document_id is not None:
        stmt = stmt.where(Document.id == filters.document_id)
    return stmt


def public_meeting_url(base_url: str, meeting_id: int) -> str:
    return f"{base_url.rstrip('/')}/p/meetings/{meeting_id}"

"""Finding documents: the public portal's list and everyone's search. Who sees what is the
access policy's filter, passed in by the caller (the public one, or the caller's own), never
a separate list; the search ranks, the policy decides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from app.documents.models import Document, DocumentType
from app.meetings.models import Meeting
from app.search import service as search

PAGE = 50
Scope = Callable[[Any], Any]  # one of the access policy's document filters


@dataclass(frozen=True)
class Filters:
    council_id: int | None = None
    meeting_id: int | None = None
    doc_type: DocumentType | None = None
    year: int | None = None  # of the meeting
    number: str | None = None
    query: str = ""  # words, with or without diacritics


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
    """Documents within `scope` matching `filters`: best match first when searching, else
    the most recently published (then newest) first."""
    stmt = select(
        Document.id,
        Document.council_id,
        Document.meeting_id,
        Meeting.title.label("meeting_title"),
        Document.title,
        Document.number,
        Document.doc_type,
        Document.published_at,
        Document.verify_code,
    ).join(Meeting, Meeting.id == Document.meeting_id)
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
    order: list[Any] = [Document.published_at.desc(), Document.id.desc()]
    hits = search.ranked(db, filters.query) if filters.query else None
    if filters.query and hits is None:
        return []  # only punctuation: nothing to look for
    if hits is not None:
        ranked = hits.subquery()
        stmt = stmt.join(ranked, ranked.c.document_id == Document.id)
        order = [ranked.c.rank.desc(), *order]
    rows = db.execute(scope(stmt).order_by(*order).limit(limit).offset(offset))
    return [Found(**row._mapping) for row in rows]


def public_meeting_url(base_url: str, meeting_id: int) -> str:
    return f"{base_url.rstrip('/')}/p/meetings/{meeting_id}"

"""What the public portal lists: published documents (the access policy's public filter, never
a separate list) with their meeting, newest first, filtered and optionally searched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from app.documents.models import Document, DocumentType
from app.meetings.models import Meeting
from app.security import policy

PAGE = 50


@dataclass(frozen=True)
class PublicDocument:
    id: int
    council_id: int
    meeting_id: int
    meeting_title: str
    title: str
    number: str
    doc_type: DocumentType
    published_at: datetime
    verify_code: str | None


def published(
    db: Session,
    *,
    council_id: int | None = None,
    meeting_id: int | None = None,
    doc_type: DocumentType | None = None,
    year: int | None = None,
    limit: int = PAGE,
    offset: int = 0,
) -> list[PublicDocument]:
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
    if council_id is not None:
        stmt = stmt.where(Document.council_id == council_id)
    if meeting_id is not None:
        stmt = stmt.where(Document.meeting_id == meeting_id)
    if doc_type is not None:
        stmt = stmt.where(Document.doc_type == doc_type)
    if year is not None:
        stmt = stmt.where(extract("year", Meeting.starts_at) == year)
    stmt = stmt.order_by(Document.published_at.desc(), Document.id.desc())
    rows = db.execute(policy.public_documents(stmt).limit(limit).offset(offset))
    return [PublicDocument(**row._mapping) for row in rows]

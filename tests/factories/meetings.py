"""Builders for meetings and packet documents (rows flushed; objects really stored)."""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.directory.models import Body, Council, User
from app.documents.models import (
    Classification,
    Document,
    DocumentAudience,
    DocumentType,
    DocumentVersion,
)
from app.meetings.models import (
    SESSION_KINDS,
    AgendaItem,
    Meeting,
    MeetingGuest,
    MeetingKind,
    MeetingStatus,
)
from app.storage import ObjectStore

_seq = itertools.count(1)


def meeting(
    db: Session,
    *,
    council: Council,
    kind: MeetingKind = MeetingKind.regular_session,
    status: MeetingStatus = MeetingStatus.convened,
    body: Body | None = None,
    guests: tuple[User, ...] = (),
) -> Meeting:
    n = next(_seq)
    row = Meeting(
        council_id=council.id,
        kind=kind,
        number=n if kind in SESSION_KINDS else None,
        title=f"Kỳ họp thử số {n}",
        starts_at=datetime(2026, 12, 15, 1, 30, tzinfo=UTC),
        status=status,
        body_id=body.id if body else None,
    )
    db.add(row)
    db.flush()
    db.add_all(MeetingGuest(meeting_id=row.id, user_id=g.id) for g in guests)
    db.flush()
    return row


def document(
    db: Session,
    store: ObjectStore,
    *,
    meeting: Meeting,
    classification: Classification,
    content: bytes,
    audience_bodies: tuple[Body, ...] = (),
    audience_users: tuple[User, ...] = (),
    title: str | None = None,
) -> Document:
    stored = store.put(iter([content]), prefix="documents")
    row = Document(
        council_id=meeting.council_id,
        meeting_id=meeting.id,
        title=title or f"Tờ trình thử {next(_seq)}",
        doc_type=DocumentType.proposal,
        classification=classification,
    )
    db.add(row)
    db.flush()
    db.add_all(
        [DocumentAudience(document_id=row.id, body_id=b.id) for b in audience_bodies]
        + [DocumentAudience(document_id=row.id, user_id=u.id) for u in audience_users]
    )
    db.add(
        DocumentVersion(
            document_id=row.id,
            version=1,
            object_key=stored.key,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            pages=1,
            filename="to-trinh.pdf",
        )
    )
    db.flush()
    return row


def agenda_item(db: Session, *, meeting: Meeting, title: str = "Nội dung thử") -> AgendaItem:
    position = (
        db.scalar(select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id))
        or 0
    ) + 1
    row = AgendaItem(meeting_id=meeting.id, position=position, title=title)
    db.add(row)
    db.flush()
    return row

"""The public portal's open data: published documents as JSON and as an RSS feed per council,
for the commune website (CORS open on these paths only), and the office's publish switch."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import format_datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from app.api.deps import AppSettings
from app.db import DbInt, DbSession
from app.documents import portal
from app.documents import service as documents
from app.documents.models import DocumentType
from app.floor import exports
from app.floor import votes as voting
from app.i18n import t
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.oversight import service as oversight
from app.oversight.schemas import FollowUpOut
from app.security import policy
from app.security.auth import CurrentActor, Meta
from app.signing.service import verification_url

router = APIRouter(tags=["portal"])
FEED_ITEMS = 30
# what the public sees of a vote (no open-vote state, no viewer-specific fields)
PUBLIC_VOTE_FIELDS = {
    "id",
    "question",
    "kind",
    "ballot",
    "threshold",
    "total_delegates",
    "cast",
    "approve",
    "against",
    "abstain",
    "not_voted",
    "percent",
    "passed",
    "subjects",
    "ballots",
}


class PublishedOut(BaseModel):
    id: int
    published_at: str | None


class FoundOut(BaseModel):
    """A document as a list or a search shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    council_id: DbInt
    meeting_id: DbInt
    meeting_title: str
    title: str
    number: str
    doc_type: DocumentType
    published_at: datetime | None


class PublicDocumentOut(FoundOut):
    url: str  # the PDF
    meeting_url: str
    verification_url: str | None  # issued (signed) documents


class PublicDocumentDetail(PublicDocumentOut):
    tasks: list[FollowUpOut]  # an issued resolution's follow-up, with each task's status


@router.post("/api/documents/{document_id}/publish", response_model=PublishedOut)
def publish(document_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta) -> PublishedOut:
    """Put a public-class document (a resolution once issued) on the public portal."""
    document = policy.document_for_publishing(db, actor, document_id)
    documents.publish(db, actor=actor, document=document, meta=meta)
    return PublishedOut(id=document.id, published_at=_iso(document.published_at))


@router.post("/api/documents/{document_id}/unpublish", response_model=PublishedOut)
def unpublish(document_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta) -> PublishedOut:
    """Withdraw a document from the public portal (recorded in the audit log)."""
    document = policy.document_for_write(db, actor, document_id)
    documents.unpublish(db, actor=actor, document=document, meta=meta)
    return PublishedOut(id=document.id, published_at=None)


@router.get("/api/public/documents", response_model=list[PublicDocumentOut])
def public_documents(
    db: DbSession,
    settings: AppSettings,
    council_id: DbInt | None = None,
    meeting_id: DbInt | None = None,
    doc_type: DocumentType | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    number: Annotated[str | None, Query(max_length=50)] = None,
    q: Annotated[str, Query(max_length=200)] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = portal.PAGE,
    offset: Annotated[DbInt, Query(ge=0)] = 0,
) -> list[PublicDocumentOut]:
    """Published documents, newest first; with `q`, a search that ignores diacritics
    ("chuyen doi so" finds "chuyển đổi số"), best match first. No account needed."""
    filters = portal.Filters(council_id, meeting_id, doc_type, year, number, q)
    rows = portal.find(db, policy.public_documents, filters, limit=limit, offset=offset)
    return [_out(row, settings.base_url) for row in rows]


@router.get("/api/public/documents/{document_id}", response_model=PublicDocumentDetail)
def public_document(
    document_id: DbInt, db: DbSession, settings: AppSettings
) -> PublicDocumentDetail:
    """One published document; an issued resolution with the progress of its tasks."""
    found = portal.find_one(db, policy.public_documents, document_id)
    tasks = oversight.tasks_of(db, [document_id], oversight.today())
    return PublicDocumentDetail(
        **_out(found, settings.base_url).model_dump(), tasks=tasks[document_id]
    )


@router.get("/p/councils/{council_id}/feed.xml")
def feed(council_id: DbInt, db: DbSession, settings: AppSettings) -> Response:
    """RSS 2.0: the council's latest published documents, for the commune website."""
    council = policy.public_council(db, council_id)
    base = settings.base_url.rstrip("/")
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    for tag, text in (
        ("title", council.name),
        ("link", f"{base}/p/councils/{council.id}/feed.xml"),
        ("description", t("portal.feed_description", "vi", council=council.name)),
        ("language", "vi"),
    ):
        ET.SubElement(channel, tag).text = text
    latest = portal.find(db, policy.public_documents, portal.Filters(council.id), limit=FEED_ITEMS)
    for row in latest:
        label = f"{t(f'doctype.{row.doc_type.value}', 'vi')} {row.number}".strip()
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = row.title
        ET.SubElement(item, "link").text = _out(row, base).url
        ET.SubElement(item, "guid", isPermaLink="false").text = f"kyhop-document-{row.id}"
        if row.published_at is not None:
            ET.SubElement(item, "pubDate").text = format_datetime(row.published_at)
        ET.SubElement(item, "description").text = f"{label} — {row.meeting_title}"
    xml = ET.tostring(rss, encoding="utf-8", xml_declaration=True)
    return Response(xml, media_type="application/rss+xml; charset=utf-8")


def _iso(moment: object) -> str | None:
    return moment.isoformat() if moment is not None else None  # type: ignore[attr-defined]


def _out(row: portal.Found, base_url: str) -> PublicDocumentOut:
    base = base_url.rstrip("/")
    return PublicDocumentOut(
        **FoundOut.model_validate(row).model_dump(),
        url=f"{base}/p/documents/{row.id}/content",
        meeting_url=portal.public_meeting_url(base, row.meeting_id),
        verification_url=verification_url(base, row.verify_code) if row.verify_code else None,
    )


@router.get("/api/search", response_model=list[FoundOut])
def search(
    actor: CurrentActor,
    db: DbSession,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    council_id: DbInt | None = None,
    meeting_id: DbInt | None = None,
    doc_type: DocumentType | None = None,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = portal.PAGE,
    offset: Annotated[DbInt, Query(ge=0)] = 0,
) -> list[FoundOut]:
    """Search what the caller may read (the access policy's own filter), best match first."""
    filters = portal.Filters(council_id, meeting_id, doc_type, year, None, q)
    rows = portal.find(
        db, lambda stmt: policy.visible_documents(actor, stmt), filters, limit=limit, offset=offset
    )
    return [FoundOut.model_validate(r) for r in rows]


class PublicMeetingOut(BaseModel):
    id: int
    council_id: DbInt
    title: str
    kind: str
    status: str
    starts_at: str
    location: str
    url: str


class PublicMeetingDetail(PublicMeetingOut):
    agenda: list[str]
    documents: list[PublicDocumentOut]
    votes: list[dict[str, object]]  # closed meetings only; named votes say who voted how


def _meeting_out(meeting: Meeting, base_url: str) -> PublicMeetingOut:
    return PublicMeetingOut(
        id=meeting.id,
        council_id=meeting.council_id,
        title=meeting.title,
        kind=meeting.kind.value,
        status=meeting.status.value,
        starts_at=meeting.starts_at.isoformat(),
        location=meeting.location,
        url=portal.public_meeting_url(base_url, meeting.id),
    )


@router.get("/api/public/meetings", response_model=list[PublicMeetingOut])
def public_meetings(
    council_id: DbInt, db: DbSession, settings: AppSettings
) -> list[PublicMeetingOut]:
    """The council's convened (and later) meetings, newest first."""
    council = policy.public_council(db, council_id)
    return [_meeting_out(m, settings.base_url) for m in policy.public_meetings(db, council.id)]


@router.get("/api/public/meetings/{meeting_id}", response_model=PublicMeetingDetail)
def public_meeting(meeting_id: DbInt, db: DbSession, settings: AppSettings) -> PublicMeetingDetail:
    """A meeting's programme, published documents and, once it has closed, its votes."""
    meeting = policy.public_meeting(db, meeting_id)
    found = portal.find(db, policy.public_documents, portal.Filters(meeting_id=meeting.id))
    votes = [
        voting.result(db, v, viewer=None).model_dump(mode="json", include=PUBLIC_VOTE_FIELDS)
        for v in policy.public_votes(db, meeting)
    ]
    return PublicMeetingDetail(
        **_meeting_out(meeting, settings.base_url).model_dump(),
        agenda=[f"{i.position}. {i.title}" for i in meetings.agenda(db, meeting=meeting)],
        documents=[_out(row, settings.base_url) for row in found],
        votes=votes,
    )


@router.get("/p/meetings/{meeting_id}/votes.csv")
def public_votes_csv(meeting_id: DbInt, db: DbSession) -> Response:
    """The closed meeting's vote results as CSV (named ballots included, secret ones not)."""
    meeting = policy.public_meeting(db, meeting_id)
    table = exports.votes_table(db, policy.public_votes(db, meeting))
    return Response(
        exports.to_csv(table),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="bieu-quyet-{meeting.id}.csv"'},
    )

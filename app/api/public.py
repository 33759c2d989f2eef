"""What needs no account: a convened meeting's programme and its public documents, reached
through the meeting's public QR code (guests and press in the hall)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.access import qr
from app.api import files
from app.api.deps import AppSettings, Store
from app.api.office import render
from app.db import DbSession
from app.documents import service as documents
from app.meetings import service as meetings
from app.security import policy

router = APIRouter(include_in_schema=False)


def public_meeting_url(base_url: str, meeting_id: int) -> str:
    return f"{base_url.rstrip('/')}/p/meetings/{meeting_id}"


@router.get("/p/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting_page(request: Request, meeting_id: int, db: DbSession) -> Response:
    meeting = policy.public_meeting(db, meeting_id)
    return render(
        request,
        "public/meeting.html",
        actor=None,
        meeting=meeting,
        agenda=meetings.agenda(db, meeting=meeting),
        docs=documents.list_documents(db, actor=None, meeting=meeting),
    )


@router.get("/p/documents/{document_id}/content")
def document_content(request: Request, document_id: int, db: DbSession, store: Store) -> Response:
    """Public documents byte-exact, with ranges; no account, so nothing to log per reader."""
    document = policy.public_document(db, document_id)
    return files.serve(request, store, documents.public_content(db, document=document))


@router.get("/p/meetings/{meeting_id}/qr.svg")
def meeting_qr(meeting_id: int, db: DbSession, settings: AppSettings) -> Response:
    """The meeting's public QR code, to print on the hall's doors and press tables."""
    meeting = policy.public_meeting(db, meeting_id)
    return Response(
        qr.svg(public_meeting_url(settings.base_url, meeting.id)), media_type="image/svg+xml"
    )

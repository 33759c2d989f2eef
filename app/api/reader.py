"""The delegate's reader: mobile-first pages for meetings and their documents."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from app.api.office import render
from app.db import DbSession
from app.documents import service as documents
from app.meetings import service as meetings
from app.security import policy
from app.security.auth import CurrentActor

router = APIRouter(include_in_schema=False)
SERVICE_WORKER = Path(__file__).resolve().parents[2] / "web" / "static" / "reader" / "sw.js"


@router.get("/reader/sw.js")
def service_worker() -> FileResponse:
    """Served from /reader/ so that its scope covers the reader pages."""
    return FileResponse(
        SERVICE_WORKER, media_type="text/javascript", headers={"Cache-Control": "no-cache"}
    )


@router.get("/reader", response_class=HTMLResponse)
def home(request: Request, actor: CurrentActor, db: DbSession) -> Response:
    council = policy.home_council(actor)
    found = meetings.list_meetings(db, actor=actor, council_id=council) if council else []
    return render(request, "reader/home.html", meetings=found)


@router.get("/reader/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting(request: Request, meeting_id: int, actor: CurrentActor, db: DbSession) -> Response:
    found = policy.meeting_for_read(db, actor, meeting_id)
    agenda = meetings.agenda(db, meeting=found)
    views = documents.list_documents(db, actor=actor, meeting=found)
    # What "download for offline" fetches: the agenda, and each document's page and bytes.
    packet = [f"/reader/meetings/{found.id}"] + [
        url
        for v in views
        for url in (f"/reader/documents/{v.document.id}", f"/api/documents/{v.document.id}/content")
    ]
    return render(
        request,
        "reader/meeting.html",
        meeting=found,
        agenda=agenda,
        packet_urls=packet,
        by_item={
            item.id: [v for v in views if v.document.agenda_item_id == item.id] for item in agenda
        },
        loose=[v for v in views if v.document.agenda_item_id is None],
        papers=documents.paper_documents(db, meeting=found),
        show_paper_titles=policy.can_see_paper_titles(actor, found),
    )


@router.get("/reader/documents/{document_id}", response_class=HTMLResponse)
def viewer(request: Request, document_id: int, actor: CurrentActor, db: DbSession) -> Response:
    document = policy.document_for_read(db, actor, document_id)
    version = documents.version_of(db, actor=actor, document=document, number=None)
    return render(request, "reader/viewer.html", document=document, version=version)

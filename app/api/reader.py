"""The delegate's reader: mobile-first pages for meetings and their documents."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.api.office import render
from app.db import DbSession
from app.documents import service as documents
from app.meetings import service as meetings
from app.security import policy
from app.security.auth import CurrentActor

router = APIRouter(include_in_schema=False)


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
    return render(
        request,
        "reader/meeting.html",
        meeting=found,
        agenda=agenda,
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

"""Oversight pages: the office's supervision programme and each supervision (laptop or
tablet), the follow-up page with the board of what is overdue and the resolutions' tasks; on
the portal, the published supervisions and a resolution's progress (a phone first)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from app.db import DbInt, DbSession
from app.directory.models import Body
from app.documents import portal
from app.errors import NotFound
from app.oversight import service as oversight
from app.oversight.models import SupervisionKind
from app.petitions import service as petitions
from app.security import policy
from app.security.auth import CurrentActor
from app.signing.service import verification_url
from app.web.render import render

router = APIRouter(include_in_schema=False)
Year = Annotated[int | None, Query(ge=2000, le=2100)]


@router.get("/office/councils/{council_id}/supervisions", response_class=HTMLResponse)
def programme(
    request: Request, council_id: DbInt, actor: CurrentActor, db: DbSession, year: Year = None
) -> Response:
    """The year's supervision programme of the council and its bodies, and a new supervision."""
    council = policy.council_for_oversight(db, actor, council_id)
    today = oversight.today()
    shown = year or today.year
    return render(
        request,
        "oversight/programme.html",
        council=council,
        year=shown,
        supervisions=oversight.describe(
            db, oversight.supervisions_of(db, council.id, year=shown), today
        ),
        kinds=list(SupervisionKind),
        people=policy.delegates_in_office(db, council.id),
        bodies=db.scalars(
            policy.visible_bodies(actor, select(Body).where(Body.council_id == council.id))
        ).all(),
        agencies=petitions.agencies(db, council.id),
    )


@router.get("/office/supervisions/{supervision_id}", response_class=HTMLResponse)
def supervision_page(
    request: Request, supervision_id: DbInt, actor: CurrentActor, db: DbSession
) -> Response:
    """One supervision: its plan, conclusion, publication and recommendations with reports."""
    supervision = policy.supervision_for_office(db, actor, supervision_id)
    return render(
        request,
        "oversight/supervision.html",
        s=oversight.describe(db, [supervision], oversight.today())[0],
        agencies=petitions.agencies(db, supervision.council_id),
    )


@router.get("/office/councils/{council_id}/follow-up", response_class=HTMLResponse)
def follow_up(request: Request, council_id: DbInt, actor: CurrentActor, db: DbSession) -> Response:
    """The Standing Committee's board of everything overdue, and each issued resolution's
    tasks with the agencies' reports."""
    council = policy.council_for_oversight(db, actor, council_id)
    today = oversight.today()
    resolutions = oversight.issued_resolutions(db, actor, council.id)
    return render(
        request,
        "oversight/follow_up.html",
        council=council,
        overdue=oversight.overdue_board(db, council.id, today),
        resolutions=resolutions,
        tasks=oversight.tasks_of(db, [d.id for d in resolutions], today),
        agencies=petitions.agencies(db, council.id),
    )


@router.get("/p/councils/{council_id}/supervisions", response_class=HTMLResponse)
def public_supervisions(
    request: Request,
    council_id: DbInt,
    db: DbSession,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The council's published supervisions: plans, conclusions, each recommendation's
    progress; a search that ignores diacritics."""
    council = policy.public_council(db, council_id)
    found = oversight.supervisions_of(db, council.id, published_only=True, q=q)
    return render(
        request,
        "public/supervisions.html",
        actor=None,
        council=council,
        q=q,
        supervisions=oversight.describe(db, found, oversight.today(), sessions=False),
    )


@router.get("/p/documents/{document_id}", response_class=HTMLResponse)
def public_document(request: Request, document_id: DbInt, db: DbSession) -> Response:
    """A published document's page: read it, verify it, and for an issued resolution the
    progress of its tasks."""
    found = portal.find(db, policy.public_documents, portal.Filters(document_id=document_id))
    if not found:
        raise NotFound()
    document = found[0]
    return render(
        request,
        "public/document.html",
        actor=None,
        d=document,
        council=policy.public_council(db, document.council_id),
        tasks=oversight.tasks_of(db, [document.id], oversight.today())[document.id],
        verification_url=verification_url,
    )

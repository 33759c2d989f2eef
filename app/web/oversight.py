"""Oversight pages: the office's supervision programme and each supervision (laptop or
tablet), the follow-up page with the board of what is overdue and the resolutions' tasks; on
the portal, the published supervisions and a resolution's progress (a phone first)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select

from app.api.deps import AppSettings, Limiter
from app.db import DbInt, DbSession, rollback, writes_on_get
from app.directory.models import Body, Council
from app.documents import portal
from app.errors import DomainError
from app.notify import senders as notify_senders
from app.oversight import agencies
from app.oversight import service as oversight
from app.oversight.models import SupervisionKind
from app.oversight.schemas import ReportIn
from app.petitions import service as petitions
from app.petitions.models import Agency
from app.security import policy
from app.security.auth import CurrentActor, Meta
from app.signing.service import verification_url
from app.web.render import form_error, render

router = APIRouter(include_in_schema=False)
Year = Annotated[int | None, Query(ge=2000, le=2100)]


@router.get("/office/councils/{council_id}/supervisions", response_class=HTMLResponse)
def programme(
    request: Request,
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    year: Year = None,
    body: Annotated[str, Query(max_length=12)] = "",
) -> Response:
    """The year's supervision programme of the council and its bodies (or of one of them),
    and a new supervision."""
    council = policy.council_for_oversight(db, actor, council_id)
    today = oversight.today()
    shown = year or today.year
    body_id = int(body) if body.isdigit() else None
    return render(
        request,
        "oversight/programme.html",
        council=council,
        year=shown,
        supervisions=oversight.describe(
            db, oversight.supervisions_of(db, council.id, year=shown, body_id=body_id), today
        ),
        body_id=body_id,
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


def _register(
    request: Request,
    db: DbSession,
    council_id: int,
    status_code: int = 200,
    issued: str = "",
    issued_for: int | None = None,
) -> Response:
    return render(
        request,
        "oversight/agencies.html",
        status_code,
        council=db.get_one(Council, council_id),
        agencies=agencies.register(db, council_id),
        issued=issued,
        issued_for=issued_for,
    )


@router.get("/office/councils/{council_id}/agencies", response_class=HTMLResponse)
def agency_register(
    request: Request, council_id: DbInt, actor: CurrentActor, db: DbSession
) -> Response:
    """The agencies: their contacts for reminders, and their own links to report through."""
    council = policy.council_for_oversight(db, actor, council_id)
    return _register(request, db, council.id)


@router.post("/office/agencies/{agency_id}/link", response_class=HTMLResponse)
def issue_agency_link(
    request: Request,
    agency_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    settings: AppSettings,
) -> Response:
    """A new link, shown here once (and e-mailed to the agency's contact)."""
    agency = policy.agency_for_office(db, actor, agency_id)
    url = agencies.issue_link(
        db,
        actor=actor,
        agency=agency,
        base_url=settings.base_url,
        channels=notify_senders.configured(settings),
        meta=meta,
    )
    return _register(request, db, agency.council_id, issued=url, issued_for=agency.id)


def _agency_page(
    request: Request,
    db: DbSession,
    agency: Agency,
    token: str,
    status_code: int = 200,
    error: str = "",
) -> Response:
    return render(
        request,
        "public/agency.html",
        status_code,
        actor=None,
        agency=agency,
        council=db.get_one(Council, agency.council_id),
        items=agencies.asked_of(db, agency, oversight.today()),
        token=token,
        error=error,
    )


@router.get("/p/agency/{token}", response_class=HTMLResponse)
@writes_on_get  # the link's last use
def agency_page(
    request: Request, token: str, db: DbSession, meta: Meta, limiter: Limiter, settings: AppSettings
) -> Response:
    """What the agency was asked to do and has not finished, each with a report form: on a
    phone, no account."""
    agency = agencies.agency_for_link(
        db, token=token, meta=meta, limiter=limiter, max_failures=settings.link_max_failures
    )
    return _agency_page(request, db, agency, token)


@router.post("/p/agency/{token}/follow-ups/{item_id}", response_class=HTMLResponse)
async def agency_report(
    request: Request,
    token: str,
    item_id: DbInt,
    db: DbSession,
    meta: Meta,
    limiter: Limiter,
    settings: AppSettings,
) -> Response:
    fields = await request.form()
    agency = agencies.agency_for_link(
        db, token=token, meta=meta, limiter=limiter, max_failures=settings.link_max_failures
    )
    item = policy.follow_up_of_agency(db, agency, item_id)
    try:
        data = ReportIn(
            content=str(fields.get("content", "")), status=str(fields.get("status", ""))
        )
        oversight.report(db, actor=None, item=item, data=data, meta=meta)
    except (ValidationError, DomainError) as error:
        rollback(db)
        message, status, _details = form_error(error)
        return _agency_page(request, db, agency, token, status, message)
    return RedirectResponse(f"/p/agency/{token}?ok=reported#follow-up-{item_id}", status_code=303)


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
    document = portal.find_one(db, policy.public_documents, document_id)
    return render(
        request,
        "public/document.html",
        actor=None,
        d=document,
        council=policy.public_council(db, document.council_id),
        tasks=oversight.tasks_of(db, [document.id], oversight.today())[document.id],
        verification_url=verification_url,
    )

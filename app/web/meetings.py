"""Office pages for meetings and their packets."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from app.api.deps import UPLOAD_LIMIT, AppSettings, Store
from app.db import Database, Db, DbInt, DbSession
from app.directory import service as directory
from app.documents import intake, reading
from app.documents import service as documents
from app.documents.models import Classification, DocumentType, SecretLevel
from app.documents.schemas import PaperDocumentCreate, PaperDocumentUpdate
from app.errors import DomainError, InvalidInput
from app.floor import votes as voting
from app.i18n import VIETNAM_TZ
from app.jobs import service as jobs
from app.meetings import convening
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.meetings.schemas import AgendaItemCreate, MeetingCreate
from app.meetings.service import NEXT_STATUS
from app.notify import service as notify
from app.security import policy
from app.security.actor import Actor
from app.security.auth import CurrentActor, Meta, ShortActor
from app.signing import service as signing
from app.web.floor import screen_url
from app.web.office import council_page
from app.web.render import attempt, attempt_alone, done, render

router = APIRouter(include_in_schema=False)


def _local(value: str) -> datetime:
    """A `datetime-local` form value is Vietnamese wall-clock time."""
    try:
        return datetime.fromisoformat(value).replace(tzinfo=VIETNAM_TZ)
    except ValueError as exc:  # typed by hand where the browser has no date picker
        raise InvalidInput(details=[{"field": "starts_at", "message": str(exc)}]) from exc


def render_meeting(
    request: Request,
    db: DbSession,
    actor: CurrentActor,
    meeting_id: DbInt,
    status_code: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    council = policy.council_for_read(db, actor, meeting.council_id)
    agenda = meetings.agenda(db, meeting=meeting)
    views = reading.list_documents(db, actor=actor, meeting=meeting)
    staff = policy.can_see_read_status(actor, meeting)
    invitees = meetings.invitees(db, meeting=meeting) if staff else []
    base_url = request.app.state.settings.base_url
    return render(
        request,
        "meeting.html",
        status_code,
        meeting=meeting,
        council=council,
        term=meetings.term_name(db, meeting),
        agenda=agenda,
        packet=reading.by_agenda(views, agenda),
        papers=documents.paper_documents(db, meeting=meeting),
        show_paper_titles=policy.can_see_paper_titles(actor, meeting),
        can_manage=policy.can_manage_meetings(actor, meeting.council_id),
        can_run_floor=policy.can_run_floor(actor, meeting),
        delivery=notify.counts(db, meeting),
        jobs=jobs.progress(db, [v.id for v in views]) if staff else {},
        next_status=NEXT_STATUS.get(meeting.status),
        status=reading.read_status(db, meeting=meeting, readers=invitees) if staff else None,
        issuing={d.id: d for d in signing.issuing_desk(db, actor, meeting_id=meeting.id)},
        voted_down=voting.decided_against(db, [v.id for v in views]),
        verify_url=lambda code: signing.verification_url(base_url, code),
        screen_url=screen_url(base_url, request.app.state.settings.secret_key, meeting.id)
        if policy.can_run_floor(actor, meeting)
        else None,
        people=directory.list_users(db, actor=actor, council_id=meeting.council_id),
        bodies=directory.list_bodies(db, actor=actor, council_id=meeting.council_id),
        Classification=Classification,
        DocumentType=DocumentType,
        SecretLevel=SecretLevel,
        error=error,
    )


@router.post("/office/councils/{council_id}/meetings", response_class=HTMLResponse)
def create_meeting(
    request: Request,
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    kind: Annotated[str, Form()],
    title: Annotated[str, Form()],
    starts_at: Annotated[str, Form()],
    location: Annotated[str, Form()] = "",
    body_id: Annotated[str, Form()] = "",
    term_id: Annotated[str, Form()] = "",
    number: Annotated[str, Form()] = "",
) -> Response:
    def action() -> Meeting:
        council = policy.council_for_write(db, actor, council_id)
        # the schema parses the form's strings: a bad value is the page's 422, never a 500
        data = MeetingCreate.model_validate(
            {
                "council_id": council.id,
                "kind": kind,
                "title": title,
                "starts_at": _local(starts_at),
                "location": location,
                "body_id": body_id or None,
                "term_id": term_id or None,
                "number": number or None,
            }
        )
        return meetings.create_meeting(db, actor=actor, council=council, data=data, meta=meta)

    meeting, error = attempt(db, action)
    if error:
        return council_page(request, db, actor, council_id, error[1], error=error[0])
    return done(f"/office/meetings/{meeting.id}", "meeting_created")


@router.get("/office/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting_page(
    request: Request, meeting_id: DbInt, actor: CurrentActor, db: DbSession
) -> Response:
    return render_meeting(request, db, actor, meeting_id)


def _form_action(
    request: Request,
    db: DbSession,
    actor: CurrentActor,
    meeting_id: DbInt,
    ok: str,
    action: Any,
) -> Response:
    _, error = attempt(db, action)
    if error:
        return render_meeting(request, db, actor, meeting_id, error[1], error[0])
    return done(f"/office/meetings/{meeting_id}", ok)


def slow_action(
    request: Request,
    database: Database,
    actor: Actor,
    meeting_id: int,
    ok: str,
    action: Callable[[], object],
) -> Response:
    """A form's action that waits on slow work in short scopes of its own (numbering,
    signing): on refusal the meeting page again, with the message."""
    error = attempt_alone(action)
    if error:
        return database.read(
            lambda db: render_meeting(request, db, actor, meeting_id, error[1], error[0])
        )
    return done(f"/office/meetings/{meeting_id}", ok)


@router.post("/office/meetings/{meeting_id}/status", response_class=HTMLResponse)
def advance_status(
    request: Request,
    meeting_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    settings: AppSettings,
    status: Annotated[str, Form()],
) -> Response:
    def action() -> object:
        meeting = policy.meeting_for_write(db, actor, meeting_id)
        wanted = NEXT_STATUS.get(meeting.status)
        return convening.advance(
            db,
            actor=actor,
            meeting=meeting,
            meta=meta,
            settings=settings,
            status=wanted if wanted is not None and wanted.value == status else meeting.status,
        )

    return _form_action(request, db, actor, meeting_id, "status_changed", action)


@router.post("/office/meetings/{meeting_id}/agenda", response_class=HTMLResponse)
def add_agenda_item(
    request: Request,
    meeting_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    title: Annotated[str, Form()],
    presenter: Annotated[str, Form()] = "",
    planned_minutes: Annotated[str, Form()] = "",
) -> Response:
    def action() -> object:
        meeting = policy.meeting_for_write(db, actor, meeting_id)
        data = AgendaItemCreate.model_validate(
            {"title": title, "presenter": presenter, "planned_minutes": planned_minutes or None}
        )
        return meetings.add_agenda_item(db, actor=actor, meeting=meeting, data=data, meta=meta)

    return _form_action(request, db, actor, meeting_id, "agenda_added", action)


@router.post("/office/meetings/{meeting_id}/guests", response_class=HTMLResponse)
def add_guest(
    request: Request,
    meeting_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    user_id: Annotated[int, Form()],
) -> Response:
    def action() -> None:
        meeting = policy.meeting_for_write(db, actor, meeting_id)
        user = policy.user_for_read(db, actor, user_id)
        meetings.add_guest(db, actor=actor, meeting=meeting, user=user, meta=meta)

    return _form_action(request, db, actor, meeting_id, "guest_added", action)


@router.post("/office/meetings/{meeting_id}/paper-documents", response_class=HTMLResponse)
def register_paper(
    request: Request,
    meeting_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    title: Annotated[str, Form()],
    secrecy: Annotated[str, Form()],
    copies: Annotated[str, Form()],
    recipients: Annotated[str, Form()] = "",
    agenda_item_id: Annotated[str, Form()] = "",
) -> Response:
    def action() -> object:
        meeting = policy.meeting_for_write(db, actor, meeting_id)
        data = PaperDocumentCreate.model_validate(
            {
                "title": title,
                "secrecy": secrecy,
                "copies": copies,
                "recipients": recipients,
                "agenda_item_id": agenda_item_id or None,
            }
        )
        return documents.add_paper_document(db, actor=actor, meeting=meeting, data=data, meta=meta)

    return _form_action(request, db, actor, meeting_id, "paper_registered", action)


@router.post("/office/paper-documents/{entry_id}/returned")
def mark_paper_returned(
    entry_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    returned: Annotated[str, Form()] = "",
) -> RedirectResponse:
    entry = policy.paper_document_for_write(db, actor, entry_id)
    documents.update_paper_document(
        db, actor=actor, entry=entry, meta=meta, data=PaperDocumentUpdate(returned=bool(returned))
    )
    return done(f"/office/meetings/{entry.meeting_id}", "paper_updated")


async def _upload_page(
    request: Request,
    database: Database,
    actor: Actor,
    meeting_id: int,
    upload: Awaitable[object],
) -> Response:
    try:
        await upload
    except DomainError as refused:
        status, message = refused.status, refused.message()
        return await run_in_threadpool(
            database.read,
            lambda db: render_meeting(request, db, actor, meeting_id, status, message),
        )
    return done(f"/office/meetings/{meeting_id}", "document_uploaded")


@router.post(
    "/office/meetings/{meeting_id}/documents",
    response_class=HTMLResponse,
    dependencies=[UPLOAD_LIMIT],
)
async def upload_document(
    request: Request,
    meeting_id: DbInt,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> Response:
    """The no-JavaScript path of the upload form (the page's script posts to the API)."""
    upload = intake.accept_document(
        database,
        store,
        settings,
        actor=actor,
        meeting_id=meeting_id,
        content_type=request.headers.get("content-type", ""),
        body=request.stream(),
        meta=meta,
    )
    return await _upload_page(request, database, actor, meeting_id, upload)


@router.post(
    "/office/documents/{document_id}/versions",
    response_class=HTMLResponse,
    dependencies=[UPLOAD_LIMIT],
)
async def replace_document(
    request: Request,
    document_id: DbInt,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> Response:
    document = await run_in_threadpool(
        database.read, lambda db: policy.document_for_write(db, actor, document_id)
    )
    upload = intake.accept_version(
        database,
        store,
        settings,
        actor=actor,
        document_id=document_id,
        content_type=request.headers.get("content-type", ""),
        body=request.stream(),
        meta=meta,
    )
    return await _upload_page(request, database, actor, document.meeting_id, upload)


# --- issuing: number, sign, seal ------------------------------------------------------------


@router.post("/office/documents/{document_id}/number", response_class=HTMLResponse)
def number_document(
    request: Request,
    document_id: DbInt,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
    despite_vote: Annotated[bool, Form()] = False,
) -> Response:
    """Page 1 is stamped with the number holding no connection (see signing.number_document)."""
    document = database.read(lambda db: policy.document_for_issuing(db, actor, document_id))
    return slow_action(
        request,
        database,
        actor,
        document.meeting_id,
        "document_numbered",
        lambda: signing.number_document(
            database,
            store,
            actor=actor,
            document_id=document_id,
            base_url=settings.base_url,
            meta=meta,
            tmp_dir=settings.tmp_dir,
            despite_vote=despite_vote,
        ),
    )


@router.post("/office/documents/{document_id}/publish", response_class=HTMLResponse)
def publish(
    request: Request, document_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta
) -> Response:
    return _publishing(request, db, actor, meta, document_id, "publish")


@router.post("/office/documents/{document_id}/unpublish", response_class=HTMLResponse)
def unpublish(
    request: Request, document_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta
) -> Response:
    return _publishing(request, db, actor, meta, document_id, "unpublish")


def _publishing(
    request: Request,
    db: DbSession,
    actor: CurrentActor,
    meta: Meta,
    document_id: DbInt,
    switch: Literal["publish", "unpublish"],
) -> Response:
    """The portal switch on each public document of the meeting page."""
    if switch == "publish":
        document = policy.document_for_publishing(db, actor, document_id)
        action, ok = documents.publish, "document_published"
    else:
        document = policy.document_for_write(db, actor, document_id)
        action, ok = documents.unpublish, "document_unpublished"
    return _form_action(
        request,
        db,
        actor,
        document.meeting_id,
        ok,
        lambda: action(db, actor=actor, document=document, meta=meta),
    )

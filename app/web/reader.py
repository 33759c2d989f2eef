"""The delegate's reader: mobile-first pages for meetings and their documents."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from app.access import service as links
from app.access.errors import LinkPinLockedNow
from app.api.deps import AppSettings, Limiter
from app.db import Db, DbInt, DbSession, rollback
from app.directory.models import User
from app.documents import reading
from app.documents import service as documents
from app.errors import DomainError
from app.floor import service as floor
from app.i18n import t
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.notify import senders
from app.notify import service as notify
from app.opinions import service as opinions
from app.petitions import service as petitions
from app.review import drafting
from app.review import service as review
from app.review.schemas import DraftOut
from app.security import policy
from app.security.auth import CurrentActor, Meta, PendingDevice, ShortActor
from app.web import STATIC_DIR
from app.web.floor import floor_texts
from app.web.render import render, safe_next

router = APIRouter(include_in_schema=False)
PIN_ATTEMPTS = 5
SERVICE_WORKER = STATIC_DIR / "reader" / "sw.js"


@router.get("/reader/sw.js")
def service_worker() -> FileResponse:
    """Served from /reader/ so that its scope covers the reader pages."""
    return FileResponse(
        SERVICE_WORKER, media_type="text/javascript", headers={"Cache-Control": "no-cache"}
    )


def pin_url(request: Request) -> str:
    return "/reader/pin?" + urlencode({"next": request.url.path})


@router.get("/reader", response_class=HTMLResponse)
def home(request: Request, actor: CurrentActor, db: DbSession, settings: AppSettings) -> Response:
    council = policy.home_council(actor)
    found = meetings.list_meetings(db, actor=actor, council_id=council) if council else []
    constituency = petitions.views(
        db, petitions.of_constituencies(db, policy.constituencies(db, actor))
    )
    return render(
        request,
        "reader/home.html",
        meetings=found,
        offer_pin=policy.can_set_pin(db, actor),
        signs=policy.signs_anything(db, actor),
        petitions=constituency,
        opinion_forms=[
            opinions.describe(db, form, actor, opinions.sealer(settings.secret_key), totals=False)
            for form in opinions.forms_for(db, actor)
        ],
    )


@router.get("/reader/pin", response_class=HTMLResponse)
def pin_page(request: Request, device: PendingDevice, next: str = "/reader") -> Response:
    return render(request, "reader/pin.html", next=safe_next(next, "/reader"))


@router.post("/reader/pin", response_class=HTMLResponse)
def enter_pin(
    request: Request,
    device: PendingDevice,
    db: DbSession,
    meta: Meta,
    limiter: Limiter,
    settings: AppSettings,
    pin: Annotated[str, Form(max_length=16)],
    next: Annotated[str, Form()] = "/reader",
) -> Response:
    try:
        links.verify_pin(
            db, session_row=device, pin=pin, meta=meta, limiter=limiter, max_failures=PIN_ATTEMPTS
        )
    except DomainError as error:
        if isinstance(error, LinkPinLockedNow):  # the link's owner learns of it
            owner = db.get_one(User, device.user_id)
            notify.link_locked(db, user=owner, channels=senders.configured(settings))
        db.commit()  # keep the count and the audit record of the failed attempt
        return render(
            request,
            "reader/pin.html",
            error.status,
            next=safe_next(next, "/reader"),
            error=error.message(),
        )
    return RedirectResponse(safe_next(next, "/reader"), status_code=303)


@router.post("/reader/pin/set", response_class=HTMLResponse)
def set_pin(
    request: Request,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    pin: Annotated[str, Form(max_length=16)],
) -> Response:
    link = policy.own_link(db, actor)
    try:
        links.set_pin(db, actor=actor, link=link, pin=pin, meta=meta)
    except DomainError as error:
        rollback(db)
        return render(
            request,
            "reader/home.html",
            error.status,
            meetings=[],
            offer_pin=True,
            error=error.message(),
        )
    return RedirectResponse("/reader?ok=pin_set", status_code=303)


@router.get("/reader/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting(request: Request, meeting_id: DbInt, actor: CurrentActor, db: DbSession) -> Response:
    found = policy.meeting_for_read(db, actor, meeting_id)
    agenda = meetings.agenda(db, meeting=found)
    views = reading.list_documents(db, actor=actor, meeting=found)
    # What "download for offline" fetches: the agenda, and each document's page and bytes.
    packet = [f"/reader/meetings/{found.id}"] + [
        url
        for v in views
        for url in (
            f"/reader/documents/{v.id}",
            # the version in the URL: a replaced document is a new URL, the old copy is dropped
            f"/api/documents/{v.id}/content?v={v.version}&reading=1",
        )
    ]
    return render(
        request,
        "reader/meeting.html",
        meeting=found,
        agenda=agenda,
        packet_urls=packet,
        packet=reading.by_agenda(views, agenda),
        papers=documents.paper_documents(db, meeting=found),
        show_paper_titles=policy.can_see_paper_titles(actor, found),
        floor=_floor_panel(db, actor, found),
    )


def _floor_panel(db: DbSession, actor: CurrentActor, meeting: Meeting) -> dict[str, Any] | None:
    """What the delegate's floor panel needs while the session can take check-ins and votes."""
    if not policy.is_voter(actor, meeting) or meeting.status not in floor.FLOOR_STATUSES:
        return None
    return {
        "checked_in": floor.is_present(db, meeting.id, actor.user_id),
        "texts": floor_texts(),
    }


@router.get("/reader/meetings/{meeting_id}/ask", response_class=HTMLResponse)
def ask_page(
    request: Request,
    meeting_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    settings: AppSettings,
    q: Annotated[str, Query(max_length=300)] = "",
) -> Response:
    """A question asked of the meeting's papers: the passages that answer it, each opening
    the reader at its page with the passage's words highlighted."""
    found = policy.meeting_for_read(db, actor, meeting_id)
    answer = review.ask(db, actor=actor, meeting_id=found.id, question=q) if q.strip() else None
    return render(
        request,
        "reader/ask.html",
        meeting=found,
        q=q,
        model=bool(settings.model_url),
        passages=answer.passages if answer else None,
    )


@router.get("/reader/meetings/{meeting_id}/answer", response_class=HTMLResponse)
def answer_page(
    request: Request,
    meeting_id: DbInt,
    actor: ShortActor,
    database: Db,
    settings: AppSettings,
    q: Annotated[str, Query(min_length=1, max_length=300)],
) -> Response:
    """An answer drafted by the province's own model server, each sentence linking to its
    page; waited on holding no database connection."""
    draft = drafting.answer(database, settings, actor=actor, meeting_id=meeting_id, question=q)
    found = database.read(lambda db: policy.meeting_for_read(db, actor, meeting_id))
    return _draft_page(request, database, actor, found.id, t("review.draft_title"), q, draft)


@router.get("/reader/documents/{document_id}/summary", response_class=HTMLResponse)
def summary_page(
    request: Request, document_id: DbInt, actor: ShortActor, database: Db, settings: AppSettings
) -> Response:
    draft = drafting.summarize(database, settings, actor=actor, document_id=document_id)
    document = database.read(lambda db: policy.document_for_read(db, actor, document_id))
    title = f"{t('review.summary_title')}: {document.title}"
    return _draft_page(request, database, actor, document.meeting_id, title, "", draft)


def _draft_page(
    request: Request,
    database: Db,
    actor: ShortActor,
    meeting_id: int,
    title: str,
    q: str,
    draft: DraftOut,
) -> Response:
    def titles(db: DbSession) -> tuple[str, dict[int, str]]:
        found = policy.meeting_for_read(db, actor, meeting_id)
        views = reading.list_documents(db, actor=actor, meeting=found)
        return found.title, {d.id: d.title for d in views}

    meeting_title, documents_titles = database.read(titles)
    return render(
        request,
        "reader/draft.html",
        meeting_id=meeting_id,
        meeting_title=meeting_title,
        title=title,
        q=q,
        draft=draft,
        titles=documents_titles,
    )


@router.get("/reader/meetings/{meeting_id}/agenda/{item_id}/review", response_class=HTMLResponse)
def review_page(
    request: Request,
    meeting_id: DbInt,
    item_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    settings: AppSettings,
) -> Response:
    """The thẩm tra view of an agenda item: what its papers state, page by page, and where
    they disagree, each with links that open the pages."""
    found = policy.meeting_for_read(db, actor, meeting_id)
    result = review.review_item(db, actor=actor, meeting_id=found.id, item_id=item_id)
    views = reading.list_documents(db, actor=actor, meeting=found)
    titles = {d.id: d.title for d in views}
    grouped: dict[str, list[Any]] = {}
    for fact in result.facts:
        grouped.setdefault(fact.kind, []).append(fact)
    return render(
        request,
        "reader/review.html",
        meeting=found,
        item=next(i for i in meetings.agenda(db, meeting=found) if i.id == item_id),
        checks=result.checks,
        facts=grouped,
        titles=titles,
        model=bool(settings.model_url),
        item_documents=[(d.id, d.title) for d in views if d.agenda_item_id == item_id],
    )


@router.get("/reader/documents/{document_id}", response_class=HTMLResponse)
def viewer(request: Request, document_id: DbInt, actor: CurrentActor, db: DbSession) -> Response:
    document = policy.document_for_read(db, actor, document_id)
    version = reading.version_of(db, actor=actor, document=document, number=None)
    found = policy.meeting_for_read(db, actor, document.meeting_id)
    return render(
        request,
        "reader/viewer.html",
        document=document,
        version=version,
        floor=_floor_panel(db, actor, found),
    )

"""Petition pages: the portal's form, the tracking page and the published answers (no
account), and the office's handling page with its statistics charts."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.api import files
from app.api.deps import PETITION_LIMIT, AppSettings, From, Limiter, Month, Store, To, Year
from app.db import DbInt, DbSession
from app.petitions import attachments, service, topics
from app.petitions.models import AttachmentKind, Field
from app.petitions.schemas import PetitionSubmit
from app.security import policy
from app.security.auth import CurrentActor, Meta
from app.web.render import attempt, render

router = APIRouter(include_in_schema=False)


def _public_page(
    request: Request,
    db: DbSession,
    council_id: DbInt,
    *,
    q: str = "",
    field: Field | None = None,
    form: dict[str, str] | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    council = policy.public_council(db, council_id)
    answered = service.public_list(db, council_id=council.id, field=field, q=q)
    return render(
        request,
        "public/petitions.html",
        status_code=status_code,
        actor=None,
        council=council,
        fields=list(Field),
        chosen_field=field.value if field else "",
        q=q,
        answered=service.views(db, answered),
        form=form or {},
        error=error,
    )


@router.get("/p/councils/{council_id}/petitions", response_class=HTMLResponse)
def public_page(
    request: Request,
    council_id: DbInt,
    db: DbSession,
    q: Annotated[str, Query(max_length=200)] = "",
    field: Field | None = None,
) -> Response:
    """The form for a voter's petition, tracking by code, and the answers already given."""
    return _public_page(request, db, council_id, q=q, field=field)


@router.post(
    "/p/councils/{council_id}/petitions", response_class=HTMLResponse, dependencies=[PETITION_LIMIT]
)
def public_submit(
    request: Request,
    council_id: DbInt,
    db: DbSession,
    meta: Meta,
    limiter: Limiter,
    store: Store,
    settings: AppSettings,
    name: Annotated[str, Form(max_length=200)] = "",
    contact: Annotated[str, Form(max_length=200)] = "",
    area: Annotated[str, Form(max_length=200)] = "",
    field: Annotated[str, Form(max_length=40)] = "other",
    content: Annotated[str, Form(max_length=5000)] = "",
    website: Annotated[str, Form(max_length=200)] = "",
    attachment: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """The form without JavaScript: on success the tracking page, else the form again with
    what was typed and the reason."""
    typed = {"name": name, "contact": contact, "area": area, "field": field, "content": content}

    def submit() -> str:
        data = PetitionSubmit.model_validate(
            {**typed, "council_id": council_id, "website": website}
        )
        if attachment is None or not attachment.filename:
            return service.submit_public(db, limiter, meta.ip, data).tracking_code
        # the file is checked and stored before the request's transaction begins (nothing
        # has touched the database yet), so no lock waits on its inspection
        with (
            files.spooled(attachment, settings.tmp_dir, attachments.MAX_BYTES) as path,
            attachments.checked(store, path, attachment.filename) as checked,
        ):
            petition = service.submit_public(db, limiter, meta.ip, data)
            attachments.attach(
                db, store, petition=petition, kind=AttachmentKind.evidence, file=checked
            )
            return petition.tracking_code

    code, failed = attempt(db, submit)
    if failed:
        message, status, _ = failed
        return _public_page(request, db, council_id, form=typed, error=message, status_code=status)
    return RedirectResponse(f"/p/petitions/{code}?new=1", status_code=303)


@router.get("/p/petitions", response_class=HTMLResponse)
def track_form(code: Annotated[str, Query(min_length=1, max_length=20)]) -> Response:
    return RedirectResponse(f"/p/petitions/{code.strip().upper()}", status_code=303)


@router.get("/p/petitions/{tracking_code}", response_class=HTMLResponse)
def tracking_page(
    request: Request, tracking_code: str, db: DbSession, new: bool = False
) -> Response:
    """One petition's status and answer, for whoever holds its code."""
    petition = policy.petition_by_code(db, tracking_code)
    return render(
        request,
        "public/petition.html",
        actor=None,
        petition=service.views(db, [petition])[0],
        new=new,
    )


@router.get("/office/councils/{council_id}/petitions", response_class=HTMLResponse)
def office_page(
    request: Request,
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    year: Year | None = None,
    month: Month = None,
) -> Response:
    """Every petition with its petitioner, assignment, answer and due date; agencies; the
    statistics of a year or a month as a table, charts and CSV."""
    council = policy.council_for_petitions(db, actor, council_id)
    today = service.today()
    year = year or today.year
    rows = service.staff_views(db, service.staff_list(db, council_id=council.id), today)
    codes = {row.id: row.tracking_code for row in rows}
    return render(
        request,
        "petitions.html",
        council=council,
        petitions=rows,
        codes=codes,
        fields=list(Field),
        agencies=service.agencies(db, council.id),
        overdue=sum(1 for row in rows if row.overdue),
        year=year,
        month=month,
        stats=service.stats(db, council_id=council.id, year=year, month=month, on=today),
    )


TOPICS = "/office/councils/{council_id}/petition-topics"


@router.get(TOPICS, response_class=HTMLResponse)
def topics_page(
    request: Request,
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    since: From = None,
    until: To = None,
) -> Response:
    """The period's petitions by topic, for the tổng hợp kiến nghị: group, rename, merge and
    move."""
    council = policy.council_for_petitions(db, actor, council_id)
    today = service.today()
    start, end = topics.period(since, until)
    found = topics.listed(db, council_id=council.id, since=start, until=end)
    petitions = {
        p.id: p
        for p in service.staff_views(db, service.staff_list(db, council_id=council.id), today)
    }
    return render(
        request,
        "petition_topics.html",
        council=council,
        since=start,
        until=end,
        topics=found,
        petitions=petitions,
    )


def _back(council_id: int, since: date, until: date, ok: str) -> Response:
    query = f"from={since.isoformat()}&to={until.isoformat()}"
    return RedirectResponse(f"{TOPICS.format(council_id=council_id)}?{query}&ok={ok}", 303)


@router.post(f"{TOPICS}/group", response_class=HTMLResponse)
def group_topics(
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    since: Annotated[date, Form(alias="from")],
    until: Annotated[date, Form(alias="to")],
) -> Response:
    council = policy.council_for_petitions(db, actor, council_id)
    topics.group(db, actor=actor, council_id=council.id, since=since, until=until, meta=meta)
    return _back(council.id, since, until, "topics_grouped")


@router.post("/office/petition-topics/{topic_id}", response_class=HTMLResponse)
def change_topic(
    topic_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    since: Annotated[date, Form(alias="from")],
    until: Annotated[date, Form(alias="to")],
    name: Annotated[str, Form(max_length=200)] = "",
    into_id: Annotated[DbInt | None, Form()] = None,
) -> Response:
    """Rename (a name given) or merge into another topic (`into_id`)."""
    topic = policy.topic_for_handling(db, actor, topic_id)
    council_id = topic.council_id
    if into_id is not None:
        into = policy.topic_for_handling(db, actor, into_id)
        topics.merge(db, actor=actor, topic=topic, into=into, meta=meta)
    elif name.strip():
        topics.rename(db, actor=actor, topic=topic, name=name.strip(), meta=meta)
    return _back(council_id, since, until, "topic_changed")


@router.post("/office/petitions/{petition_id}/topic", response_class=HTMLResponse)
def move_petition(
    petition_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    since: Annotated[date, Form(alias="from")],
    until: Annotated[date, Form(alias="to")],
    topic_id: Annotated[DbInt, Form()],
) -> Response:
    petition = policy.petition_for_handling(db, actor, petition_id)
    topic = policy.topic_for_handling(db, actor, topic_id)
    topics.move(db, actor=actor, petition=petition, topic=topic, meta=meta)
    return _back(petition.council_id, since, until, "topic_changed")

"""Supervisions and follow-up: the office's supervisions with their conclusions and
recommendations, an issued resolution's tasks, the agencies' reports, the board of what is
overdue, and the published supervisions for anyone."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import AppSettings
from app.db import DbInt, DbSession
from app.notify import senders as notify_senders
from app.oversight import agencies
from app.oversight import service as oversight
from app.oversight.models import FollowUpKind
from app.oversight.schemas import (
    AgencyOut,
    AgencyUpdate,
    ConclusionIn,
    Created,
    FollowUpCreate,
    FollowUpOut,
    LinkOut,
    OverdueRow,
    ReportIn,
    SessionIn,
    SupervisionCreate,
    SupervisionOut,
)
from app.security import policy
from app.security.auth import CurrentActor, Meta

router = APIRouter(tags=["oversight"])
Year = Annotated[int | None, Query(ge=2000, le=2100)]


@router.post("/api/councils/{council_id}/supervisions", response_model=Created, status_code=201)
def create_supervision(
    council_id: DbInt, data: SupervisionCreate, actor: CurrentActor, db: DbSession, meta: Meta
) -> Created:
    council = policy.council_for_oversight(db, actor, council_id)
    supervision = oversight.create(db, actor=actor, council=council, data=data, meta=meta)
    return Created(id=supervision.id)


@router.get("/api/councils/{council_id}/supervisions", response_model=list[SupervisionOut])
def supervisions(
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    year: Year = None,
    body_id: DbInt | None = None,
) -> list[SupervisionOut]:
    """The council's supervision programme (of one year, of one body), with each one's
    recommendations."""
    council = policy.council_for_oversight(db, actor, council_id)
    found = oversight.supervisions_of(db, council.id, year=year, body_id=body_id)
    return oversight.describe(db, found, oversight.today())


def _one(db: DbSession, supervision_id: int, actor: CurrentActor) -> SupervisionOut:
    supervision = policy.supervision_for_office(db, actor, supervision_id)
    return oversight.describe(db, [supervision], oversight.today())[0]


@router.get("/api/supervisions/{supervision_id}", response_model=SupervisionOut)
def supervision(supervision_id: DbInt, actor: CurrentActor, db: DbSession) -> SupervisionOut:
    return _one(db, supervision_id, actor)


@router.post("/api/supervisions/{supervision_id}/conclusion", response_model=SupervisionOut)
def conclude(
    supervision_id: DbInt, data: ConclusionIn, actor: CurrentActor, db: DbSession, meta: Meta
) -> SupervisionOut:
    """The conclusion (báo cáo kết quả giám sát); recorded again, it replaces the text."""
    supervision = policy.supervision_for_office(db, actor, supervision_id)
    oversight.conclude(db, actor=actor, supervision=supervision, data=data, meta=meta)
    return _one(db, supervision_id, actor)


@router.post("/api/supervisions/{supervision_id}/publish", response_model=SupervisionOut)
def publish(
    supervision_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta
) -> SupervisionOut:
    supervision = policy.supervision_for_office(db, actor, supervision_id)
    oversight.set_published(db, actor=actor, supervision=supervision, published=True, meta=meta)
    return _one(db, supervision_id, actor)


@router.post("/api/supervisions/{supervision_id}/unpublish", response_model=SupervisionOut)
def unpublish(
    supervision_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta
) -> SupervisionOut:
    supervision = policy.supervision_for_office(db, actor, supervision_id)
    oversight.set_published(db, actor=actor, supervision=supervision, published=False, meta=meta)
    return _one(db, supervision_id, actor)


@router.post("/api/supervisions/{supervision_id}/sessions", response_model=Created, status_code=201)
def add_session(
    supervision_id: DbInt, data: SessionIn, actor: CurrentActor, db: DbSession, meta: Meta
) -> Created:
    """A working session: a meeting of the running body, its team invited; its id is the
    meeting's, where the office files the supervision's documents."""
    supervision = policy.supervision_for_office(db, actor, supervision_id)
    meeting = oversight.add_session(db, actor=actor, supervision=supervision, data=data, meta=meta)
    return Created(id=meeting.id)


@router.post(
    "/api/supervisions/{supervision_id}/recommendations", response_model=Created, status_code=201
)
def recommend(
    supervision_id: DbInt, data: FollowUpCreate, actor: CurrentActor, db: DbSession, meta: Meta
) -> Created:
    """A recommendation after the supervision (kiến nghị sau giám sát), to an agency by a date."""
    return _ask(FollowUpKind.recommendation, supervision_id, data, actor, db, meta)


@router.post("/api/supervisions/{supervision_id}/requests", response_model=Created, status_code=201)
def request_of_agency(
    supervision_id: DbInt, data: FollowUpCreate, actor: CurrentActor, db: DbSession, meta: Meta
) -> Created:
    """What the plan asks an agency to provide (its report, documents) by a date."""
    return _ask(FollowUpKind.request, supervision_id, data, actor, db, meta)


def _ask(
    kind: FollowUpKind,
    supervision_id: int,
    data: FollowUpCreate,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
) -> Created:
    supervision = policy.supervision_for_office(db, actor, supervision_id)
    item = oversight.ask_of_agency(
        db, actor=actor, supervision=supervision, kind=kind, data=data, meta=meta
    )
    return Created(id=item.id)


@router.post("/api/documents/{document_id}/tasks", response_model=Created, status_code=201)
def add_task(
    document_id: DbInt, data: FollowUpCreate, actor: CurrentActor, db: DbSession, meta: Meta
) -> Created:
    """A task of an issued resolution: its article, what, the agency, the deadline."""
    resolution = policy.resolution_for_tasks(db, actor, document_id)
    item = oversight.add_task(db, actor=actor, resolution=resolution, data=data, meta=meta)
    return Created(id=item.id)


@router.get("/api/documents/{document_id}/tasks", response_model=list[FollowUpOut])
def tasks(document_id: DbInt, actor: CurrentActor, db: DbSession) -> list[FollowUpOut]:
    resolution = policy.resolution_for_tasks(db, actor, document_id)
    return oversight.tasks_of(db, [resolution.id], oversight.today())[resolution.id]


def _report(
    kind: FollowUpKind, item_id: int, data: ReportIn, actor: CurrentActor, db: DbSession, meta: Meta
) -> FollowUpOut:
    item = policy.follow_up_for_office(db, actor, item_id, kind)
    oversight.report(db, actor=actor, item=item, data=data, meta=meta)
    return oversight.follow_ups_by_id(db, [item.id], oversight.today())[0]


@router.post(
    "/api/recommendations/{recommendation_id}/reports", response_model=FollowUpOut, status_code=201
)
def report_recommendation(
    recommendation_id: DbInt, data: ReportIn, actor: CurrentActor, db: DbSession, meta: Meta
) -> FollowUpOut:
    """The agency's progress or result on a recommendation, recorded by the office."""
    return _report(FollowUpKind.recommendation, recommendation_id, data, actor, db, meta)


@router.post("/api/requests/{asked_id}/reports", response_model=FollowUpOut, status_code=201)
def report_request(
    asked_id: DbInt, data: ReportIn, actor: CurrentActor, db: DbSession, meta: Meta
) -> FollowUpOut:
    """The agency's answer to a request of the plan, recorded by the office."""
    return _report(FollowUpKind.request, asked_id, data, actor, db, meta)


@router.post("/api/tasks/{task_id}/reports", response_model=FollowUpOut, status_code=201)
def report_task(
    task_id: DbInt, data: ReportIn, actor: CurrentActor, db: DbSession, meta: Meta
) -> FollowUpOut:
    """The agency's progress or result on a resolution's task, recorded by the office."""
    return _report(FollowUpKind.task, task_id, data, actor, db, meta)


@router.get("/api/councils/{council_id}/overdue", response_model=list[OverdueRow])
def overdue(council_id: DbInt, actor: CurrentActor, db: DbSession) -> list[OverdueRow]:
    """Everything past its due date: recommendations, resolutions' tasks, petitions."""
    council = policy.council_for_oversight(db, actor, council_id)
    return oversight.overdue_board(db, council.id, oversight.today())


@router.get("/api/councils/{council_id}/agencies", response_model=list[AgencyOut])
def agency_register(council_id: DbInt, actor: CurrentActor, db: DbSession) -> list[AgencyOut]:
    """The agencies, their contacts, whether each has a working link, what each has open."""
    council = policy.council_for_oversight(db, actor, council_id)
    return agencies.register(db, council.id)


@router.patch("/api/agencies/{agency_id}", response_model=Created)
def update_agency(
    agency_id: DbInt, data: AgencyUpdate, actor: CurrentActor, db: DbSession, meta: Meta
) -> Created:
    agency = policy.agency_for_office(db, actor, agency_id)
    agencies.update_agency(db, actor=actor, agency=agency, data=data, meta=meta)
    return Created(id=agency.id)


@router.post("/api/agencies/{agency_id}/link", response_model=LinkOut, status_code=201)
def issue_agency_link(
    agency_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta, settings: AppSettings
) -> LinkOut:
    """The agency's own link to report without an account (the last one stops working),
    e-mailed to its contact; shown once."""
    agency = policy.agency_for_office(db, actor, agency_id)
    url = agencies.issue_link(
        db,
        actor=actor,
        agency=agency,
        base_url=settings.base_url,
        channels=notify_senders.configured(settings),
        meta=meta,
    )
    return LinkOut(url=url)


@router.delete("/api/agencies/{agency_id}/link", status_code=204)
def revoke_agency_link(agency_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta) -> None:
    agency = policy.agency_for_office(db, actor, agency_id)
    agencies.revoke_link(db, actor=actor, agency=agency, meta=meta)


@router.get("/api/public/supervisions", response_model=list[SupervisionOut])
def public_supervisions(
    db: DbSession,
    council_id: DbInt,
    year: Year = None,
    q: Annotated[str, Query(max_length=200)] = "",
) -> list[SupervisionOut]:
    """Published supervisions with their conclusions and each recommendation's status; `q`
    searches them without diacritics. No account needed."""
    council = policy.public_council(db, council_id)
    found = oversight.supervisions_of(db, council.id, year=year, published_only=True, q=q)
    return oversight.describe(db, found, oversight.today(), sessions=False)

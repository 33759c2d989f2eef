"""Voters' petitions: the public form and tracking, the public list of answers, and the
office's handling, overdue list and statistics."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.api import files
from app.api.deps import PETITION_LIMIT, AppSettings, From, Limiter, Month, Store, To, Year
from app.db import Db, DbInt, DbSession
from app.documents import intake
from app.documents.schemas import DocumentFields
from app.floor import exports
from app.floor.schemas import DocumentCreated
from app.i18n import t
from app.meetings.models import Meeting
from app.petitions import attachments, charts, report, service, topics
from app.petitions.models import (
    Agency,
    AttachmentKind,
    Field,
    PetitionAttachment,
    PetitionStatus,
    Source,
)
from app.petitions.schemas import (
    AgencyCreate,
    AnswerIn,
    Assign,
    AttachmentOut,
    Created,
    DuplicateIn,
    PersonIn,
    PetitionBatch,
    PetitionSubmit,
    RejectIn,
    StaffPetition,
    Stats,
    TopicGroup,
    TopicMerge,
    TopicMove,
    TopicOut,
    TopicRename,
    Tracking,
)
from app.security import policy
from app.security.auth import CurrentActor, Meta, ShortActor

router = APIRouter(tags=["petitions"])


@router.post("/api/public/petitions", response_model=Created, status_code=201)
def submit(data: PetitionSubmit, meta: Meta, db: DbSession, limiter: Limiter) -> Created:
    """A voter's petition from the portal's form; answers with the tracking code."""
    petition = service.submit_public(db, limiter, meta.ip, data)
    return Created(id=petition.id, tracking_code=petition.tracking_code)


@router.get("/api/public/petitions/{tracking_code}", response_model=Tracking)
def track(tracking_code: str, db: DbSession) -> Tracking:
    """Status and answer of one petition by its code: no account, no personal data."""
    petition = policy.petition_by_code(db, tracking_code)
    return service.views(db, [petition])[0]


@router.get("/api/public/petitions", response_model=list[Tracking])
def public_list(
    db: DbSession,
    council_id: DbInt,
    field: Field | None = None,
    area: Annotated[str, Query(max_length=200)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[DbInt, Query(ge=0)] = 0,
) -> list[Tracking]:
    """Answered petitions, without the petitioners' names or contacts."""
    council = policy.public_council(db, council_id)
    rows = service.public_list(
        db, council_id=council.id, field=field, area=area, q=q, limit=limit, offset=offset
    )
    return service.views(db, rows)


@router.post("/api/councils/{council_id}/petitions", response_model=list[Created], status_code=201)
def add_batch(
    council_id: DbInt, data: PetitionBatch, actor: CurrentActor, db: DbSession, meta: Meta
) -> list[Created]:
    """A voter-contact meeting's petitions, entered together by the office or a delegate, or
    a supervision's recommendations linked to the supervision's report."""
    council = policy.council_for_petition_intake(db, actor, council_id)
    report_id = (
        policy.supervision_report(db, actor, council, data.report_document_id)
        if data.report_document_id is not None
        else None
    )
    added = service.add_batch(
        db,
        actor=actor,
        council=council,
        entries=data.petitions,
        source=Source(data.source),
        supervision=data.supervision,
        report_document_id=report_id,
        meta=meta,
    )
    return [Created(id=p.id, tracking_code=p.tracking_code) for p in added]


@router.get("/api/councils/{council_id}/petitions", response_model=list[StaffPetition])
def staff_list(
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    status: PetitionStatus | None = None,
    overdue: bool = False,
) -> list[StaffPetition]:
    """Every petition with the petitioner's data, for the office; `overdue=true` flags those
    past their due date."""
    council = policy.council_for_petitions(db, actor, council_id)
    rows = service.staff_list(db, council_id=council.id, status=status, overdue_only=overdue)
    return service.staff_views(db, rows, service.today())


@router.post("/api/councils/{council_id}/agencies", status_code=201)
def add_agency(
    council_id: DbInt, data: AgencyCreate, actor: CurrentActor, db: DbSession
) -> dict[str, int]:
    council = policy.council_for_petitions(db, actor, council_id)
    agency: Agency = service.add_agency(db, council=council, data=data)
    return {"id": agency.id}


@router.post("/api/petitions/{petition_id}/assign", response_model=StaffPetition)
def assign(
    petition_id: DbInt, data: Assign, actor: CurrentActor, db: DbSession, meta: Meta
) -> StaffPetition:
    petition = policy.petition_for_handling(db, actor, petition_id)
    service.assign(
        db,
        actor=actor,
        petition=petition,
        agency_id=data.agency_id,
        due_date=data.due_date,
        meta=meta,
    )
    return service.staff_views(db, [petition], service.today())[0]


@router.post("/api/petitions/{petition_id}/answer", response_model=StaffPetition)
def answer(
    petition_id: DbInt, data: AnswerIn, actor: CurrentActor, db: DbSession, meta: Meta
) -> StaffPetition:
    petition = policy.petition_for_handling(db, actor, petition_id)
    service.answer(db, actor=actor, petition=petition, text=data.answer, meta=meta)
    return service.staff_views(db, [petition], service.today())[0]


@router.post("/api/petitions/{petition_id}/duplicate", response_model=StaffPetition)
def mark_duplicate(
    petition_id: DbInt, data: DuplicateIn, actor: CurrentActor, db: DbSession, meta: Meta
) -> StaffPetition:
    """Group under an earlier petition asking the same: handled and answered with it."""
    petition = policy.petition_for_handling(db, actor, petition_id)
    service.mark_duplicate(
        db, actor=actor, petition=petition, original_id=data.original_id, meta=meta
    )
    return service.staff_views(db, [petition], service.today())[0]


@router.post("/api/petitions/{petition_id}/resolve", response_model=StaffPetition)
def resolve(petition_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta) -> StaffPetition:
    petition = policy.petition_for_handling(db, actor, petition_id)
    service.resolve(db, actor=actor, petition=petition, meta=meta)
    return service.staff_views(db, [petition], service.today())[0]


@router.post("/api/petitions/{petition_id}/reject", response_model=StaffPetition)
def reject(
    petition_id: DbInt, data: RejectIn, actor: CurrentActor, db: DbSession, meta: Meta
) -> StaffPetition:
    petition = policy.petition_for_handling(db, actor, petition_id)
    service.reject(db, actor=actor, petition=petition, reason=data.reason, meta=meta)
    return service.staff_views(db, [petition], service.today())[0]


def _stats(
    db: DbSession, actor: CurrentActor, council_id: DbInt, year: int, month: int | None
) -> Stats:
    council = policy.council_for_petitions(db, actor, council_id)
    return service.stats(db, council_id=council.id, year=year, month=month, on=service.today())


@router.get("/api/councils/{council_id}/petitions/stats", response_model=Stats)
def stats(
    council_id: DbInt, actor: CurrentActor, db: DbSession, year: Year, month: Month = None
) -> Stats:
    """By field, agency and area, for a year or one of its months: received, answered,
    answered on time, overdue now."""
    return _stats(db, actor, council_id, year, month)


@router.get("/api/councils/{council_id}/petitions/stats.csv")
def stats_csv(
    council_id: DbInt, actor: CurrentActor, db: DbSession, year: Year, month: Month = None
) -> Response:
    result = _stats(db, actor, council_id, year, month)
    headers = ["group", "key", "label", "total", "answered", "on_time", "overdue", "on_time_rate"]
    groups = (
        ("field", result.by_field),
        ("agency", result.by_agency),
        ("area", result.by_area),
        ("topic", result.by_topic),
    )
    rows: list[list[object]] = [
        [group, r.key, r.label, r.total, r.answered, r.on_time, r.overdue, r.on_time_rate]
        for group, table in groups
        for r in table
    ]
    period = f"{year}-{month:02d}" if month else str(year)
    return Response(
        exports.to_csv((headers, rows)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="kien-nghi-{period}.csv"'},
    )


@router.get("/api/councils/{council_id}/petitions/stats.png")
def stats_chart(
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    year: Year,
    month: Month = None,
    by: Literal["field", "agency", "area", "topic"] = "field",
) -> Response:
    """The statistics as a bar chart: received and answered on time, per field, agency, area
    or topic."""
    result = _stats(db, actor, council_id, year, month)
    rows = {
        "field": result.by_field,
        "agency": result.by_agency,
        "area": result.by_area,
        "topic": result.by_topic,
    }[by]
    period = f"{month:02d}/{year}" if month else str(year)
    return Response(
        charts.bar_chart(f"{t(f'petitions.chart_{by}')} · {period}", rows), media_type="image/png"
    )


@router.post(
    "/api/councils/{council_id}/petitions/personal-data", response_model=list[StaffPetition]
)
def personal_data(
    council_id: DbInt, data: PersonIn, actor: CurrentActor, db: DbSession, meta: Meta
) -> list[StaffPetition]:
    """A petitioner's request to see what the council holds on them (Decree 13/2023). A POST
    so that the contact stays out of URLs and logs."""
    council = policy.council_for_petitions(db, actor, council_id)
    rows = service.export_person(
        db, actor=actor, council_id=council.id, contact=data.contact, meta=meta
    )
    return service.staff_views(db, rows, service.today())


@router.post("/api/councils/{council_id}/petitions/personal-data/erase")
def erase_personal_data(
    council_id: DbInt, data: PersonIn, actor: CurrentActor, db: DbSession, meta: Meta, store: Store
) -> dict[str, int]:
    """A petitioner's request to be forgotten: their name, contact and own files are erased
    everywhere; the petitions and their answers stay."""
    council = policy.council_for_petitions(db, actor, council_id)
    count = service.erase_person(
        db, store, actor=actor, council_id=council.id, contact=data.contact, meta=meta
    )
    return {"erased": count}


@router.get("/api/me/petitions", response_model=list[Tracking])
def my_constituency(actor: CurrentActor, db: DbSession) -> list[Tracking]:
    """A delegate's constituency: what the voters of their Tổ đại biểu asked, and the answers."""
    rows = service.of_constituencies(db, policy.constituencies(db, actor))
    return service.views(db, rows)


@router.get("/api/meetings/{meeting_id}/petitions-report/draft.docx")
def petitions_report_docx(
    meeting_id: DbInt, actor: CurrentActor, db: DbSession, settings: AppSettings
) -> Response:
    """The draft report of petitions handled since the previous session, to edit in Word."""
    meeting = policy.meeting_for_write(db, actor, meeting_id)
    with report.draft(db, meeting, settings.tmp_dir) as path:
        return files.attachment(
            path.read_bytes(), files.DOCX, f"bao-cao-kien-nghi-{meeting.id}.docx"
        )


@router.post(
    "/api/meetings/{meeting_id}/petitions-report",
    response_model=DocumentCreated,
    status_code=201,
)
def store_petitions_report(
    meeting_id: DbInt,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> DocumentCreated:
    """Add the report to the meeting's documents (DOCX kept, PDF for reading and signing)."""

    def prepare(db: Session) -> tuple[Meeting, DocumentFields, AbstractContextManager[Path]]:
        meeting = policy.meeting_for_write(db, actor, meeting_id)
        return meeting, report.document_fields(meeting), report.draft(db, meeting, settings.tmp_dir)

    document = intake.add_draft(
        database,
        store,
        actor=actor,
        prepare=prepare,
        recheck=lambda db: policy.meeting_for_write(db, actor, meeting_id),
        meta=meta,
        tmp_dir=settings.tmp_dir,
    )
    return DocumentCreated(id=document.id)


@router.post(
    "/api/petitions/{petition_id}/attachments",
    response_model=AttachmentOut,
    status_code=201,
    dependencies=[PETITION_LIMIT],
)
def add_attachment(
    petition_id: DbInt,
    file: Annotated[UploadFile, File()],
    actor: ShortActor,
    database: Db,
    store: Store,
    settings: AppSettings,
    kind: Annotated[AttachmentKind, Form()] = AttachmentKind.answer,
) -> PetitionAttachment:
    """The agency's written answer (or a file handed in at a voter meeting): PDF, JPEG, PNG.
    Checked and stored holding no connection; the row is written in a short transaction."""
    database.read(lambda db: policy.petition_for_handling(db, actor, petition_id))
    with (
        files.spooled(file, settings.tmp_dir, attachments.MAX_BYTES) as path,
        attachments.checked(store, path, file.filename or "") as checked,
    ):
        return database.write(
            lambda db: attachments.attach(
                db,
                store,
                petition=policy.petition_for_handling(db, actor, petition_id),
                kind=kind,
                file=checked,
            )
        )


@router.get("/api/petition-attachments/{attachment_id}")
def staff_attachment(
    attachment_id: DbInt, request: Request, actor: CurrentActor, db: DbSession, store: Store
) -> Response:
    """Any file of a petition, for the staff who handle it."""
    row = policy.petition_attachment_for_staff(db, actor, attachment_id)
    return files.serve(request, store, attachments.served(row))


@router.get("/p/petitions/{tracking_code}/attachments/{attachment_id}")
def answer_attachment(
    tracking_code: str, attachment_id: DbInt, request: Request, db: DbSession, store: Store
) -> Response:
    """The agency's written answer, for whoever holds the petition's code."""
    row = policy.answer_attachment_by_code(db, tracking_code, attachment_id)
    return files.serve(request, store, attachments.served(row))


# --- topics ---------------------------------------------------------------------------------


@router.post("/api/councils/{council_id}/petition-topics/group", response_model=list[TopicOut])
def group_topics(
    council_id: DbInt, data: TopicGroup, actor: CurrentActor, db: DbSession, meta: Meta
) -> list[TopicOut]:
    """Group the period's petitions that have no topic yet; answers the period's topics."""
    council = policy.council_for_petitions(db, actor, council_id)
    topics.group(
        db, actor=actor, council_id=council.id, since=data.since, until=data.until, meta=meta
    )
    return topics.listed(db, council_id=council.id, since=data.since, until=data.until)


@router.get("/api/councils/{council_id}/petition-topics", response_model=list[TopicOut])
def list_topics(
    council_id: DbInt, actor: CurrentActor, db: DbSession, since: From = None, until: To = None
) -> list[TopicOut]:
    council = policy.council_for_petitions(db, actor, council_id)
    start, end = topics.period(since, until)
    return topics.listed(db, council_id=council.id, since=start, until=end)


@router.patch("/api/petition-topics/{topic_id}", status_code=204)
def rename_topic(
    topic_id: DbInt, data: TopicRename, actor: CurrentActor, db: DbSession, meta: Meta
) -> None:
    topic = policy.topic_for_handling(db, actor, topic_id)
    topics.rename(db, actor=actor, topic=topic, name=data.name, meta=meta)


@router.post("/api/petition-topics/{topic_id}/merge", status_code=204)
def merge_topic(
    topic_id: DbInt, data: TopicMerge, actor: CurrentActor, db: DbSession, meta: Meta
) -> None:
    """Every petition of this topic goes to `into_id`, and this topic is no more."""
    topic = policy.topic_for_handling(db, actor, topic_id)
    into = policy.topic_for_handling(db, actor, data.into_id)
    topics.merge(db, actor=actor, topic=topic, into=into, meta=meta)


@router.put("/api/petitions/{petition_id}/topic", status_code=204)
def move_petition(
    petition_id: DbInt, data: TopicMove, actor: CurrentActor, db: DbSession, meta: Meta
) -> None:
    petition = policy.petition_for_handling(db, actor, petition_id)
    topic = (
        policy.topic_for_handling(db, actor, data.topic_id) if data.topic_id is not None else None
    )
    topics.move(db, actor=actor, petition=petition, topic=topic, meta=meta)

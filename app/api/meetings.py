from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import AppSettings
from app.db import DbInt, DbSession
from app.directory.schemas import UserOut
from app.meetings import convening, service
from app.meetings.models import Meeting
from app.meetings.schemas import (
    AgendaItemCreate,
    AgendaItemOut,
    GuestAdd,
    MeetingCreate,
    MeetingCreated,
    MeetingDetail,
    MeetingOut,
    MeetingUpdate,
    StatusChange,
)
from app.security import policy
from app.security.auth import CurrentActor, Meta

router = APIRouter(prefix="/api", tags=["meetings"])


@router.post("/meetings", response_model=MeetingCreated, status_code=201)
def create_meeting(
    data: MeetingCreate, actor: CurrentActor, db: DbSession, meta: Meta
) -> MeetingCreated:
    council = policy.council_for_write(db, actor, data.council_id)
    meeting = service.create_meeting(db, actor=actor, council=council, data=data, meta=meta)
    return MeetingCreated(id=meeting.id, number=meeting.number)


@router.get("/meetings", response_model=list[MeetingOut])
def list_meetings(
    actor: CurrentActor, db: DbSession, council_id: Annotated[DbInt, Query()]
) -> Sequence[Meeting]:
    council = policy.council_for_read(db, actor, council_id)
    return service.list_meetings(db, actor=actor, council_id=council.id)


@router.get("/meetings/{meeting_id}", response_model=MeetingDetail)
def get_meeting(meeting_id: DbInt, actor: CurrentActor, db: DbSession) -> MeetingDetail:
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    agenda = [AgendaItemOut.model_validate(i) for i in service.agenda(db, meeting=meeting)]
    return MeetingDetail.model_validate(
        {**MeetingOut.model_validate(meeting).model_dump(), "agenda": agenda}
    )


@router.patch("/meetings/{meeting_id}", response_model=MeetingOut)
def update_meeting(
    meeting_id: DbInt, data: MeetingUpdate, actor: CurrentActor, db: DbSession, meta: Meta
) -> Meeting:
    meeting = policy.meeting_for_write(db, actor, meeting_id)
    return service.update_meeting(db, actor=actor, meeting=meeting, data=data, meta=meta)


@router.post("/meetings/{meeting_id}/status", response_model=MeetingOut)
def change_status(
    meeting_id: DbInt,
    data: StatusChange,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    settings: AppSettings,
) -> Meeting:
    meeting = policy.meeting_for_write(db, actor, meeting_id)
    return convening.advance(
        db, actor=actor, meeting=meeting, status=data.status, meta=meta, settings=settings
    )


@router.post("/meetings/{meeting_id}/agenda", response_model=AgendaItemOut, status_code=201)
def add_agenda_item(
    meeting_id: DbInt, data: AgendaItemCreate, actor: CurrentActor, db: DbSession, meta: Meta
) -> object:
    meeting = policy.meeting_for_write(db, actor, meeting_id)
    return service.add_agenda_item(db, actor=actor, meeting=meeting, data=data, meta=meta)


@router.post("/meetings/{meeting_id}/guests", status_code=204)
def add_guest(
    meeting_id: DbInt, data: GuestAdd, actor: CurrentActor, db: DbSession, meta: Meta
) -> None:
    meeting = policy.meeting_for_write(db, actor, meeting_id)
    user = policy.user_for_read(db, actor, data.user_id)
    service.add_guest(db, actor=actor, meeting=meeting, user=user, meta=meta)


@router.get("/meetings/{meeting_id}/invitees", response_model=list[UserOut])
def invitees(meeting_id: DbInt, actor: CurrentActor, db: DbSession) -> Sequence[object]:
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    policy.require_staff(actor, meeting.council_id)
    return service.invitees(db, meeting=meeting)

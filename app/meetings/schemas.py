from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.db import DbInt, DbMoment
from app.meetings.models import MeetingKind, MeetingStatus

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MeetingCreate(Input):
    council_id: DbInt
    kind: MeetingKind
    title: Title
    starts_at: DbMoment
    location: Short = ""
    body_id: DbInt | None = None
    term_id: DbInt | None = None  # the term the meeting date falls in when not given
    number: Annotated[int, Field(ge=1, le=99)] | None = None  # sessions: proposed when not given


class MeetingUpdate(Input):
    title: Title | None = None
    starts_at: DbMoment | None = None
    location: Short | None = None


class StatusChange(Input):
    status: MeetingStatus


class AgendaItemCreate(Input):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    presenter: Short = ""
    planned_minutes: int | None = Field(default=None, gt=0, le=600)
    position: int | None = Field(default=None, ge=1)


class GuestAdd(Input):
    user_id: DbInt


class AgendaItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    position: int
    title: str
    presenter: str
    planned_minutes: int | None


class MeetingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    council_id: DbInt
    kind: MeetingKind
    term_id: DbInt | None
    number: int | None
    title: str
    starts_at: datetime
    location: str
    status: MeetingStatus
    body_id: DbInt | None


class MeetingDetail(MeetingOut):
    agenda: list[AgendaItemOut]


class MeetingCreated(BaseModel):
    id: int
    number: int | None

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.db import DbInt
from app.floor.models import CheckIn, Presence, SpeechKind, SpeechStatus

Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckInIn(Input):
    method: CheckIn = CheckIn.device  # device or hall_qr (with the code the hall's QR carries)
    code: Annotated[str, StringConstraints(max_length=64)] = ""


class MarkIn(Input):
    presence: Presence
    reason: Reason = ""


class AttendanceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    meeting_id: DbInt
    user_id: DbInt
    presence: Presence
    method: CheckIn


class AttendanceRowOut(BaseModel):
    user_id: DbInt
    full_name: str
    position: str
    presence: Presence | None
    method: CheckIn | None
    reason: str
    at: datetime | None


class QuorumOut(BaseModel):
    total: int
    present: int
    excused: int
    needed: int
    met: bool


class AttendanceList(BaseModel):
    quorum: QuorumOut
    delegates: list[AttendanceRowOut] | None  # names: for the chair and the office


class SpeakerIn(Input):
    kind: SpeechKind = SpeechKind.speak
    agenda_item_id: DbInt | None = None
    topic: Reason = ""


class SpeakerOrder(Input):
    ids: list[int] = Field(max_length=500)


class GiveFloor(Input):
    seconds: int = Field(default=300, ge=30, le=3600)


class SpeakerOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    meeting_id: DbInt
    user_id: DbInt
    kind: SpeechKind
    topic: str
    agenda_item_id: DbInt | None
    position: int
    status: SpeechStatus
    seconds: int | None
    started_at: datetime | None


class DocumentCreated(BaseModel):
    id: int  # the meeting document now holding the record, to number and sign

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.db import DbInt
from app.petitions.models import Field as PetitionField
from app.petitions.models import PetitionStatus

Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Content = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=5000)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PetitionSubmit(Input):
    """The public form: name and contact are kept for staff only."""

    council_id: DbInt
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    contact: Line = ""
    area: Line = ""
    content: Content
    field: PetitionField = PetitionField.other
    website: str = Field(default="", max_length=200)  # a honeypot: people leave it empty


class PetitionEntry(Input):
    """One petition of a voter-contact meeting's list, entered by the office or a delegate."""

    content: Content
    area: Line = ""
    field: PetitionField = PetitionField.other
    name: Line = ""


class PetitionBatch(Input):
    """A voter-contact meeting's list, or a supervision's recommendations with the
    supervision's name and its report (a document of the council)."""

    petitions: list[PetitionEntry] = Field(min_length=1, max_length=500)
    source: Literal["voter_meeting", "supervision"] = "voter_meeting"
    supervision: Line = ""
    report_document_id: DbInt | None = None


class DuplicateIn(Input):
    original_id: DbInt


class PersonIn(Input):
    """One petitioner, by the phone or e-mail they gave."""

    contact: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]


class AgencyCreate(Input):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    contact_email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=254)] = ""


class Assign(Input):
    agency_id: DbInt
    due_date: date


class AnswerIn(Input):
    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]


class RejectIn(Input):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class AttachmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    filename: str
    media_type: str
    size: int


class Tracking(BaseModel):
    """What anyone with the tracking code, and the public list, may see: no personal data."""

    tracking_code: str
    status: PetitionStatus
    field: PetitionField
    area: str
    content: str
    agency: str | None
    answer: str | None
    reject_reason: str | None
    received_at: datetime
    answered_at: datetime | None
    answer_files: list[AttachmentOut] = []  # the agency's written answer
    topic: str | None = None  # the topic the office grouped it under


class StaffPetition(Tracking):
    id: int
    source: str
    petitioner_name: str
    petitioner_contact: str
    due_date: date | None
    overdue: bool
    duplicate_of: int | None
    constituency_id: DbInt | None
    supervision: str
    report_document_id: DbInt | None
    attachments: list[AttachmentOut]  # the petitioner's own files included


class Created(BaseModel):
    id: int
    tracking_code: str


class StatRow(BaseModel):
    key: str
    label: str
    total: int
    answered: int
    on_time: int
    overdue: int
    on_time_rate: float | None  # answered on time / answered


class Stats(BaseModel):
    year: int
    month: int | None  # None: the whole year
    by_field: list[StatRow]
    by_agency: list[StatRow]
    by_area: list[StatRow]  # thôn / tổ dân phố as the petitions name them
    by_topic: list[StatRow]  # the topics the office grouped them under


class TopicOut(BaseModel):
    id: int
    name: str
    count: int
    petition_ids: list[int]


class TopicGroup(BaseModel):
    since: date = Field(alias="from")
    until: date = Field(alias="to")


class TopicRename(BaseModel):
    name: str = Field(min_length=1, max_length=200)


class TopicMerge(BaseModel):
    into_id: DbInt


class TopicMove(BaseModel):
    topic_id: DbInt | None = None

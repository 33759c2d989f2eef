from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.db import DbInt, DbMoment
from app.oversight.models import (
    FollowUpKind,
    FollowUpStatus,
    SupervisionKind,
    SupervisionState,
    TeamRole,
)

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
# an agency of the council by its id, or by its name (made on first use)
AgencyRef = DbInt | Name


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TeamMemberIn(Input):
    user_id: DbInt
    role: TeamRole = TeamRole.member


class SupervisionCreate(Input):
    title: Name
    kind: SupervisionKind
    body_id: DbInt | None = None
    subject: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] = ""
    agencies: list[AgencyRef] = Field(default_factory=list, max_length=30)
    team: list[TeamMemberIn] = Field(default_factory=list, max_length=30)
    starts_on: date
    ends_on: date


class SessionIn(Input):
    """A working session: a meeting of the body that runs the supervision."""

    title: Name
    starts_at: DbMoment
    location: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""


class ConclusionIn(Input):
    conclusion: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50_000)
    ]
    concluded_on: date | None = None  # default: today


class FollowUpCreate(Input):
    content: Text
    agency: AgencyRef
    due_date: date
    article: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""
    expected_result: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


class ReportIn(Input):
    content: Text
    status: Literal["in_progress", "done"]


class Created(BaseModel):
    id: int


class ReportOut(BaseModel):
    content: str
    status: FollowUpStatus
    created_at: datetime
    by_agency: bool  # sent by the agency through its link, not recorded by the office


class FollowUpOut(BaseModel):
    id: int
    kind: FollowUpKind
    supervision_id: int | None
    document_id: int | None
    article: str
    content: str
    expected_result: str
    agency_id: int
    agency: str
    due_date: date
    status: FollowUpStatus
    overdue: bool
    done_at: datetime | None
    reports: list[ReportOut]


class TeamMemberOut(BaseModel):
    user_id: int
    full_name: str
    role: TeamRole


class SessionOut(BaseModel):
    meeting_id: int
    title: str
    starts_at: datetime
    documents: int


class SupervisionOut(BaseModel):
    id: int
    council_id: int
    title: str
    kind: SupervisionKind
    body_id: int | None
    body: str | None
    subject: str
    agencies: list[str]
    starts_on: date
    ends_on: date
    state: SupervisionState
    conclusion: str
    concluded_on: date | None
    published: bool
    team: list[TeamMemberOut]
    sessions: list[SessionOut]  # the office's view only; empty on the portal
    requests: list[FollowUpOut]  # what the plan asks agencies for; the office's view only
    recommendations: list[FollowUpOut]


class OverdueRow(BaseModel):
    """One line of the Standing Committee's board of what is overdue."""

    kind: Literal["request", "recommendation", "task", "petition"]
    id: int
    content: str
    source: str  # the supervision's or resolution's title, a petition's tracking code
    agency: str
    due_date: date
    days_late: int
    url: str


class AgencyUpdate(Input):
    name: Name | None = None
    contact_email: Annotated[str, StringConstraints(strip_whitespace=True, max_length=254)] = ""


class AgencyOut(BaseModel):
    id: int
    name: str
    contact_email: str
    link_issued_at: datetime | None  # its working link's, if the office issued one
    open_items: int


class LinkOut(BaseModel):
    url: str  # shown once: only its hash is kept

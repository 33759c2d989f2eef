"""API shapes of the directory. Inputs forbid unknown fields so a typo is an error, not a no-op."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints, model_validator

from app.db import DbInt
from app.directory.models import BodyKind, Clearance, CouncilLevel, MandateEnd, Role

Username = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[A-Za-z0-9._-]{3,64}$")
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Password = Annotated[str, StringConstraints(min_length=8, max_length=256)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CouncilCreate(Input):
    name: Name
    level: CouncilLevel
    total_delegates: int = Field(gt=0, le=1000)
    term: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""


class CouncilUpdate(Input):
    name: Name | None = None
    total_delegates: int | None = Field(default=None, gt=0, le=1000)
    term: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    # the session rules (nội quy kỳ họp): quorum as a fraction of all delegates, and whether a
    # named ballot may be changed until the vote closes (a secret one never can)
    quorum_numerator: int | None = Field(default=None, ge=1, le=100)
    quorum_denominator: int | None = Field(default=None, ge=1, le=100)
    ballot_changes_allowed: bool | None = None
    online_presence_counts: bool | None = None
    # what may be sent to the province's own language model server, at most
    model_ceiling: Literal["public", "internal", "restricted"] | None = None

    @model_validator(mode="after")
    def _quorum_is_a_fraction(self) -> CouncilUpdate:
        if (self.quorum_numerator is None) != (self.quorum_denominator is None):
            raise ValueError("quorum_numerator and quorum_denominator go together")
        if self.quorum_numerator and self.quorum_numerator > (self.quorum_denominator or 0):
            raise ValueError("a quorum is at most all delegates")
        return self


class CouncilOut(Output):
    id: int
    name: str
    level: CouncilLevel
    term: str
    total_delegates: int
    quorum_numerator: int
    quorum_denominator: int
    ballot_changes_allowed: bool
    online_presence_counts: bool
    model_ceiling: str
    created_at: datetime


class UserCreate(Input):
    username: Username
    password: Password | None = None
    full_name: Name
    council_id: DbInt | None = None
    role: Role
    clearance: Clearance = Clearance.internal
    position: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    email: EmailStr | None = None
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] = ""


class UserUpdate(Input):
    full_name: Name | None = None
    password: Password | None = None
    role: Role | None = None
    clearance: Clearance | None = None
    position: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    email: EmailStr | None = None
    phone: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] | None = None
    is_active: bool | None = None


class UserOut(Output):
    id: int
    username: str
    full_name: str
    council_id: DbInt | None
    role: Role
    clearance: Clearance
    position: str
    email: str
    phone: str
    is_active: bool


class BodyCreate(Input):
    kind: BodyKind
    name: Name
    # a delegate group's thôn / tổ dân phố, comma-separated (its voters' petitions reach it)
    areas: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


class BodyOut(Output):
    id: int
    council_id: DbInt
    kind: BodyKind
    name: str
    areas: str


class MemberAdd(Input):
    user_id: DbInt
    position: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""


class Created(BaseModel):
    id: int


class ImportResult(BaseModel):
    created: int
    ids: list[int]


class TermCreate(Input):
    ordinal: Annotated[int, Field(ge=1, le=99)]  # khóa I = 1
    starts_on: date
    ends_on: date | None = None  # five years on when not given


class TermOut(Output):
    id: int
    council_id: DbInt
    ordinal: int
    starts_on: date
    ends_on: date
    name: str


class TermCreated(BaseModel):
    id: int
    name: str


class MandatesAdd(Input):
    """Delegates taking office in a term: those named, or every delegate of the council
    without a mandate in it yet."""

    user_ids: list[DbInt] | None = Field(default=None, max_length=500)
    starts_on: date | None = None  # the term's start when not given
    term_id: DbInt | None = None  # the current term when not given


class MandateClose(Input):
    ends_on: date  # the first day out of office
    reason: MandateEnd
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""


class MandateOut(Output):
    id: int
    term_id: int
    user_id: int
    full_name: str
    starts_on: date
    ends_on: date | None
    end_reason: MandateEnd | None
    note: str


class MandatesOut(BaseModel):
    term_id: int
    term: str
    on: date
    in_office: int  # delegates in office on `on`: what thresholds and the quorum count
    mandates: list[MandateOut]

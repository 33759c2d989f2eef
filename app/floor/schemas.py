"""What the floor's API takes and gives: attendance, speakers, votes and their results."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from app.db import DbInt
from app.floor.models import (
    BallotKind,
    CheckIn,
    Choice,
    OfficeGrant,
    Presence,
    SpeechKind,
    SpeechStatus,
    Threshold,
    VoteKind,
    VoteStatus,
)

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
    present: int  # as the council's rules count it
    excused: int
    needed: int
    met: bool
    online: int = 0  # present from a device away from the hall
    online_counts: bool = True


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


Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class SubjectIn(Input):
    name: Name
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""


class VoteCreate(Input):
    question: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)
    ]
    ballot: BallotKind = BallotKind.named
    threshold: Threshold = Threshold.majority
    kind: VoteKind = VoteKind.question
    agenda_item_id: DbInt | None = None
    document_id: DbInt | None = None
    subjects: list[SubjectIn] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _confidence_is_secret_with_a_list(self) -> VoteCreate:
        if self.kind is VoteKind.election:
            raise ValueError("an election is created with its offices and candidates")
        if self.kind is VoteKind.confidence:
            if self.ballot is not BallotKind.secret or not self.subjects:
                raise ValueError("a confidence vote is a secret ballot over a list of people")
        elif self.subjects:
            raise ValueError("only a confidence vote has a list of people")
        return self


class VoteOpen(Input):
    seconds: int | None = Field(default=None, ge=10, le=3600)  # the countdown, if any


class BallotIn(Input):
    choice: Choice | None = None  # a question
    choices: dict[int, Choice] | None = None  # a confidence vote: position -> high/medium/low


class PaperResultIn(Input):
    approve: int | None = Field(default=None, ge=0)
    against: int | None = Field(default=None, ge=0)
    abstain: int | None = Field(default=None, ge=0)
    # a confidence vote: position -> {"high": n, "medium": n, "low": n}
    subjects: dict[int, dict[Choice, Annotated[int, Field(ge=0)]]] | None = None
    note: Text = ""


class VoteCreated(BaseModel):
    id: int


class BallotAccepted(BaseModel):
    vote_id: DbInt
    counted: bool = True
    replayed: bool = False  # the same idempotency key again: nothing new was counted


class NamedBallotOut(BaseModel):
    user_id: DbInt
    full_name: str
    choice: Choice


class SubjectResult(BaseModel):
    position: int
    name: str
    title: str
    high: int | None = None
    medium: int | None = None
    low: int | None = None
    low_over_half: bool | None = None  # more than half of all delegates rated "tín nhiệm thấp"
    # an election's candidate
    user_id: int | None = None
    office: int | None = None
    approve: int | None = None
    against: int | None = None
    elected: bool | None = None  # once closed
    withdrawn: bool = False


class VoteOut(BaseModel):
    id: int
    meeting_id: DbInt
    agenda_item_id: DbInt | None
    document_id: DbInt | None
    question: str
    kind: VoteKind
    ballot: BallotKind
    threshold: Threshold
    status: VoteStatus
    source: str
    paper_note: str
    opened_at: str | None
    closes_at: str | None
    closed_at: str | None
    total_delegates: int
    present: int
    cast: int
    # counts of a secret vote stay hidden until it closes
    approve: int | None
    against: int | None
    abstain: int | None
    not_voted: int
    percent: dict[str, float] | None  # of all delegates
    passed: bool | None  # once closed
    subjects: list[SubjectResult] = Field(default_factory=list)
    ballots: list[NamedBallotOut] | None = None  # who chose what: named votes only
    my_ballot: Choice | None = None  # the caller's own named ballot
    voted: bool = False  # whether the caller has voted


# --- elections of office-holders -------------------------------------------------------------

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class OfficeIn(Input):
    title: Title  # Chủ tịch HĐND xã, Trưởng Ban Pháp chế…
    seats: int = Field(default=1, ge=1, le=20)
    candidate_ids: list[DbInt] = Field(default_factory=list, max_length=50)
    # what the office carries in the directory; a title beginning «Chủ tịch» / «Phó Chủ tịch»
    # carries the chair's role unless said otherwise
    grants: OfficeGrant | None = None
    body_id: DbInt | None = None  # a committee's office: the elected join it with this title


class ElectionCreate(Input):
    title: Title
    positions: list[OfficeIn] = Field(min_length=1, max_length=20)
    agenda_item_id: DbInt | None = None
    effective_on: date | None = None  # the elected take office that day; the count's by default


class NominationIn(Input):
    position: int = Field(ge=1)  # the office's number, 1 for the first in `positions`
    candidate_id: DbInt


class ElectionBallotIn(Input):
    choices: dict[int, Choice]  # candidate (user id) -> approve / against


class CandidateOut(BaseModel):
    candidate_id: int
    full_name: str
    withdrawn: bool
    approve: int | None  # once closed and counted
    against: int | None
    elected: bool | None


class OfficeOut(BaseModel):
    number: int
    title: str
    seats: int
    grants: OfficeGrant
    body_id: int | None
    effective_on: date | None
    installed: bool  # the result has reached the directory
    candidates: list[CandidateOut]


class ElectionOut(BaseModel):
    id: int
    meeting_id: int
    title: str
    status: VoteStatus
    source: str
    total_delegates: int
    cast: int
    needed: int  # approvals needed to be elected: more than half of the delegates in office
    positions: list[OfficeOut]
    candidates: list[CandidateOut]  # every office's, in ballot order
    voted: bool = False


# --- the live snapshot ------------------------------------------------------------------------


class SpeakerRow(BaseModel):
    """One line of the speakers' list as screens show it."""

    id: int
    user_id: int
    full_name: str
    kind: SpeechKind
    topic: str
    agenda_item_id: int | None
    status: SpeechStatus
    seconds: int | None
    started_at: datetime | None
    ends_at: float | None  # epoch seconds: screens count down to it


class FloorAttendance(BaseModel):
    present: int
    excused: int
    total: int
    quorum_needed: int
    quorum_met: bool


class FloorVote(VoteOut):
    closes_at_ts: float | None  # epoch seconds: screens count down to it
    # the hall screen shows totals, never who chose what: not even the key goes out
    ballots: None = Field(default=None, exclude=True)


class FloorState(BaseModel):
    """The public state of a meeting's floor, as the hall screen and every device show it: no
    one's choice, no personal data beyond the speakers' names."""

    meeting_id: int
    title: str
    status: str
    now: float  # screens align their countdowns to the server's clock
    attendance: FloorAttendance
    vote: FloorVote | None
    speaker: SpeakerRow | None
    queue: list[SpeakerRow]


class MeetingGone(BaseModel):
    """What screens of a meeting deleted meanwhile are told."""

    meeting_id: int

"""What the written-opinion API takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.db import DbInt, DbMoment
from app.opinions.models import FormStatus, OpinionChoice, QuestionKind

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Free = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class QuestionIn(Input):
    text: Line
    kind: QuestionKind = QuestionKind.choice


class FormCreate(Input):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    questions: list[QuestionIn] = Field(min_length=1, max_length=30)
    recipient_ids: list[DbInt] = Field(min_length=1, max_length=1000)
    deadline: DbMoment
    secret: bool = False
    decides: bool = False  # a decision by written opinion: counted against delegates in office
    comments_shared: bool = False
    document_ids: list[DbInt] = Field(default_factory=list, max_length=50)


class AnswerIn(Input):
    question: int = Field(ge=0)  # the question's number, 1…n (or its index, 0…n−1)
    choice: OpinionChoice | None = None
    text: Free = ""


class CommentIn(Input):
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
    document_id: DbInt | None = None
    page: int | None = Field(default=None, ge=1, le=10000)
    article: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""


class AnswersIn(Input):
    """A delegate's whole answer: each question once, and comments on the drafts (sent again,
    it replaces the earlier answer and its comments)."""

    answers: list[AnswerIn] = Field(min_length=1, max_length=30)
    comments: list[CommentIn] = Field(default_factory=list, max_length=20)


class Created(BaseModel):
    id: int


class ReportCreated(BaseModel):
    document_id: int


class QuestionTotals(BaseModel):
    number: int
    text: str
    kind: QuestionKind
    approve: int | None  # choice questions, once counted
    against: int | None
    other: int | None
    texts: list[str] | None  # the written answers (no names), once counted
    # a decision: approvals against the delegates in office (more than half to pass)
    passed: bool | None = None


class PersonOut(BaseModel):
    user_id: int
    full_name: str


class CommentOut(BaseModel):
    full_name: str | None  # None on a secret form
    document_id: int | None
    page: int | None
    article: str
    text: str
    mine: bool = False


class MyAnswer(BaseModel):
    question: int
    choice: OpinionChoice | None
    text: str


class FormOut(BaseModel):
    id: int
    council_id: int
    meeting_id: int | None
    title: str
    status: FormStatus
    secret: bool
    decides: bool
    comments_shared: bool
    deadline: datetime
    open: bool  # answers taken now
    asked: int
    total_delegates: int
    answered: int
    not_answered_count: int
    answered_names: list[PersonOut] | None  # None on a secret form
    not_answered: list[PersonOut] | int  # names, unless secret: then how many
    questions: list[QuestionTotals]
    document_ids: list[int]
    report_document_id: int | None
    mine: list[MyAnswer] | None = None  # the caller's own answers (named forms)
    i_answered: bool = False

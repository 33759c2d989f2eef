"""The session floor: who is in the hall, who asked to speak, and the votes. A named vote
keeps who chose what; a secret one keeps who took part (`BallotReceipt`) and, until the close,
ballots sealed under a key the database never holds (`SealedBallot`); its totals
(`SecretTally`) are written once, at the close."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, str_enum, utcnow


class Presence(enum.StrEnum):
    present = "present"  # có mặt
    excused = "excused"  # vắng có lý do
    absent = "absent"  # vắng (the clerk's correction of a wrong check-in)


class CheckIn(enum.StrEnum):
    device = "device"  # the delegate's own tablet or phone
    hall_qr = "hall_qr"  # the QR shown at the hall's entrance
    clerk = "clerk"  # marked by the office


# Checked in by the hall's QR, or marked present by the office in the hall; the rest is
# presence from the delegate's own device, wherever it is (có mặt trực tuyến).
IN_HALL = frozenset({CheckIn.hall_qr, CheckIn.clerk})


def counts_as_present(presence: Presence | None, method: CheckIn, online_counts: bool) -> bool:
    """Present as the council's rules count it: in the hall, or online where online counts
    (floor.service.COUNTED says the same in SQL)."""
    return presence is Presence.present and (online_counts or method in IN_HALL)


class Attendance(Base):
    __tablename__ = "attendance"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    presence: Mapped[Presence] = mapped_column(str_enum(Presence, "presence"))
    method: Mapped[CheckIn] = mapped_column(str_enum(CheckIn, "check_in"))
    reason: Mapped[str] = mapped_column(String(300), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    marked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class SpeechKind(enum.StrEnum):
    speak = "speak"  # phát biểu
    question = "question"  # chất vấn


class SpeechStatus(enum.StrEnum):
    waiting = "waiting"
    speaking = "speaking"
    done = "done"
    withdrawn = "withdrawn"


class SpeakerRequest(Base):
    """A delegate's request to speak or to question on an agenda item (or the meeting)."""

    __tablename__ = "speaker_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[SpeechKind] = mapped_column(str_enum(SpeechKind, "speech_kind"))
    topic: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer)  # the chair's order
    status: Mapped[SpeechStatus] = mapped_column(
        str_enum(SpeechStatus, "speech_status"), default=SpeechStatus.waiting
    )
    seconds: Mapped[int | None]  # allotted when the chair gives the floor
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class VoteKind(enum.StrEnum):
    question = "question"  # tán thành / không tán thành / không biểu quyết
    confidence = "confidence"  # lấy phiếu tín nhiệm: per person on a list
    election = "election"  # bầu chức danh: per candidate, for one or more offices


class BallotKind(enum.StrEnum):
    named = "named"  # công khai
    secret = "secret"  # bỏ phiếu kín


class Threshold(enum.StrEnum):
    majority = "majority"  # more than half of all delegates
    two_thirds = "two_thirds"  # at least two thirds of all delegates


class VoteStatus(enum.StrEnum):
    draft = "draft"
    open = "open"
    closed = "closed"


class Choice(enum.StrEnum):
    approve = "approve"  # tán thành
    against = "against"  # không tán thành
    abstain = "abstain"  # không biểu quyết
    high = "high"  # tín nhiệm cao
    medium = "medium"  # tín nhiệm
    low = "low"  # tín nhiệm thấp


QUESTION_CHOICES = (Choice.approve, Choice.against, Choice.abstain)
CONFIDENCE_CHOICES = (Choice.high, Choice.medium, Choice.low)
ELECTION_CHOICES = (Choice.approve, Choice.against)  # đồng ý / không đồng ý


class ResultSource(enum.StrEnum):
    electronic = "electronic"
    paper = "paper"  # totals entered by the counting committee (ban kiểm phiếu)


class Vote(Base):
    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    question: Mapped[str] = mapped_column(String(1000))
    kind: Mapped[VoteKind] = mapped_column(str_enum(VoteKind, "vote_kind"))
    ballot: Mapped[BallotKind] = mapped_column(str_enum(BallotKind, "ballot_kind"))
    threshold: Mapped[Threshold] = mapped_column(str_enum(Threshold, "vote_threshold"))
    status: Mapped[VoteStatus] = mapped_column(
        str_enum(VoteStatus, "vote_status"), default=VoteStatus.draft
    )
    # the council's size when the vote opened: thresholds count all delegates, not those present
    total_delegates: Mapped[int | None]
    allow_changes: Mapped[bool] = mapped_column(default=False)  # named votes, council setting
    opened_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]  # the chair's countdown
    closed_at: Mapped[datetime | None]
    source: Mapped[ResultSource] = mapped_column(
        str_enum(ResultSource, "result_source"), default=ResultSource.electronic
    )
    paper_note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class VoteSubject(Base):
    """A person on a confidence vote's list or an election's ballot (position 1..n); ordinary
    votes have none. An election's candidate is a delegate (`user_id`) standing for one of its
    offices; one withdrawn before the vote opens stays listed but is not on the ballot."""

    __tablename__ = "vote_subjects"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    office: Mapped[int | None]  # the election's ElectionOffice.number
    withdrawn: Mapped[bool] = mapped_column(default=False)


class OfficeGrant(enum.StrEnum):
    """What being elected to an office changes in the directory besides the person's title."""

    none = "none"
    chair = "chair"  # Chủ tịch, Phó Chủ tịch: the chair's role, with its signing rights


class ElectionOffice(Base):
    """One office an election fills (Chủ tịch HĐND, Trưởng Ban Kinh tế – Xã hội…) with its
    number of seats; a committee's office names its body."""

    __tablename__ = "election_offices"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    seats: Mapped[int] = mapped_column(Integer, default=1)
    grants: Mapped[OfficeGrant] = mapped_column(
        str_enum(OfficeGrant, "office_grant"), default=OfficeGrant.none
    )
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id", ondelete="SET NULL"))
    # the elected take office on this day (the count's day when None); until then pending
    effective_on: Mapped[date | None]
    installed_at: Mapped[datetime | None]  # when the result reached the directory


class NamedBallot(Base):
    __tablename__ = "named_ballots"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True
    )
    choice: Mapped[Choice] = mapped_column(str_enum(Choice, "ballot_choice"))
    cast_at: Mapped[datetime] = mapped_column(default=utcnow)


class BallotReceipt(Base):
    """Who has voted (every vote), with the client's idempotency key so a ballot resent over a
    flaky connection counts once. Deliberately no timestamp and no surrogate id."""

    __tablename__ = "ballot_receipts"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True
    )
    idempotency_key: Mapped[str] = mapped_column(String(100), default="")


class SealedBallot(Base):
    """A secret ballot's choices, sealed under a key the database never holds
    (app/floor/sealing.py), until the vote closes and they are counted and removed. The token
    is random: no surrogate id, no order, no time."""

    __tablename__ = "sealed_ballots"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class SecretTally(Base):
    """The totals of a secret vote, one row per (person on the list, choice), written once when
    the vote closes and its sealed ballots are counted."""

    __tablename__ = "secret_tallies"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    subject: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: the question itself
    choice: Mapped[Choice] = mapped_column(str_enum(Choice, "tally_choice"), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class PaperResult(Base):
    """Totals counted on paper and entered by the counting committee, per subject and choice."""

    __tablename__ = "paper_results"

    vote_id: Mapped[int] = mapped_column(
        ForeignKey("votes.id", ondelete="CASCADE"), primary_key=True
    )
    subject: Mapped[int] = mapped_column(Integer, primary_key=True)
    choice: Mapped[Choice] = mapped_column(str_enum(Choice, "paper_choice"), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)

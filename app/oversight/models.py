"""The council's oversight (giám sát) and follow-up (theo dõi): supervisions of local
agencies with their conclusions, and the follow-up items that must reach an answer, the
recommendations after a supervision (kiến nghị sau giám sát) and the tasks of an issued
resolution (theo dõi thực hiện nghị quyết), each with the agency's progress reports."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, str_enum, utcnow


class SupervisionKind(enum.StrEnum):
    thematic = "thematic"  # giám sát chuyên đề
    regular = "regular"  # giám sát thường xuyên
    survey = "survey"  # khảo sát


class SupervisionState(enum.StrEnum):
    """Read from its dates and its conclusion, never set by hand."""

    planned = "planned"
    in_progress = "in_progress"
    concluded = "concluded"  # its conclusion (báo cáo kết quả giám sát) is recorded


class Supervision(Base):
    __tablename__ = "supervisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("councils.id", ondelete="CASCADE"), index=True
    )
    # who runs it: a Ban, the Standing Committee, a delegate group; None: the council itself
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id", ondelete="SET NULL"))
    kind: Mapped[SupervisionKind] = mapped_column(str_enum(SupervisionKind, "supervision_kind"))
    title: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    conclusion: Mapped[str] = mapped_column(Text, default="")
    concluded_on: Mapped[date | None]
    published_at: Mapped[datetime | None]  # on the portal, with its recommendations
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SupervisedAgency(Base):
    __tablename__ = "supervised_agencies"

    supervision_id: Mapped[int] = mapped_column(
        ForeignKey("supervisions.id", ondelete="CASCADE"), primary_key=True
    )
    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), primary_key=True
    )


class TeamRole(enum.StrEnum):
    head = "head"  # Trưởng đoàn
    deputy = "deputy"  # Phó Trưởng đoàn
    member = "member"  # Thành viên
    secretary = "secretary"  # Thư ký


class SupervisionMember(Base):
    """The supervision team (đoàn giám sát), as its establishing decision names it."""

    __tablename__ = "supervision_members"

    supervision_id: Mapped[int] = mapped_column(
        ForeignKey("supervisions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[TeamRole] = mapped_column(str_enum(TeamRole, "team_role"))


class SupervisionSession(Base):
    """A working session of the supervision (with an agency, on site): a meeting of the body
    that runs it, so its documents (the plan, the decision, the agencies' reports, the
    conclusion) have a packet's audience and clearance rules."""

    __tablename__ = "supervision_sessions"

    supervision_id: Mapped[int] = mapped_column(
        ForeignKey("supervisions.id", ondelete="CASCADE"), primary_key=True
    )
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True, unique=True
    )


class FollowUpKind(enum.StrEnum):
    request = "request"  # a report or document the supervision plan asks an agency for
    recommendation = "recommendation"  # of a supervision's conclusion
    task = "task"  # of an issued resolution


class FollowUpStatus(enum.StrEnum):
    open = "open"
    in_progress = "in_progress"
    done = "done"


class FollowUp(Base):
    """What an agency must do by a date, followed until it is done: exactly one of
    `supervision_id` (a request of its plan, a recommendation of its conclusion) and
    `document_id` (a resolution's task) is set."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        CheckConstraint("(supervision_id IS NULL) <> (document_id IS NULL)", name="one_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("councils.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[FollowUpKind] = mapped_column(str_enum(FollowUpKind, "follow_up_kind"))
    supervision_id: Mapped[int | None] = mapped_column(
        ForeignKey("supervisions.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    article: Mapped[str] = mapped_column(String(100), default="")  # "Điều 2, khoản 1"
    content: Mapped[str] = mapped_column(Text)
    expected_result: Mapped[str] = mapped_column(Text, default="")
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="RESTRICT"))
    due_date: Mapped[date]
    status: Mapped[FollowUpStatus] = mapped_column(
        str_enum(FollowUpStatus, "follow_up_status"), default=FollowUpStatus.open
    )
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowUpReport(Base):
    """The agency's progress or result, as recorded by the office."""

    __tablename__ = "follow_up_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="CASCADE"), index=True
    )
    content: Mapped[str] = mapped_column(Text)
    status: Mapped[FollowUpStatus] = mapped_column(str_enum(FollowUpStatus, "follow_up_status"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    by_agency: Mapped[bool] = mapped_column(default=False)  # sent through the agency's link
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgencyLink(Base):
    """An agency's own link (no account): where the council allows it, the office issues one
    and the agency's contact reports on what it was asked to do. Only its hash is kept; a new
    link replaces the last."""

    __tablename__ = "agency_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

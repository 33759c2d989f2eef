from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, str_enum, utcnow


class MeetingKind(enum.StrEnum):
    regular_session = "regular_session"  # kỳ họp thường lệ
    special_session = "special_session"  # kỳ họp chuyên đề / bất thường
    standing_committee = "standing_committee"  # phiên họp Thường trực HĐND
    committee = "committee"  # họp Ban
    delegate_group = "delegate_group"  # họp Tổ đại biểu


SESSION_KINDS = frozenset({MeetingKind.regular_session, MeetingKind.special_session})


class MeetingStatus(enum.StrEnum):
    draft = "draft"
    convened = "convened"
    in_progress = "in_progress"
    closed = "closed"
    archived = "archived"


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("councils.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[MeetingKind] = mapped_column(str_enum(MeetingKind, "meeting_kind"))
    # Sessions are numbered within the council ("Kỳ họp thứ năm"); other meetings are not.
    # Sessions are numbered within their term («Kỳ họp thứ năm» of khóa I); other meetings
    # belong to the term they fall in, unnumbered.
    term_id: Mapped[int | None] = mapped_column(
        ForeignKey("terms.id", ondelete="RESTRICT"), index=True
    )
    number: Mapped[int | None]
    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime]
    location: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[MeetingStatus] = mapped_column(
        str_enum(MeetingStatus, "meeting_status"), default=MeetingStatus.draft
    )
    # The standing committee, committee or group whose members are invited (body meetings).
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("term_id", "number"),)


class AgendaItem(Base):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(500))
    presenter: Mapped[str] = mapped_column(String(200), default="")
    planned_minutes: Mapped[int | None]


class MeetingGuest(Base):
    """Someone invited beyond those the meeting's kind already invites (guests, press…)."""

    __tablename__ = "meeting_guests"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )

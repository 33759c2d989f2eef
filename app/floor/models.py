"""The session floor: who is in the hall, and who asked to speak."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
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

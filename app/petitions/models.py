"""Voters' petitions (kiến nghị cử tri): received, assigned to an agency with a due date,
answered, closed. The petitioner's name and contact are personal data (Decree 13/2023):
only staff read them; public views and exports never carry them."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, str_enum, utcnow


class Field(enum.StrEnum):
    land = "land"  # đất đai
    infrastructure = "infrastructure"  # hạ tầng, giao thông
    welfare = "welfare"  # an sinh xã hội
    environment = "environment"  # môi trường
    health_education = "health_education"  # y tế, giáo dục
    other = "other"


class Source(enum.StrEnum):
    online = "online"  # the public portal's form
    voter_meeting = "voter_meeting"  # tiếp xúc cử tri
    supervision = "supervision"  # kiến nghị sau giám sát


class PetitionStatus(enum.StrEnum):
    received = "received"
    assigned = "assigned"
    answered = "answered"
    resolved = "resolved"
    rejected = "rejected"  # not accepted, with the reason


class Agency(Base):
    """An agency that answers petitions (UBND xã, a department…), with who to remind."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    contact_email: Mapped[str] = mapped_column(String(254), default="")


class PetitionTopic(Base):
    """A topic petitions are grouped under for a period's tổng hợp kiến nghị: found by the
    platform from their words, then named, merged and filled by the office as it sees fit."""

    __tablename__ = "petition_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("councils.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Petition(Base):
    __tablename__ = "petitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("councils.id", ondelete="CASCADE"), index=True
    )
    tracking_code: Mapped[str] = mapped_column(String(20), unique=True)
    source: Mapped[Source] = mapped_column(str_enum(Source, "petition_source"))
    field: Mapped[Field] = mapped_column(str_enum(Field, "petition_field"), default=Field.other)
    area: Mapped[str] = mapped_column(String(200), default="")  # thôn / tổ dân phố
    content: Mapped[str] = mapped_column(Text)
    folded: Mapped[str] = mapped_column(Text, default="")  # content + answer, for search
    # personal data: staff only
    petitioner_name: Mapped[str] = mapped_column(String(200), default="")
    petitioner_contact: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[PetitionStatus] = mapped_column(
        str_enum(PetitionStatus, "petition_status"), default=PetitionStatus.received
    )
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="SET NULL"))
    due_date: Mapped[date | None]
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None]
    reject_reason: Mapped[str] = mapped_column(String(1000), default="")
    # the same request from several voters is handled once: the duplicates follow the first
    duplicate_of: Mapped[int | None] = mapped_column(
        ForeignKey("petitions.id", ondelete="SET NULL"), index=True
    )
    # the delegate group (Tổ đại biểu) whose constituency the area belongs to
    constituency_id: Mapped[int | None] = mapped_column(
        ForeignKey("bodies.id", ondelete="SET NULL"), index=True
    )
    # kiến nghị sau giám sát: which supervision, and its report among the council's documents
    supervision: Mapped[str] = mapped_column(String(300), default="")
    report_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("petition_topics.id", ondelete="SET NULL"), index=True
    )
    closed_at: Mapped[datetime | None]  # resolved or rejected: the retention clock starts
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AttachmentKind(enum.StrEnum):
    evidence = "evidence"  # sent by the petitioner with the form: personal, staff only
    answer = "answer"  # the agency's written answer: for the petitioner, by tracking code


class PetitionAttachment(Base):
    """A photo or PDF attached to a petition; the bytes live in the object store."""

    __tablename__ = "petition_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    petition_id: Mapped[int] = mapped_column(
        ForeignKey("petitions.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[AttachmentKind] = mapped_column(str_enum(AttachmentKind, "attachment_kind"))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    object_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

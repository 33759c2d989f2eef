from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, str_enum, utcnow


class Classification(enum.StrEnum):
    """The classes the platform stores. State secrets are deliberately absent (SecretLevel)."""

    public = "public"  # công khai
    internal = "internal"  # nội bộ
    restricted = "restricted"  # hạn chế


class SecretLevel(enum.StrEnum):
    """Mật, Tối mật, Tuyệt mật: never stored digitally, only registered as paper copies."""

    mat = "mat"
    toi_mat = "toi_mat"
    tuyet_mat = "tuyet_mat"


class DocumentType(enum.StrEnum):
    invitation = "invitation"  # giấy mời / thông báo triệu tập
    programme = "programme"  # chương trình kỳ họp
    proposal = "proposal"  # tờ trình
    report = "report"  # báo cáo
    review_report = "review_report"  # báo cáo thẩm tra
    draft_resolution = "draft_resolution"  # dự thảo nghị quyết
    resolution = "resolution"  # nghị quyết
    minutes = "minutes"  # biên bản
    notice = "notice"  # thông báo
    plan = "plan"  # kế hoạch
    decision = "decision"  # quyết định (of the Standing Committee)
    official_letter = "official_letter"  # công văn
    other = "other"


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("councils.id", ondelete="RESTRICT"), index=True
    )
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(500))
    doc_type: Mapped[DocumentType] = mapped_column(str_enum(DocumentType, "document_type"))
    number: Mapped[str] = mapped_column(String(100), default="")  # "05/TTr-UBND"
    classification: Mapped[Classification] = mapped_column(
        str_enum(Classification, "classification")
    )
    current_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Set when the office numbers it for issuing; the code is the secret in its QR link.
    verify_code: Mapped[str | None] = mapped_column(String(43), unique=True)
    issued_at: Mapped[datetime | None] = mapped_column()  # sealed: final and issued
    # Where the office put the chair's signature on the last page: its centre, as fractions of
    # the page's width (from the left) and height (from the bottom); unset, the platform
    # places it below the signature block's title line.
    stamp_x: Mapped[float | None] = mapped_column()
    stamp_y: Mapped[float | None] = mapped_column()
    # The Ban (or the Standing Committee) that issues it, e.g. a Ban's review report: its head
    # signs for it ("TM. BAN …"). None: the council's, signed by its Chủ tịch.
    issuer_body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id", ondelete="SET NULL"))
    # on the public portal since then (public class only: the access policy decides)
    published_at: Mapped[datetime | None] = mapped_column()
    published_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    # lists and searches walk documents newest first and stop at a page or a rank window
    __table_args__ = (Index("ix_documents_published", "published_at", "id"),)


class DocumentAudience(Base):
    """Who a restricted document is for: the members of a body, or one named person."""

    __tablename__ = "document_audiences"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    body_id: Mapped[int | None] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))

    __table_args__ = (CheckConstraint("(body_id IS NULL) != (user_id IS NULL)", name="one_target"),)


class DocumentVersion(Base):
    """One uploaded file. The object under `object_key` is written before this row is
    committed and deleted if the commit fails, so rows and objects always come in pairs."""

    __tablename__ = "document_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    object_key: Mapped[str] = mapped_column(String(100), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    pages: Mapped[int]
    filename: Mapped[str] = mapped_column(String(255))
    # The uploaded office file (DOCX, XLSX, ODT, ODS) this PDF was converted from, kept as is.
    original_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    original_filename: Mapped[str] = mapped_column(String(255), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    # Set when an authorised person overrode a (false-positive) secrecy-mark refusal.
    secrecy_override: Mapped[str] = mapped_column(String(500), default="")
    # Page 1 drawn as an image, made on the first look and shown while the viewer loads.
    preview_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    # The viewer's copy of an exactly served version: the same pages with the page objects
    # written together, so pdf.js draws page 1 after a few ranges instead of hundreds.
    reading_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    # Signed bytes are served exactly as stored: a watermark would break the signatures.
    signed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (UniqueConstraint("document_id", "version"),)


class WatermarkedCopy(Base):
    """A reader's own stamped copy of a version, made once and then served with ranges."""

    __tablename__ = "watermarked_copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    object_key: Mapped[str] = mapped_column(String(100), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("version_id", "user_id"),)


class DocumentRead(Base):
    """Who opened which version: first and last time, and how often."""

    __tablename__ = "document_reads"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    first_opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    times: Mapped[int] = mapped_column(default=1)

    __table_args__ = (UniqueConstraint("document_id", "version", "user_id"),)


class PaperDocument(Base):
    """Register entry of a state-secret document handed out on paper at the meeting."""

    __tablename__ = "paper_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("councils.id", ondelete="RESTRICT"), index=True
    )
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(500))
    secrecy: Mapped[SecretLevel] = mapped_column(str_enum(SecretLevel, "secret_level"))
    copies: Mapped[int]
    recipients: Mapped[str] = mapped_column(Text, default="")  # who received a numbered copy
    returned: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("copies > 0", name="copies_positive"),)


class DocumentNote(Base):
    """A reader's private note on one page; nobody else, staff included, can read it."""

    __tablename__ = "document_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    page: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("document_id", "user_id", "page"),
        CheckConstraint("page > 0", name="page_positive"),
    )

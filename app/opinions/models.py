"""Written opinion collection (lấy ý kiến đại biểu bằng văn bản): between sessions the office
asks delegates for their opinion on drafts, or for a decision where the law allows it by
written opinion. A named form keeps who answered what; a secret one keeps who answered
(`OpinionRecipient.answered`) and, until it is counted, each answer sealed under a key the
database never holds, named by a tag only the server can compute (`SealedOpinion`)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, str_enum, utcnow


class QuestionKind(enum.StrEnum):
    choice = "choice"  # đồng ý / không đồng ý / ý kiến khác
    text = "text"  # góp ý bằng lời


class OpinionChoice(enum.StrEnum):
    approve = "approve"  # đồng ý
    against = "against"  # không đồng ý
    other = "other"  # ý kiến khác (with its text)


class FormStatus(enum.StrEnum):
    draft = "draft"
    sent = "sent"  # answers taken until the deadline
    reported = "reported"  # counted and reported


class OpinionForm(Base):
    __tablename__ = "opinion_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("councils.id", ondelete="CASCADE"), index=True
    )
    # the meeting whose packet holds the drafts asked about, and where the report is filed
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    # decides something (a decision by written opinion): counted against delegates in office
    decides: Mapped[bool] = mapped_column(default=False)
    secret: Mapped[bool] = mapped_column(default=False)
    comments_shared: Mapped[bool] = mapped_column(default=False)  # delegates see each other's
    deadline: Mapped[datetime]
    status: Mapped[FormStatus] = mapped_column(
        str_enum(FormStatus, "opinion_form_status"), default=FormStatus.draft
    )
    total_delegates: Mapped[int | None]  # in office when it was sent
    sent_at: Mapped[datetime | None]
    report_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL")
    )
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OpinionQuestion(Base):
    __tablename__ = "opinion_questions"

    form_id: Mapped[int] = mapped_column(
        ForeignKey("opinion_forms.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(String(1000))
    kind: Mapped[QuestionKind] = mapped_column(str_enum(QuestionKind, "opinion_question_kind"))


class OpinionDocument(Base):
    __tablename__ = "opinion_documents"

    form_id: Mapped[int] = mapped_column(
        ForeignKey("opinion_forms.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )


class OpinionRecipient(Base):
    """A delegate asked; `answered` only, for a secret form (no time, no order)."""

    __tablename__ = "opinion_recipients"

    form_id: Mapped[int] = mapped_column(
        ForeignKey("opinion_forms.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    answered: Mapped[bool] = mapped_column(default=False)
    reminders: Mapped[int] = mapped_column(default=0)


class OpinionAnswer(Base):
    """A named form's answer to one question; changed in place until the deadline."""

    __tablename__ = "opinion_answers"

    form_id: Mapped[int] = mapped_column(
        ForeignKey("opinion_forms.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    question: Mapped[int] = mapped_column(Integer, primary_key=True)
    choice: Mapped[OpinionChoice | None] = mapped_column(str_enum(OpinionChoice, "opinion_choice"))
    text: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class SealedOpinion(Base):
    """A secret form's whole answer, sealed and padded to one length; the tag is an HMAC of
    the delegate under the deployment's secret, so a changed answer replaces its row."""

    __tablename__ = "sealed_opinions"

    form_id: Mapped[int] = mapped_column(
        ForeignKey("opinion_forms.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(32), primary_key=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class OpinionComment(Base):
    """A comment on a draft's article or page. A secret form's comments carry no name."""

    __tablename__ = "opinion_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(
        ForeignKey("opinion_forms.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    page: Mapped[int | None]
    article: Mapped[str] = mapped_column(String(100), default="")  # «Điều 3», «khoản 2 Điều 5»
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime | None] = mapped_column(default=utcnow)

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, str_enum, utcnow


class CouncilLevel(enum.StrEnum):
    commune = "commune"
    province = "province"


class Role(enum.StrEnum):
    admin = "admin"
    clerk = "clerk"
    chair = "chair"
    delegate = "delegate"
    guest = "guest"


class Clearance(enum.StrEnum):
    """public < internal < restricted (the order lives in the access policy). The secret classes
    (Mật, Tối mật, Tuyệt mật) deliberately have no member here: no account can ever reach them."""

    public = "public"
    internal = "internal"
    restricted = "restricted"


class BodyKind(enum.StrEnum):
    standing_committee = "standing_committee"  # Thường trực HĐND
    committee = "committee"  # Ban
    delegate_group = "delegate_group"  # Tổ đại biểu


class Council(Base):
    __tablename__ = "councils"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[CouncilLevel] = mapped_column(str_enum(CouncilLevel, "council_level"))
    term: Mapped[str] = mapped_column(String(100), default="")  # "khóa I, nhiệm kỳ 2026–2031"
    total_delegates: Mapped[int]
    # PAdES level of its signatures ("B-B" … "B-LTA"); empty: B-T when a TSA is configured.
    signature_level: Mapped[str] = mapped_column(String(10), default="")
    # the council's session rules (nội quy kỳ họp): quorum as a fraction of all delegates, and
    # whether a named ballot may be changed until the vote closes
    quorum_numerator: Mapped[int] = mapped_column(default=2)
    quorum_denominator: Mapped[int] = mapped_column(default=3)
    ballot_changes_allowed: Mapped[bool] = mapped_column(default=False)
    # Whether a delegate checked in from their own device away from the hall (có mặt trực
    # tuyến) counts for the quorum and may vote; the hall's QR proves presence in the hall.
    online_presence_counts: Mapped[bool] = mapped_column(default=True)
    # The highest class of document whose passages may be sent to the province's own language
    # model server (public, internal or restricted); public by default.
    model_ceiling: Mapped[str] = mapped_column(String(20), default="public")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("total_delegates > 0", name="total_delegates_positive"),)


class Term(Base):
    """A council's term of office (khóa I, nhiệm kỳ 2026–2031): sessions are numbered within
    it, from «Kỳ họp thứ nhất»."""

    __tablename__ = "terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    ordinal: Mapped[int]  # khóa I = 1
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("council_id", "ordinal"),
        CheckConstraint("ordinal > 0", name="ordinal_positive"),
    )


class MandateEnd(enum.StrEnum):
    """Why a delegate left office before the term ended."""

    resigned = "resigned"  # thôi làm nhiệm vụ đại biểu
    dismissed = "dismissed"  # bị bãi nhiệm
    deceased = "deceased"  # từ trần
    lost = "lost"  # mất quyền đại biểu (chuyển nơi cư trú, công tác ra ngoài địa bàn…)


class Mandate(Base):
    """A delegate's time in office within a term: elected at its start or at a by-election,
    and maybe ended before the term's end. A council that records them counts "all delegates"
    (thresholds, quorum) as those in office on the day."""

    __tablename__ = "mandates"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]  # the first day no longer in office
    end_reason: Mapped[MandateEnd | None] = mapped_column(str_enum(MandateEnd, "mandate_end"))
    note: Mapped[str] = mapped_column(String(300), default="")  # the decision ending it, say

    __table_args__ = (UniqueConstraint("term_id", "user_id"),)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Deployment admins belong to no council; everyone else belongs to exactly one.
    council_id: Mapped[int | None] = mapped_column(
        ForeignKey("councils.id", ondelete="RESTRICT"), index=True
    )
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(str_enum(Role, "user_role"))
    clearance: Mapped[Clearance] = mapped_column(str_enum(Clearance, "user_clearance"))
    position: Mapped[str] = mapped_column(String(200), default="")  # chức vụ
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[BodyMembership]] = relationship(
        back_populates="user", lazy="raise", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("role = 'admin' OR council_id IS NOT NULL", name="council_required"),
    )


class Body(Base):
    """A standing committee, committee (Ban) or delegate group (Tổ đại biểu) of a council."""

    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(
        ForeignKey("councils.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[BodyKind] = mapped_column(str_enum(BodyKind, "body_kind"))
    name: Mapped[str] = mapped_column(String(200))
    # a delegate group's constituency: its thôn / tổ dân phố, comma-separated; a voter's
    # petition from one of them reaches that group's delegates
    areas: Mapped[str] = mapped_column(String(2000), default="")

    memberships: Mapped[list[BodyMembership]] = relationship(
        back_populates="body", lazy="raise", cascade="all, delete-orphan"
    )

    __table_args__ = (UniqueConstraint("council_id", "name"),)


class BodyMembership(Base):
    __tablename__ = "body_memberships"

    body_id: Mapped[int] = mapped_column(
        ForeignKey("bodies.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[str] = mapped_column(String(100), default="")  # Trưởng ban, Tổ trưởng…

    body: Mapped[Body] = relationship(back_populates="memberships", lazy="raise")
    user: Mapped[User] = relationship(back_populates="memberships", lazy="raise")

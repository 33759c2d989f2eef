from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class AuditEvent(Base):
    """One audited fact. Rows are never updated or deleted (database triggers refuse it);
    each row's hash covers its content and the previous row's hash, so `kyhop audit verify`
    notices a changed, inserted or removed row even when the triggers were bypassed."""

    __tablename__ = "audit_events"

    # The chain position; stored explicitly so a deleted row leaves a visible gap.
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor_id: Mapped[int | None]  # no FK: the record outlives the account
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    council_id: Mapped[int | None] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")
    ip: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    details: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

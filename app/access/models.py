from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, utcnow


class AccessLink(Base):
    """A personal link (usually printed as a QR code). Only the SHA-256 of its 256-bit token
    is stored: the token itself is shown once, when the link is made."""

    __tablename__ = "access_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # When set, the link opens this meeting only, whatever else the person may see.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    # Optional PIN chosen by the delegate on first use; then asked on every new device.
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    # Wrong PINs in a row, from every device together: past a few the link locks until the
    # office unlocks it (a fresh device session must not bring a fresh guessing budget).
    pin_failures: Mapped[int] = mapped_column(default=0)
    pin_locked_at: Mapped[datetime | None]

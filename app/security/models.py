from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, utcnow


class SessionKind(enum.StrEnum):
    api = "api"  # bearer token from POST /api/auth/token
    web = "web"  # cookie session of the office pages


class AuthSession(Base):
    """A login. Only the SHA-256 of its token is stored, so a database leak opens nothing."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[SessionKind] = mapped_column(
        Enum(SessionKind, name="session_kind", native_enum=False, create_constraint=True, length=16)
    )
    csrf_token: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    # Set for a device session opened by scanning an access link: revoking the link ends it.
    access_link_id: Mapped[int | None] = mapped_column(
        ForeignKey("access_links.id", ondelete="CASCADE"), index=True
    )
    # A device session from a PIN-protected link, until the PIN has been entered.
    needs_pin: Mapped[bool] = mapped_column(default=False)
    ip: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from app.db import DbInt, DbMoment


class AccessLinkCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    meeting_id: DbInt | None = None
    expires_at: DbMoment | None = None


class AccessLinkCreated(BaseModel):
    id: int
    url: str
    qr_svg: str  # the same URL as an SVG QR code, to show or print once


class AccessLinkOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: DbInt
    meeting_id: DbInt | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None
    pin_locked_at: datetime | None = None

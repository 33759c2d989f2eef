"""The outbox: every message to send is a row first (written with the change that causes it),
then delivered by the worker with retries; a message is never lost and never sent twice."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, str_enum, utcnow


class Channel(enum.StrEnum):
    email = "email"
    zalo = "zalo"  # a Zalo Official Account message, where the deployment configures one


class Delivery(enum.StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"  # gave up after the last retry; the office sees it


class Notification(Base):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    # None: someone without an account (an agency's contact for an overdue petition)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "notify_channel"))
    # one message per purpose and person: enqueuing again is harmless
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # what kind of message it is ("invitation", "reminder"…) and its values by name: what a
    # Zalo template is filled with (e-mail sends the body)
    kind: Mapped[str] = mapped_column(String(40), default="")
    params: Mapped[str] = mapped_column(Text, default="{}")  # JSON object of strings
    provider_ref: Mapped[str] = mapped_column(String(100), default="")  # Zalo's msg_id
    status: Mapped[Delivery] = mapped_column(
        str_enum(Delivery, "notify_status"), default=Delivery.pending, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]  # on the recipient's phone, as Zalo's receipt says


class WebhookCursor(Base):
    """How far the outbound webhook has told the other system: the audit log's sequence
    number of the last event delivered (the log is the feed; nothing else is written)."""

    __tablename__ = "webhook_cursors"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

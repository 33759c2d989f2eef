"""Zalo's delivery receipts: Zalo tells the Official Account's webhook when a ZNS message
reached the recipient's phone (event «user_received_message», with the message's `msg_id` and
its `delivery_time` in milliseconds). Each event is signed: the header X-ZEvent-Signature is
«mac=» and the SHA-256 (hex) of the app's id, the body as sent, the event's timestamp and the
Official Account's secret key, one after another."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import Settings
from app.notify.errors import BadZaloSignature
from app.notify.models import Channel, Notification

RECEIVED = "user_received_message"


def verified(settings: Settings, raw: bytes, header: str) -> dict[str, Any]:
    """The event, once it is known that Zalo signed it for this deployment's app."""
    try:
        payload = json.loads(raw)
    except ValueError:
        payload = None
    if not isinstance(payload, dict) or not _signed(settings, raw, payload, header):
        raise BadZaloSignature()
    return payload


def _signed(settings: Settings, raw: bytes, payload: dict[str, Any], header: str) -> bool:
    if not settings.zalo_app_id or not settings.zalo_oa_secret:
        return False
    app_id, timestamp = str(payload.get("app_id", "")), str(payload.get("timestamp", ""))
    if app_id != settings.zalo_app_id or not timestamp:
        return False
    mac = hashlib.sha256(
        app_id.encode() + raw + timestamp.encode() + settings.zalo_oa_secret.encode()
    ).hexdigest()
    given = header.strip().removeprefix("mac=").strip().lower()
    return hmac.compare_digest(given, mac)


def record(db: Session, payload: dict[str, Any]) -> bool:
    """Mark the message this receipt is about as delivered (once); other events, and
    receipts of messages that are not ours, change nothing."""
    message = payload.get("message") if payload.get("event_name") == RECEIVED else None
    if not isinstance(message, dict) or not message.get("delivery_time"):
        return False  # an Official Account chat receipt, not a ZNS one
    try:
        at = datetime.fromtimestamp(int(message["delivery_time"]) / 1000, UTC)
    except (TypeError, ValueError, OverflowError):
        return False
    found = db.scalar(
        select(Notification).where(
            Notification.channel == Channel.zalo,
            Notification.provider_ref == str(message.get("msg_id", ""))[:100],
            Notification.provider_ref != "",
        )
    )
    if found is None or found.delivered_at is not None:
        return False
    found.delivered_at = at
    return True

"""The outbound webhook: another system (the commune's document management) is told when the
council issues, publishes or withdraws a document. The append-only audit log is the feed: the
worker POSTs each such event in order, signed with HMAC-SHA256, and moves its cursor only once
the other system answered 2xx; a failure is retried on the next round, from the same event."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.audit.models import AuditEvent
from app.config import Settings
from app.db import utcnow
from app.directory.models import Council
from app.documents.models import Document
from app.notify.models import WebhookCursor
from app.signing.service import verification_url

CURSOR = "documents"
BATCH = 50
TIMEOUT = 20
# the audit log's actions and the names the other system receives
EVENTS = {
    "document.sealed": "document.issued",
    "document.published": "document.published",
    "document.unpublished": "document.withdrawn",
}


def signature(secret: str, body: bytes) -> str:
    """What the receiver recomputes to trust the message: `sha256=` and the HMAC in hex."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _cursor(db: Session) -> WebhookCursor:
    """Where the feed stands; created at the log's end the first time, so turning the webhook
    on tells what happens from then on, not the whole history."""
    cursor = db.get(WebhookCursor, CURSOR)
    if cursor is None:
        last = db.scalar(select(func.max(AuditEvent.seq))) or 0
        cursor = WebhookCursor(name=CURSOR, last_seq=last)
        db.add(cursor)
        db.flush()
    return cursor


def _payload(db: Session, event: AuditEvent, base_url: str) -> dict[str, object]:
    document = db.get(Document, int(event.object_id)) if event.object_id.isdigit() else None
    council = db.get(Council, event.council_id) if event.council_id else None
    described: dict[str, object] | None = None
    if document is not None:
        described = {
            "id": document.id,
            "number": document.number,
            "title": document.title,
            "doc_type": document.doc_type.value,
            "classification": document.classification.value,
            "issued_at": document.issued_at.isoformat() if document.issued_at else None,
            "published": document.published_at is not None,
            "verification_url": verification_url(base_url, document.verify_code)
            if document.verify_code
            else None,
        }
    return {
        "event": EVENTS[event.action],
        "id": event.seq,
        "at": event.at.isoformat(),
        "council": {"id": council.id, "name": council.name} if council else None,
        "document": described,
    }


def forward(factory: sessionmaker[Session], settings: Settings) -> int:
    """Deliver what happened since the cursor, in order; how many were delivered."""
    if not settings.webhook_url:
        return 0
    with factory() as db, db.begin():
        after = _cursor(db).last_seq
        pending = [
            (event.seq, _payload(db, event, settings.base_url))
            for event in db.scalars(
                select(AuditEvent)
                .where(AuditEvent.seq > after, AuditEvent.action.in_(list(EVENTS)))
                .order_by(AuditEvent.seq)
                .limit(BATCH)
            )
        ]
    delivered = 0
    for seq, payload in pending:  # holding no connection while the other system answers
        body = json.dumps(payload, ensure_ascii=False).encode()
        error = _post(settings, body, str(payload["event"]), seq)
        with factory() as db, db.begin():
            cursor = _cursor(db)
            cursor.updated_at = utcnow()
            if error:
                cursor.last_error = error[:500]
                return delivered
            cursor.last_seq, cursor.last_error = seq, ""
        delivered += 1
    return delivered


def _post(settings: Settings, body: bytes, event: str, seq: int) -> str:
    try:
        response = httpx.post(
            settings.webhook_url,
            content=body,
            headers={
                "content-type": "application/json",
                "x-kyhop-event": event,
                "x-kyhop-delivery": str(seq),
                "x-kyhop-signature": signature(settings.webhook_secret, body),
            },
            timeout=TIMEOUT,
        )
    except httpx.HTTPError as exc:
        return str(exc) or type(exc).__name__
    return "" if response.is_success else f"HTTP {response.status_code}"

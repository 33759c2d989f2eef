"""Issue, open and revoke access links."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.access.errors import (
    ExpiryInPast,
    LinkGuessingThrottled,
    LinkInvalid,
    LinkPinLocked,
    LinkPinLockedNow,
    PinFormat,
    WrongPin,
)
from app.access.models import AccessLink
from app.audit import service as audit
from app.audit.service import RequestMeta
from app.db import utcnow
from app.directory.models import User
from app.meetings.models import Meeting
from app.security import service as sessions
from app.security.actor import Actor
from app.security.models import AuthSession, SessionKind
from app.security.passwords import hash_password, verify_password
from app.security.ratelimit import RateLimiter

LINK_PATH = "/a/"


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{LINK_PATH}{token}"


def issue(
    db: Session,
    *,
    actor: Actor | None,
    user: User,
    meeting: Meeting | None,
    expires_at: datetime | None,
    base_url: str,
    meta: RequestMeta,
) -> tuple[AccessLink, str]:
    """Make a link and return it with its URL; the token is not kept anywhere else."""
    if expires_at is not None and expires_at <= utcnow():
        raise ExpiryInPast()
    token = secrets.token_urlsafe(32)  # 256 bits
    link = AccessLink(
        token_hash=sessions.token_hash(token),
        user_id=user.id,
        meeting_id=meeting.id if meeting else None,
        created_by=actor.user_id if actor else None,  # None: the worker's reminder
        expires_at=expires_at,
    )
    db.add(link)
    db.flush()
    audit.record(
        db,
        action="access_link.issued",
        meta=meta,
        actor=actor,
        council_id=user.council_id,
        object_type="access_link",
        object_id=link.id,
        details={"user_id": user.id, "meeting_id": link.meeting_id},
    )
    return link, link_url(base_url, token)


def open_link(
    db: Session,
    *,
    token: str,
    meta: RequestMeta,
    limiter: RateLimiter,
    max_failures: int,
    session_hours: int,
) -> tuple[str, AccessLink]:
    """Scanning a link opens a device session (returned as its cookie token)."""
    key = f"link:ip:{meta.ip}"
    if limiter.count(key) >= max_failures:
        audit.record(db, action="access_link.throttled", meta=meta)
        raise LinkGuessingThrottled()
    link = db.scalar(select(AccessLink).where(AccessLink.token_hash == sessions.token_hash(token)))
    user = db.get(User, link.user_id) if link else None
    if link is None or user is None or not user.is_active or not sessions.link_usable(link):
        limiter.hit(key)
        audit.record(
            db, action="access_link.failed", meta=meta, details={"link": link.id if link else None}
        )
        raise LinkInvalid()
    link.last_used_at = utcnow()
    cookie, row = sessions.open_session(
        db, user=user, kind=SessionKind.web, meta=meta, hours=session_hours, link=link
    )
    row.needs_pin = link.pin_hash is not None  # a new device of a PIN-protected link
    db.flush()
    return cookie, link


def revoke(db: Session, *, actor: Actor, link: AccessLink, meta: RequestMeta) -> None:
    """The link stops working and every device session it opened ends at once."""
    now = utcnow()
    if link.revoked_at is None:
        link.revoked_at = now
    db.execute(
        update(AuthSession)
        .where(AuthSession.access_link_id == link.id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    db.flush()
    audit.record(
        db,
        action="access_link.revoked",
        meta=meta,
        actor=actor,
        object_type="access_link",
        object_id=link.id,
        details={"user_id": link.user_id},
    )


def links_of(db: Session, *, user: User) -> Sequence[AccessLink]:
    return db.scalars(
        select(AccessLink).where(AccessLink.user_id == user.id).order_by(AccessLink.id.desc())
    ).all()


PIN_PATTERN = re.compile(r"^\d{4,8}$")
LINK_PIN_FAILURES = 10  # wrong PINs in a row, all devices together, before the link locks


def set_pin(db: Session, *, actor: Actor, link: AccessLink, pin: str, meta: RequestMeta) -> None:
    """The delegate protects their link: from now on a new device must give the PIN."""
    if not PIN_PATTERN.fullmatch(pin):
        raise PinFormat()
    link.pin_hash = hash_password(pin)
    db.flush()
    audit.record(
        db,
        action="access_link.pin_set",
        meta=meta,
        actor=actor,
        object_type="access_link",
        object_id=link.id,
    )


def verify_pin(
    db: Session,
    *,
    session_row: AuthSession,
    pin: str,
    meta: RequestMeta,
    limiter: RateLimiter,
    max_failures: int,
) -> None:
    """Unlock a new device. Too many wrong PINs end the device's session; too many on the link
    from every device together lock the link until the office unlocks it."""
    link = db.get(AccessLink, session_row.access_link_id)
    key = f"pin:session:{session_row.id}"
    if link is None or link.pin_hash is None:
        session_row.needs_pin = False
        return
    if link.pin_locked_at is not None:
        raise LinkPinLocked()
    if not verify_password(link.pin_hash, pin):
        link.pin_failures += 1
        if link.pin_failures >= LINK_PIN_FAILURES:
            link.pin_locked_at = utcnow()
            _end_pending_devices(db, link)
            audit.record(
                db,
                action="access_link.link_locked",
                meta=meta,
                object_type="access_link",
                object_id=link.id,
                details={"user_id": link.user_id, "failures": link.pin_failures},
            )
            raise LinkPinLockedNow()
        if limiter.hit(key) >= max_failures:
            session_row.revoked_at = utcnow()
            audit.record(
                db,
                action="access_link.pin_locked",
                meta=meta,
                object_type="access_link",
                object_id=link.id,
            )
            raise LinkGuessingThrottled()
        audit.record(
            db,
            action="access_link.pin_failed",
            meta=meta,
            object_type="access_link",
            object_id=link.id,
        )
        raise WrongPin()
    limiter.reset(key)
    link.pin_failures = 0
    session_row.needs_pin = False
    db.flush()


def _end_pending_devices(db: Session, link: AccessLink) -> None:
    """Devices still waiting for the PIN stop waiting; those already unlocked keep reading."""
    db.execute(
        update(AuthSession)
        .where(
            AuthSession.access_link_id == link.id,
            AuthSession.needs_pin.is_(True),
            AuthSession.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )


def unlock(db: Session, *, actor: Actor, link: AccessLink, meta: RequestMeta) -> None:
    """The office lets the link take PINs again (after checking with its owner)."""
    link.pin_locked_at, link.pin_failures = None, 0
    db.flush()
    audit.record(
        db,
        action="access_link.unlocked",
        meta=meta,
        actor=actor,
        object_type="access_link",
        object_id=link.id,
        details={"user_id": link.user_id},
    )

"""Logins and sessions: password check under a failure limit, opaque session tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.access.models import AccessLink
from app.audit import service as audit
from app.audit.service import RequestMeta
from app.db import utcnow
from app.directory.models import BodyMembership, User
from app.errors import NotAuthenticated, TooManyRequests
from app.security.actor import Actor
from app.security.models import AuthSession, SessionKind
from app.security.passwords import hash_password, needs_rehash, verify_password
from app.security.ratelimit import RateLimiter


class InvalidCredentials(NotAuthenticated):
    code = "invalid_credentials"
    message_key = "auth.invalid_credentials"
    keep_writes = True


class LoginThrottled(TooManyRequests):
    code = "login_throttled"
    message_key = "auth.throttled"
    keep_writes = True


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int
    session_hours: int
    window_seconds: int


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _throttle_keys(username: str, ip: str) -> tuple[str, str]:
    # a username counts per address: whoever knows the chair's username cannot keep the chair
    # out from elsewhere; an address guessing many usernames meets its own limit
    return f"login:user:{username}:ip:{ip}", f"login:ip:{ip}"


def backoff_seconds(failures: int, max_failures: int, window: int) -> float:
    """Past the allowed failures each further one doubles the wait: 1 s, 2 s, 4 s… up to the
    window. A person who mistypes waits a moment; a guesser gets a handful of tries an hour."""
    return float(min(2 ** (failures - max_failures), window))


def check_password(
    db: Session,
    *,
    username: str,
    password: str,
    meta: RequestMeta,
    limiter: RateLimiter,
    policy: LoginPolicy,
) -> User:
    """Return the active user with this username and password, or raise.

    Failures are counted per username and address, and per address. Past the limit a
    username from that address waits a doubling backoff, and an address that fails too often
    waits out the window; while waiting every attempt is refused with 429 before the password
    is even checked, so guessing stops paying."""
    username = username.strip().lower()
    user_key, ip_key = _throttle_keys(username, meta.ip)
    if limiter.blocked(user_key) or limiter.count(ip_key) >= policy.max_failures * 4:
        audit.record(db, action="login.throttled", meta=meta, details={"username": username})
        raise LoginThrottled()
    user = db.scalar(select(User).where(User.username == username))
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        failures = limiter.hit(user_key)
        if failures >= policy.max_failures:
            limiter.block(
                user_key, backoff_seconds(failures, policy.max_failures, policy.window_seconds)
            )
        limiter.hit(ip_key)
        audit.record(db, action="login.failed", meta=meta, details={"username": username})
        raise InvalidCredentials()
    limiter.reset(user_key)
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def open_session(
    db: Session,
    *,
    user: User,
    kind: SessionKind,
    meta: RequestMeta,
    hours: int,
    link: AccessLink | None = None,
) -> tuple[str, AuthSession]:
    """Create a session and return its token; only the token's hash is stored."""
    token = secrets.token_urlsafe(32)
    row = AuthSession(
        token_hash=token_hash(token),
        user_id=user.id,
        kind=kind,
        csrf_token=secrets.token_urlsafe(32) if kind is SessionKind.web else "",
        expires_at=utcnow() + timedelta(hours=hours),
        access_link_id=link.id if link else None,
        ip=meta.ip[:64],
        user_agent=meta.user_agent[:300],
    )
    db.add(row)
    db.flush()
    audit.record(
        db,
        action="login.succeeded",
        meta=meta,
        actor=actor_for(db, user, row),
        details={"kind": kind.value, "access_link": link.id if link else None},
    )
    return token, row


def resolve(db: Session, token: str, kind: SessionKind) -> tuple[AuthSession, User] | None:
    row = db.scalar(select(AuthSession).where(AuthSession.token_hash == token_hash(token)))
    if row is None or row.kind is not kind or row.revoked_at is not None:
        return None
    if row.expires_at <= utcnow():
        return None
    user = db.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    if row.access_link_id is not None and not link_usable(db.get(AccessLink, row.access_link_id)):
        return None
    return row, user


def link_usable(link: AccessLink | None) -> bool:
    return (
        link is not None
        and link.revoked_at is None
        and (link.expires_at is None or link.expires_at > utcnow())
    )


def revoke(db: Session, session_id: int) -> None:
    db.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_all_for_user(db: Session, user_id: int) -> None:
    db.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def actor_for(db: Session, user: User, session: AuthSession | None = None) -> Actor:
    body_ids = db.scalars(
        select(BodyMembership.body_id).where(BodyMembership.user_id == user.id)
    ).all()
    link = (
        db.get(AccessLink, session.access_link_id) if session and session.access_link_id else None
    )
    return Actor(
        user_id=user.id,
        username=user.username,
        full_name=user.full_name,
        role=user.role,
        clearance=user.clearance,
        council_id=user.council_id,
        body_ids=frozenset(body_ids),
        session_id=session.id if session else None,
        via_link=link is not None,
        meeting_scope=link.meeting_id if link else None,
    )

"""Small typed builders for councils, bodies and people (rows flushed, not committed)."""

from __future__ import annotations

import itertools

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.audit.service import RequestMeta
from app.directory.models import (
    Body,
    BodyKind,
    BodyMembership,
    Clearance,
    Council,
    CouncilLevel,
    Role,
    User,
)
from app.security.models import SessionKind
from app.security.passwords import hash_password
from app.security.service import open_session

PASSWORD = "mat-khau-thu-nghiem"
_PASSWORD_HASH = hash_password(PASSWORD)  # hashing once keeps the suite fast
_seq = itertools.count(1)


def council(db: Session, *, name: str | None = None, total_delegates: int = 30) -> Council:
    row = Council(
        name=name or f"HĐND xã Thử {next(_seq)}",
        level=CouncilLevel.commune,
        total_delegates=total_delegates,
        term="khóa I, nhiệm kỳ 2026–2031",
    )
    db.add(row)
    db.flush()
    return row


def user(
    db: Session,
    *,
    council: Council | None,
    role: Role = Role.delegate,
    clearance: Clearance = Clearance.internal,
    username: str | None = None,
    full_name: str = "Nguyễn Văn Thử",
) -> User:
    row = User(
        council_id=council.id if council else None,
        username=username or f"{role.value}{next(_seq)}",
        password_hash=_PASSWORD_HASH,
        full_name=full_name,
        role=role,
        clearance=clearance,
    )
    db.add(row)
    db.flush()
    return row


def admin(db: Session) -> User:
    return user(db, council=None, role=Role.admin, clearance=Clearance.restricted)


def body(
    db: Session,
    *,
    council: Council,
    kind: BodyKind = BodyKind.committee,
    name: str | None = None,
    members: tuple[User, ...] = (),
) -> Body:
    row = Body(council_id=council.id, kind=kind, name=name or f"Ban thử {next(_seq)}")
    db.add(row)
    db.flush()
    db.add_all(BodyMembership(body_id=row.id, user_id=m.id) for m in members)
    db.flush()
    return row


def login(client: TestClient, account: User, password: str = PASSWORD) -> dict[str, str]:
    """Bearer headers for `account`, obtained through the real token endpoint."""
    response = client.post(
        "/api/auth/token", data={"username": account.username, "password": password}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def bearer(db: Session, account: User) -> dict[str, str]:
    """Bearer headers for `account` without a password round-trip: for tests with many people
    (the login endpoint itself is tested in tests/security)."""
    token, _ = open_session(
        db, user=account, kind=SessionKind.api, meta=RequestMeta(ip="test", user_agent=""), hours=1
    )
    return {"Authorization": f"Bearer {token}"}

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from pydantic import BaseModel

from app.api.deps import Limiter, LoginRules
from app.db import DbSession
from app.directory.schemas import UserOut
from app.security import policy, service
from app.security.auth import CurrentActor, Meta
from app.security.models import SessionKind

router = APIRouter(prefix="/api", tags=["auth"])


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


@router.post("/auth/token", response_model=TokenOut)
def issue_token(
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    db: DbSession,
    meta: Meta,
    limiter: Limiter,
    rules: LoginRules,
) -> TokenOut:
    user = service.check_password(
        db, username=username, password=password, meta=meta, limiter=limiter, policy=rules
    )
    token, _ = service.open_session(
        db, user=user, kind=SessionKind.api, meta=meta, hours=rules.session_hours
    )
    return TokenOut(access_token=token, expires_in=rules.session_hours * 3600)


@router.post("/auth/logout", status_code=204)
def logout(actor: CurrentActor, db: DbSession) -> None:
    if actor.session_id is not None:
        service.revoke(db, actor.session_id)


@router.get("/me", response_model=UserOut)
def me(actor: CurrentActor, db: DbSession) -> object:
    return policy.user_for_read(db, actor, actor.user_id)

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile

from app.api.deps import IMPORT_LIMIT, AppSettings
from app.db import DbInt, DbSession
from app.directory import importer, service
from app.directory.models import User
from app.directory.schemas import Created, ImportResult, UserCreate, UserOut, UserUpdate
from app.notify import senders
from app.security import policy
from app.security.auth import CurrentActor, Meta

router = APIRouter(prefix="/api", tags=["directory"])


@router.post("/users", response_model=Created, status_code=201)
def create_user(data: UserCreate, actor: CurrentActor, db: DbSession, meta: Meta) -> Created:
    if data.council_id is not None:
        policy.council_for_write(db, actor, data.council_id)
    policy.ensure_can_assign(actor, council_id=data.council_id, role=data.role)
    (user,) = service.create_users(db, actor=actor, rows=[data], meta=meta, source="api")
    return Created(id=user.id)


@router.get("/users/{user_id}", response_model=UserOut)
def get_user(user_id: DbInt, actor: CurrentActor, db: DbSession) -> User:
    return policy.user_for_read(db, actor, user_id)


@router.patch("/users/{user_id}", response_model=UserOut)
def update_user(
    user_id: DbInt,
    data: UserUpdate,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    settings: AppSettings,
) -> User:
    user = policy.user_for_write(db, actor, user_id)
    if data.role is not None:
        policy.ensure_can_assign(actor, council_id=user.council_id, role=data.role, user=user)
    channels = senders.configured(settings)
    return service.update_user(db, actor=actor, user=user, data=data, meta=meta, channels=channels)


@router.post(
    "/councils/{council_id}/users/import",
    response_model=ImportResult,
    status_code=201,
    dependencies=[IMPORT_LIMIT],
)
def import_users(
    council_id: DbInt,
    file: Annotated[UploadFile, File()],
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
) -> ImportResult:
    council = policy.council_for_write(db, actor, council_id)
    users = importer.import_users(
        db, actor=actor, council=council, filename=file.filename or "", data=file.file, meta=meta
    )
    return ImportResult(created=len(users), ids=[u.id for u in users])

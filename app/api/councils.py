from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter

from app.db import DbInt, DbSession
from app.directory import service, terms
from app.directory.models import Body, Council
from app.directory.schemas import (
    BodyCreate,
    BodyOut,
    CouncilCreate,
    CouncilOut,
    CouncilUpdate,
    Created,
    MemberAdd,
    TermCreate,
    TermCreated,
    TermOut,
    UserOut,
)
from app.security import policy
from app.security.auth import CurrentActor, Meta

router = APIRouter(prefix="/api", tags=["directory"])


@router.post("/councils", response_model=Created, status_code=201)
def create_council(data: CouncilCreate, actor: CurrentActor, db: DbSession, meta: Meta) -> Created:
    policy.require_admin(actor)
    return Created(id=service.create_council(db, actor=actor, data=data, meta=meta).id)


@router.get("/councils", response_model=list[CouncilOut])
def list_councils(actor: CurrentActor, db: DbSession) -> Sequence[Council]:
    return service.list_councils(db, actor=actor)


@router.get("/councils/{council_id}", response_model=CouncilOut)
def get_council(council_id: DbInt, actor: CurrentActor, db: DbSession) -> Council:
    return policy.council_for_read(db, actor, council_id)


@router.patch("/councils/{council_id}", response_model=CouncilOut)
def update_council(
    council_id: DbInt, data: CouncilUpdate, actor: CurrentActor, db: DbSession, meta: Meta
) -> Council:
    council = policy.council_for_write(db, actor, council_id)
    return service.update_council(db, actor=actor, council=council, data=data, meta=meta)


@router.post("/councils/{council_id}/terms", response_model=TermCreated, status_code=201)
def add_term(
    council_id: DbInt, data: TermCreate, actor: CurrentActor, db: DbSession, meta: Meta
) -> TermCreated:
    """A term of office (khóa, nhiệm kỳ): the council's administrators set it up."""
    council = policy.council_for_write(db, actor, council_id)
    term = terms.add_term(db, actor=actor, council=council, data=data, meta=meta)
    return TermCreated(id=term.id, name=terms.name(term))


@router.get("/councils/{council_id}/terms", response_model=list[TermOut])
def list_terms(council_id: DbInt, actor: CurrentActor, db: DbSession) -> list[TermOut]:
    council = policy.council_for_read(db, actor, council_id)
    return [terms.describe(term) for term in terms.terms_of(db, council.id)]


@router.get("/councils/{council_id}/users", response_model=list[UserOut])
def list_council_users(council_id: DbInt, actor: CurrentActor, db: DbSession) -> Sequence[object]:
    council = policy.council_for_read(db, actor, council_id)
    return service.list_users(db, actor=actor, council_id=council.id)


@router.get("/councils/{council_id}/bodies", response_model=list[BodyOut])
def list_bodies(council_id: DbInt, actor: CurrentActor, db: DbSession) -> Sequence[Body]:
    council = policy.council_for_read(db, actor, council_id)
    return service.list_bodies(db, actor=actor, council_id=council.id)


@router.post("/councils/{council_id}/bodies", response_model=Created, status_code=201)
def create_body(
    council_id: DbInt, data: BodyCreate, actor: CurrentActor, db: DbSession, meta: Meta
) -> Created:
    council = policy.council_for_write(db, actor, council_id)
    return Created(
        id=service.create_body(db, actor=actor, council=council, data=data, meta=meta).id
    )


@router.put("/bodies/{body_id}/members", status_code=204)
def add_member(
    body_id: DbInt, data: MemberAdd, actor: CurrentActor, db: DbSession, meta: Meta
) -> None:
    body = policy.body_for_write(db, actor, body_id)
    user = policy.user_for_read(db, actor, data.user_id)
    service.add_member(db, actor=actor, body=body, user=user, data=data, meta=meta)


@router.delete("/bodies/{body_id}/members/{user_id}", status_code=204)
def remove_member(
    body_id: DbInt, user_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta
) -> None:
    body = policy.body_for_write(db, actor, body_id)
    service.remove_member(db, actor=actor, body=body, user_id=user_id, meta=meta)

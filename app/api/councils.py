from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from fastapi import APIRouter

from app.db import DbInt, DbSession
from app.directory import mandates, service, terms
from app.directory.models import Body, Council, Term
from app.directory.schemas import (
    BodyCreate,
    BodyOut,
    CouncilCreate,
    CouncilOut,
    CouncilUpdate,
    Created,
    MandateClose,
    MandatesAdd,
    MandatesOut,
    MemberAdd,
    TermCreate,
    TermCreated,
    TermOut,
    UserOut,
)
from app.i18n import local_today
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


@router.get("/councils/{council_id}/mandates", response_model=MandatesOut)
def list_mandates(
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    term_id: DbInt | None = None,
    on: date | None = None,
) -> MandatesOut:
    """Who is in office in the term (the current one by default), with history, and how many
    are on the day `on` (today by default): the "all delegates" of thresholds and quorum."""
    council = policy.council_for_read(db, actor, council_id)
    day = on or local_today()
    term = mandates.term_of(db, council, term_id, day)
    return mandates.describe(db, council, term, day)


@router.post("/councils/{council_id}/mandates", response_model=MandatesOut, status_code=201)
def add_mandates(
    council_id: DbInt, data: MandatesAdd, actor: CurrentActor, db: DbSession, meta: Meta
) -> MandatesOut:
    """Delegates taking office: those named, or every delegate not yet recorded in the term."""
    council = policy.council_for_write(db, actor, council_id)
    today = local_today()
    term = mandates.add(db, actor=actor, council=council, data=data, today=today, meta=meta)
    return mandates.describe(db, council, term, today)


@router.post("/mandates/{mandate_id}/end", response_model=MandatesOut)
def end_mandate(
    mandate_id: DbInt, data: MandateClose, actor: CurrentActor, db: DbSession, meta: Meta
) -> MandatesOut:
    """A delegate leaves office (resigned, dismissed, deceased, lost the mandate)."""
    mandate, council = policy.mandate_for_write(db, actor, mandate_id)
    today = local_today()
    mandates.close(db, actor=actor, mandate=mandate, data=data, today=today, meta=meta)
    return mandates.describe(db, council, db.get_one(Term, mandate.term_id), today)


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

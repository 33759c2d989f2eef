"""Directory use cases. Callers pass an already-authorized actor and objects; services flush,
never commit, and audit every change."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.directory import terms
from app.directory.errors import (
    BodyNameTaken,
    CouncilNameTaken,
    CouncilRequired,
    MemberOfOtherCouncil,
    UsernameTaken,
)
from app.directory.models import Body, BodyMembership, Council, Role, User
from app.directory.schemas import (
    BodyCreate,
    CouncilCreate,
    CouncilUpdate,
    MemberAdd,
    UserCreate,
    UserUpdate,
)
from app.i18n import local_today
from app.notify import service as notify
from app.notify.models import Channel
from app.security import policy
from app.security.actor import Actor
from app.security.passwords import hash_password
from app.security.service import revoke_all_for_user


def create_council(db: Session, *, actor: Actor, data: CouncilCreate, meta: RequestMeta) -> Council:
    if db.scalar(select(Council.id).where(Council.name == data.name)) is not None:
        raise CouncilNameTaken()
    council = Council(**data.model_dump())
    db.add(council)
    db.flush()
    db.add(terms.first_term(council, local_today()))
    audit.record(
        db,
        action="council.created",
        meta=meta,
        actor=actor,
        council_id=council.id,
        object_type="council",
        object_id=council.id,
        details=data.model_dump(mode="json"),
    )
    return council


def update_council(
    db: Session, *, actor: Actor, council: Council, data: CouncilUpdate, meta: RequestMeta
) -> Council:
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "name" in changes and db.scalar(
        select(Council.id).where(Council.name == changes["name"], Council.id != council.id)
    ):
        raise CouncilNameTaken()
    for key, value in changes.items():
        setattr(council, key, value)
    db.flush()
    audit.record(
        db,
        action="council.updated",
        meta=meta,
        actor=actor,
        council_id=council.id,
        object_type="council",
        object_id=council.id,
        details=changes,
    )
    return council


def list_councils(db: Session, *, actor: Actor) -> Sequence[Council]:
    return db.scalars(policy.visible_councils(actor, select(Council).order_by(Council.name))).all()


def _new_user(data: UserCreate) -> User:
    if data.role is not Role.admin and data.council_id is None:
        raise CouncilRequired()
    return User(
        council_id=data.council_id,
        username=data.username,
        password_hash=hash_password(data.password) if data.password else None,
        full_name=data.full_name,
        role=data.role,
        clearance=data.clearance,
        position=data.position,
        email=data.email or "",
        phone=data.phone,
    )


def create_users(
    db: Session, *, actor: Actor | None, rows: Sequence[UserCreate], meta: RequestMeta, source: str
) -> list[User]:
    """Create all or none; the caller authorized the target council(s) and roles
    (`actor` is None for the operator's own shell commands and first-run set-up)."""
    counts = Counter(row.username for row in rows)
    clash = {name for name, n in counts.items() if n > 1}
    clash |= set(db.scalars(select(User.username).where(User.username.in_(list(counts)))))
    if clash:
        raise UsernameTaken(username=", ".join(sorted(clash)))
    users = [_new_user(row) for row in rows]
    db.add_all(users)
    db.flush()
    for user in users:
        audit.record(
            db,
            action="user.created",
            meta=meta,
            actor=actor,
            council_id=user.council_id,
            object_type="user",
            object_id=user.id,
            details={
                "username": user.username,
                "role": user.role.value,
                "clearance": user.clearance.value,
                "source": source,
            },
        )
    return users


def update_user(
    db: Session,
    *,
    actor: Actor,
    user: User,
    data: UserUpdate,
    meta: RequestMeta,
    channels: Iterable[Channel] = (),
) -> User:
    """Change the account; a password set by someone else is told to its owner on `channels`
    (a reset they did not ask for must not go unnoticed)."""
    changes = data.model_dump(exclude_unset=True)
    password = changes.pop("password", None)
    for key, value in changes.items():
        if value is not None:
            setattr(user, key, value)
    if password:
        user.password_hash = hash_password(password)
    if password or changes.get("is_active") is False:
        revoke_all_for_user(db, user.id)
    db.flush()
    audit.record(
        db,
        action="user.updated",
        meta=meta,
        actor=actor,
        council_id=user.council_id,
        object_type="user",
        object_id=user.id,
        details={**{k: str(v) for k, v in changes.items()}, "password_changed": bool(password)},
    )
    if password and user.id != actor.user_id:
        notify.password_reset(db, user=user, by=actor, channels=channels)
    return user


def list_users(db: Session, *, actor: Actor, council_id: int) -> Sequence[User]:
    stmt = select(User).where(User.council_id == council_id).order_by(User.full_name)
    return db.scalars(policy.visible_users(actor, stmt)).all()


def create_body(
    db: Session, *, actor: Actor, council: Council, data: BodyCreate, meta: RequestMeta
) -> Body:
    if db.scalar(select(Body.id).where(Body.council_id == council.id, Body.name == data.name)):
        raise BodyNameTaken()
    body = Body(council_id=council.id, kind=data.kind, name=data.name, areas=data.areas)
    db.add(body)
    db.flush()
    audit.record(
        db,
        action="body.created",
        meta=meta,
        actor=actor,
        council_id=council.id,
        object_type="body",
        object_id=body.id,
        details=data.model_dump(mode="json"),
    )
    return body


def list_bodies(db: Session, *, actor: Actor, council_id: int) -> Sequence[Body]:
    stmt = select(Body).where(Body.council_id == council_id).order_by(Body.kind, Body.name)
    return db.scalars(policy.visible_bodies(actor, stmt)).all()


def body_members(db: Session, *, body: Body) -> Sequence[tuple[User, str]]:
    rows = db.execute(
        select(User, BodyMembership.position)
        .join(BodyMembership, BodyMembership.user_id == User.id)
        .where(BodyMembership.body_id == body.id)
        .order_by(User.full_name)
    ).all()
    return [(row[0], row[1]) for row in rows]


def add_member(
    db: Session, *, actor: Actor, body: Body, user: User, data: MemberAdd, meta: RequestMeta
) -> None:
    if user.council_id != body.council_id:
        raise MemberOfOtherCouncil()
    membership = db.get(BodyMembership, (body.id, user.id))
    if membership is None:
        db.add(BodyMembership(body_id=body.id, user_id=user.id, position=data.position))
    else:
        membership.position = data.position
    db.flush()
    audit.record(
        db,
        action="body.member_added",
        meta=meta,
        actor=actor,
        council_id=body.council_id,
        object_type="body",
        object_id=body.id,
        details={"user_id": user.id},
    )


def remove_member(
    db: Session, *, actor: Actor, body: Body, user_id: int, meta: RequestMeta
) -> None:
    membership = db.get(BodyMembership, (body.id, user_id))
    if membership is not None:
        db.delete(membership)
        db.flush()
        audit.record(
            db,
            action="body.member_removed",
            meta=meta,
            actor=actor,
            council_id=body.council_id,
            object_type="body",
            object_id=body.id,
            details={"user_id": user_id},
        )

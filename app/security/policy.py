"""The access policy: the only module that compares roles, clearances, memberships and councils.

It offers three kinds of things, and every route uses them instead of deciding by itself:
- predicates (`can_…`) answering one question about one object;
- query filters (`visible_…`) applied by every list, count, search, feed and export, so lists
  and object checks can never disagree;
- loaders (`…_for_read`, `…_for_write`) that fetch an object and hand it back only when the
  actor may use it. What the actor may not see answers 404, so its existence is not revealed;
  what the actor may see but not change answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from app.directory.models import Body, Clearance, Council, Role, User
from app.errors import Forbidden, NotFound

Query = TypeVar("Query", bound=Select[Any])

STAFF_ROLES = frozenset({Role.clerk, Role.chair})
COUNCIL_MEMBER_ROLES = frozenset({Role.clerk, Role.chair, Role.delegate})


@dataclass(frozen=True)
class Actor:
    """Who is asking: taken from the authenticated session, never from the request body."""

    user_id: int
    username: str
    full_name: str
    role: Role
    clearance: Clearance
    council_id: int | None
    body_ids: frozenset[int] = field(default_factory=frozenset)
    session_id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin


# --- councils -------------------------------------------------------------------------------


def can_create_council(actor: Actor) -> bool:
    return actor.is_admin


def can_read_council(actor: Actor, council: Council) -> bool:
    return actor.is_admin or actor.council_id == council.id


def can_manage_council(actor: Actor, council_id: int) -> bool:
    """Edit the council's settings and its directory (people, committees, groups, imports)."""
    return actor.is_admin or (actor.role is Role.clerk and actor.council_id == council_id)


def visible_councils(actor: Actor, stmt: Query) -> Query:
    if actor.is_admin:
        return stmt
    return stmt.where(Council.id == actor.council_id)


def home_council(actor: Actor) -> int | None:
    """The council whose pages an actor lands on; None for deployment admins (all councils)."""
    return None if actor.is_admin else actor.council_id


def council_for_read(db: Session, actor: Actor, council_id: int) -> Council:
    council = db.get(Council, council_id)
    if council is None or not can_read_council(actor, council):
        raise NotFound()
    return council


def council_for_write(db: Session, actor: Actor, council_id: int) -> Council:
    council = council_for_read(db, actor, council_id)
    if not can_manage_council(actor, council.id):
        raise Forbidden()
    return council


def require_admin(actor: Actor) -> Actor:
    if not actor.is_admin:
        raise Forbidden()
    return actor


# --- people ---------------------------------------------------------------------------------


def can_read_user(actor: Actor, user: User) -> bool:
    if actor.is_admin or actor.user_id == user.id:
        return True
    # A council's directory is open to its own members; guests see only themselves.
    return actor.role in COUNCIL_MEMBER_ROLES and actor.council_id == user.council_id


def visible_users(actor: Actor, stmt: Query) -> Query:
    if actor.is_admin:
        return stmt
    if actor.role in COUNCIL_MEMBER_ROLES:
        return stmt.where(User.council_id == actor.council_id)
    return stmt.where(User.id == actor.user_id)


def can_assign(actor: Actor, *, council_id: int | None, role: Role) -> bool:
    """May the actor create (or turn) an account into `role` in `council_id`?"""
    if actor.is_admin:
        return (role is Role.admin) == (council_id is None)
    return (
        role is not Role.admin and council_id is not None and can_manage_council(actor, council_id)
    )


def can_manage_user(actor: Actor, user: User) -> bool:
    if user.role is Role.admin:
        return actor.is_admin
    return user.council_id is not None and can_manage_council(actor, user.council_id)


def user_for_read(db: Session, actor: Actor, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None or not can_read_user(actor, user):
        raise NotFound()
    return user


def user_for_write(db: Session, actor: Actor, user_id: int) -> User:
    user = user_for_read(db, actor, user_id)
    if not can_manage_user(actor, user):
        raise Forbidden()
    return user


def ensure_can_assign(actor: Actor, *, council_id: int | None, role: Role) -> None:
    if not can_assign(actor, council_id=council_id, role=role):
        raise Forbidden()


# --- bodies (committees, delegate groups, standing committee) --------------------------------


def visible_bodies(actor: Actor, stmt: Query) -> Query:
    if actor.is_admin:
        return stmt
    if actor.role in COUNCIL_MEMBER_ROLES:
        return stmt.where(Body.council_id == actor.council_id)
    return stmt.where(Body.id.in_(actor.body_ids))


def body_for_write(db: Session, actor: Actor, body_id: int) -> Body:
    body = db.get(Body, body_id)
    if body is None or not (actor.is_admin or actor.council_id == body.council_id):
        raise NotFound()
    if not can_manage_council(actor, body.council_id):
        raise Forbidden()
    return body


# --- audit log ------------------------------------------------------------------------------


def audit_scope(actor: Actor) -> int | None:
    """Which council's audit events the actor may read: None means all (admin)."""
    if actor.is_admin:
        return None
    if actor.role in STAFF_ROLES and actor.council_id is not None:
        return actor.council_id
    raise Forbidden()

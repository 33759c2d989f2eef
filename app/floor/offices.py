"""Who an election elects, and what that changes in the directory. Kept apart from the voting
service so the counting (app/floor/votes.py) can use it without importing the elections'.

The rule (Law on Organization of Local Government, art. 83, and the council's election rules):
a candidate is elected with the approval of more than half of all delegates in office; where
more candidates pass than the office has seats, those with most approvals take them, and a tie
at the last seat elects none of the tied (the council votes again between them)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.db import utcnow
from app.directory.models import BodyMembership, User
from app.floor.models import ElectionOffice, OfficeGrant
from app.security import policy
from app.security.actor import Actor


@dataclass(frozen=True)
class Standing:
    position: int  # on the ballot
    office: int
    approve: int


def offices_of(db: Session, vote_id: int) -> Sequence[ElectionOffice]:
    return db.scalars(
        select(ElectionOffice)
        .where(ElectionOffice.vote_id == vote_id)
        .order_by(ElectionOffice.number)
    ).all()


def winners(seats: dict[int, int], standings: Iterable[Standing], total: int) -> set[int]:
    """The ballot positions elected, office by office."""
    elected: set[int] = set()
    for office, places in seats.items():
        passing = sorted(
            (s for s in standings if s.office == office and s.approve * 2 > total),
            key=lambda s: -s.approve,
        )
        if len(passing) <= places:
            elected.update(s.position for s in passing)
            continue
        last = passing[places - 1].approve
        above = [s.position for s in passing if s.approve > last]
        at_last = [s.position for s in passing if s.approve == last]
        elected.update(above)
        if len(above) + len(at_last) <= places:
            elected.update(at_last)
    return elected


def default_grant(title: str) -> OfficeGrant:
    """Chủ tịch and Phó Chủ tịch of the council sign for it; other offices carry a title."""
    lowered = title.casefold()
    return (
        OfficeGrant.chair if lowered.startswith(("chủ tịch", "phó chủ tịch")) else OfficeGrant.none
    )


def install(
    db: Session,
    *,
    actor: Actor | None,
    meta: RequestMeta,
    vote_id: int,
    council_id: int,
    elected: Iterable[tuple[int, int]],
    today: date,
) -> int:
    """Give each elected delegate (user id, office number) the office's title, its role and
    its committee seat, for the offices whose effective day has come and that are not yet
    installed; each change is audited. Returns the offices installed."""
    due = {
        o.number: o
        for o in offices_of(db, vote_id)
        if o.installed_at is None and (o.effective_on is None or o.effective_on <= today)
    }
    for user_id, number in elected:
        user = db.get(User, user_id)
        office = due.get(number)
        if user is None or office is None or user.council_id != council_id:
            continue
        before = {"position": user.position, "role": user.role.value}
        user.position = office.title
        user.role = policy.role_on_taking_office(user, office.grants)
        if office.body_id is not None:
            seat = db.get(BodyMembership, (office.body_id, user.id)) or BodyMembership(
                body_id=office.body_id, user_id=user.id
            )
            seat.position = office.title
            db.add(seat)
        audit.record(
            db,
            action="election.installed",
            meta=meta,
            actor=actor,
            council_id=council_id,
            object_type="user",
            object_id=user.id,
            details={
                "vote_id": vote_id,
                "office": office.title,
                "before": before,
                "role": user.role.value,
            },
        )
    for office in due.values():
        office.installed_at = utcnow()
    return len(due)

"""Delegates in office, term by term (nhiệm kỳ): a mandate begins at the term's start or at a
by-election and may end before the term does (resigned, dismissed, deceased, lost). Thresholds
and the quorum count "all delegates" as those in office on the day, where the council records
its mandates; a council that has not recorded them counts the number it was given."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.directory import terms
from app.directory.errors import MandateDates, MandateEnded, NotADelegate, NoTerm
from app.directory.models import Council, Mandate, Term, User
from app.directory.schemas import MandateClose, MandateOut, MandatesAdd, MandatesOut
from app.security import policy
from app.security.actor import Actor


def _in_office_on(day: date) -> ColumnElement[bool]:
    return and_(Mandate.starts_on <= day, or_(Mandate.ends_on.is_(None), Mandate.ends_on > day))


def delegates_on(db: Session, council: Council, day: date) -> int:
    """ "All delegates" on `day`: those in office in the term `day` falls in, where the council
    records mandates for it; else the council's stated number."""
    term = terms.term_for(db, council.id, None, day)
    if term is None or term.starts_on > day or term.ends_on < day:
        return council.total_delegates
    counts = db.execute(
        select(func.count(), func.count().filter(_in_office_on(day))).where(
            Mandate.term_id == term.id
        )
    ).one()
    return counts[1] if counts[0] else council.total_delegates


def term_of(db: Session, council: Council, term_id: int | None, today: date) -> Term:
    """The term named, else the one `today` falls in; a council without one is refused."""
    term = terms.term_for(db, council.id, term_id, today)
    if term is None:
        raise NoTerm()
    return term


def mandates_of(db: Session, term: Term) -> Sequence[tuple[Mandate, str]]:
    return (
        db.execute(
            select(Mandate, User.full_name)
            .join(User, User.id == Mandate.user_id)
            .where(Mandate.term_id == term.id)
            .order_by(Mandate.ends_on.is_not(None), User.full_name, Mandate.id)
        )
        .tuples()
        .all()
    )


def describe(db: Session, council: Council, term: Term, on: date) -> MandatesOut:
    return MandatesOut(
        term_id=term.id,
        term=terms.name(term),
        on=on,
        in_office=delegates_on(db, council, on),
        mandates=[
            MandateOut(
                id=m.id,
                term_id=m.term_id,
                user_id=m.user_id,
                full_name=name,
                starts_on=m.starts_on,
                ends_on=m.ends_on,
                end_reason=m.end_reason,
                note=m.note,
            )
            for m, name in mandates_of(db, term)
        ],
    )


def add(
    db: Session,
    *,
    actor: Actor,
    council: Council,
    data: MandatesAdd,
    today: date,
    meta: RequestMeta,
) -> Term:
    """Record delegates as in office from `starts_on` (the term's start when not given)."""
    term = term_of(db, council, data.term_id, today)
    starts_on = data.starts_on or term.starts_on
    if not term.starts_on <= starts_on <= term.ends_on:
        raise MandateDates()
    holding = set(db.scalars(select(Mandate.user_id).where(Mandate.term_id == term.id)))
    people = policy.delegates_in_office(db, council.id, data.user_ids)
    if data.user_ids is not None and len(people) != len(set(data.user_ids)):
        raise NotADelegate()
    added = [p for p in people if p.id not in holding]
    db.add_all(Mandate(term_id=term.id, user_id=p.id, starts_on=starts_on) for p in added)
    db.flush()
    audit.record(
        db,
        action="mandate.added",
        meta=meta,
        actor=actor,
        council_id=council.id,
        object_type="term",
        object_id=term.id,
        details={"users": [p.id for p in added], "starts_on": starts_on.isoformat()},
    )
    return term


def close(
    db: Session,
    *,
    actor: Actor,
    mandate: Mandate,
    data: MandateClose,
    today: date,
    meta: RequestMeta,
) -> Mandate:
    """A delegate leaves office: from `ends_on` they count no more, and once that day has
    come their account no longer opens (a former delegate neither reads nor votes)."""
    if mandate.ends_on is not None:
        raise MandateEnded()
    term = db.get_one(Term, mandate.term_id)
    if not mandate.starts_on < data.ends_on <= term.ends_on:
        raise MandateDates()
    mandate.ends_on, mandate.end_reason, mandate.note = data.ends_on, data.reason, data.note
    user = db.get_one(User, mandate.user_id)
    if data.ends_on <= today:
        user.is_active = False
    audit.record(
        db,
        action="mandate.ended",
        meta=meta,
        actor=actor,
        council_id=term.council_id,
        object_type="user",
        object_id=user.id,
        details={
            "ends_on": data.ends_on.isoformat(),
            "reason": data.reason.value,
            "note": data.note,
        },
    )
    return mandate

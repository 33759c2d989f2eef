"""Meeting use cases: numbering, lifecycle, agenda, invitees. Callers pass authorized objects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.db import utcnow
from app.directory import terms
from app.directory.models import Body, BodyKind, BodyMembership, Council, Role, Term, User
from app.directory.schemas import TermOut
from app.i18n import VIETNAM_TZ
from app.i18n.numbers import ordinal_in
from app.meetings.errors import (
    BodyNotAllowed,
    BodyRequired,
    GuestOfOtherCouncil,
    InvalidTransition,
    MeetingArchived,
    NoStandingCommittee,
    NumberForSessionsOnly,
    SessionNumberTaken,
)
from app.meetings.models import (
    SESSION_KINDS,
    AgendaItem,
    Meeting,
    MeetingGuest,
    MeetingKind,
    MeetingStatus,
)
from app.meetings.schemas import AgendaItemCreate, MeetingCreate, MeetingUpdate
from app.security import policy
from app.security.actor import Actor

# The lifecycle only moves forward, one step at a time.
NEXT_STATUS = {
    MeetingStatus.draft: MeetingStatus.convened,
    MeetingStatus.convened: MeetingStatus.in_progress,
    MeetingStatus.in_progress: MeetingStatus.closed,
    MeetingStatus.closed: MeetingStatus.archived,
}
BODY_KIND_FOR = {
    MeetingKind.standing_committee: BodyKind.standing_committee,
    MeetingKind.committee: BodyKind.committee,
    MeetingKind.delegate_group: BodyKind.delegate_group,
}


def _numbered(db: Session, council: Council, term: Term | None) -> set[int]:
    in_term = Meeting.term_id == term.id if term is not None else Meeting.term_id.is_(None)
    return set(
        db.scalars(
            select(Meeting.number).where(
                Meeting.council_id == council.id, in_term, Meeting.number.is_not(None)
            )
        )
    )


@dataclass(frozen=True)
class TermSessions:
    """A term as the council page lists it: its sessions' numbers, and those skipped."""

    term: TermOut
    sessions: list[int]
    gaps: list[int]


def terms_with_sessions(db: Session, council: Council) -> list[TermSessions]:
    listed = []
    for term in terms.terms_of(db, council.id):
        numbers = sorted(_numbered(db, council, term))
        gaps = sorted(set(range(1, max(numbers, default=0))) - set(numbers))
        listed.append(TermSessions(terms.describe(term), numbers, gaps))
    return listed


def next_session_number(db: Session, council: Council, day: date) -> int:
    """What a new session would be numbered today, in the term `day` falls in."""
    return max(_numbered(db, council, terms.term_for(db, council.id, None, day)), default=0) + 1


def term_name(db: Session, meeting: Meeting) -> str | None:
    term = db.get(Term, meeting.term_id) if meeting.term_id is not None else None
    return terms.name(term) if term is not None else None


def _session_number(
    db: Session, council: Council, term: Term | None, data: MeetingCreate
) -> int | None:
    """Sessions, regular and special, share one sequence within their term ("Kỳ họp thứ
    năm"). The office may set the number (a council midway through its term starts at its
    real number; gaps are allowed); else the one the title names, when free; else the next."""
    if data.kind not in SESSION_KINDS:
        if data.number is not None:
            raise NumberForSessionsOnly()
        return None
    taken = _numbered(db, council, term)
    if data.number is not None:
        if data.number in taken:
            raise SessionNumberTaken()
        return data.number
    named = ordinal_in(data.title)
    if named is not None and named not in taken:
        return named
    return max(taken, default=0) + 1


def standing_committee_meeting(
    db: Session,
    *,
    actor: Actor,
    council: Council,
    title: str,
    meta: RequestMeta,
    starts_at: datetime | None = None,
) -> Meeting:
    """A meeting of the Standing Committee made to file a report that belongs to no meeting
    (a draft, seen by the office only, where the report is numbered and signed)."""
    body = db.scalar(
        select(Body).where(Body.council_id == council.id, Body.kind == BodyKind.standing_committee)
    )
    if body is None:
        raise NoStandingCommittee()
    return create_meeting(
        db,
        actor=actor,
        council=council,
        data=MeetingCreate(
            council_id=council.id,
            kind=MeetingKind.standing_committee,
            title=title[:300],
            starts_at=starts_at or utcnow(),
            body_id=body.id,
        ),
        meta=meta,
    )


def create_meeting(
    db: Session, *, actor: Actor, council: Council, data: MeetingCreate, meta: RequestMeta
) -> Meeting:
    body_id = None
    if data.kind in SESSION_KINDS:
        if data.body_id is not None:
            raise BodyNotAllowed()
    else:
        body = db.get(Body, data.body_id) if data.body_id is not None else None
        if body is None or body.council_id != council.id or body.kind != BODY_KIND_FOR[data.kind]:
            raise BodyRequired()
        body_id = body.id
    term = terms.term_for(
        db, council.id, data.term_id, data.starts_at.astimezone(VIETNAM_TZ).date()
    )
    number = _session_number(db, council, term, data)
    meeting = Meeting(
        council_id=council.id,
        kind=data.kind,
        term_id=term.id if term is not None else None,
        number=number,
        title=data.title,
        starts_at=data.starts_at,
        location=data.location,
        body_id=body_id,
    )
    db.add(meeting)
    db.flush()
    audit.record(
        db,
        action="meeting.created",
        meta=meta,
        actor=actor,
        council_id=council.id,
        object_type="meeting",
        object_id=meeting.id,
        details={"kind": data.kind.value, "title": data.title, "number": number},
    )
    return meeting


def _ensure_editable(meeting: Meeting) -> None:
    if meeting.status is MeetingStatus.archived:
        raise MeetingArchived()


def update_meeting(
    db: Session, *, actor: Actor, meeting: Meeting, data: MeetingUpdate, meta: RequestMeta
) -> Meeting:
    _ensure_editable(meeting)
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    for key, value in changes.items():
        setattr(meeting, key, value)
    db.flush()
    audit.record(
        db,
        action="meeting.updated",
        meta=meta,
        actor=actor,
        council_id=meeting.council_id,
        object_type="meeting",
        object_id=meeting.id,
        details={k: str(v) for k, v in changes.items()},
    )
    return meeting


def change_status(
    db: Session, *, actor: Actor, meeting: Meeting, status: MeetingStatus, meta: RequestMeta
) -> Meeting:
    if NEXT_STATUS.get(meeting.status) is not status:
        raise InvalidTransition(current=meeting.status.value, wanted=status.value)
    previous, meeting.status = meeting.status, status
    db.flush()
    audit.record(
        db,
        action="meeting.status_changed",
        meta=meta,
        actor=actor,
        council_id=meeting.council_id,
        object_type="meeting",
        object_id=meeting.id,
        details={"from": previous.value, "to": status.value},
    )
    return meeting


def list_meetings(db: Session, *, actor: Actor, council_id: int) -> Sequence[Meeting]:
    stmt = (
        select(Meeting).where(Meeting.council_id == council_id).order_by(Meeting.starts_at.desc())
    )
    return db.scalars(policy.visible_meetings(actor, stmt)).all()


def upcoming(db: Session, *, actor: Actor, council_id: int, limit: int) -> list[Meeting]:
    """The council's convened or running meetings the caller may see, the soonest first."""
    stmt = (
        select(Meeting)
        .where(
            Meeting.council_id == council_id,
            Meeting.status.in_((MeetingStatus.convened, MeetingStatus.in_progress)),
        )
        .order_by(Meeting.starts_at)
        .limit(limit)
    )
    return list(db.scalars(policy.visible_meetings(actor, stmt)))


def agenda(db: Session, *, meeting: Meeting) -> Sequence[AgendaItem]:
    return db.scalars(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position, AgendaItem.id)
    ).all()


def add_agenda_item(
    db: Session, *, actor: Actor, meeting: Meeting, data: AgendaItemCreate, meta: RequestMeta
) -> AgendaItem:
    _ensure_editable(meeting)
    items = list(agenda(db, meeting=meeting))
    position = min(data.position or len(items) + 1, len(items) + 1)
    for item in items:  # make room: positions stay 1..n without gaps
        if item.position >= position:
            item.position += 1
    item = AgendaItem(
        meeting_id=meeting.id,
        position=position,
        title=data.title,
        presenter=data.presenter,
        planned_minutes=data.planned_minutes,
    )
    db.add(item)
    db.flush()
    audit.record(
        db,
        action="meeting.agenda_changed",
        meta=meta,
        actor=actor,
        council_id=meeting.council_id,
        object_type="meeting",
        object_id=meeting.id,
        details={"added": data.title, "position": position},
    )
    return item


def add_guest(
    db: Session, *, actor: Actor, meeting: Meeting, user: User, meta: RequestMeta
) -> None:
    if user.council_id != meeting.council_id:
        raise GuestOfOtherCouncil()
    if db.get(MeetingGuest, (meeting.id, user.id)) is None:
        db.add(MeetingGuest(meeting_id=meeting.id, user_id=user.id))
        db.flush()
        audit.record(
            db,
            action="meeting.guest_added",
            meta=meta,
            actor=actor,
            council_id=meeting.council_id,
            object_type="meeting",
            object_id=meeting.id,
            details={"user_id": user.id},
        )


def invitees(db: Session, *, meeting: Meeting) -> Sequence[User]:
    """Everyone the meeting invites: by kind (all delegates, or the body's members) and by name."""
    named = select(MeetingGuest.user_id).where(MeetingGuest.meeting_id == meeting.id)
    if meeting.kind in SESSION_KINDS:
        by_kind = select(User.id).where(
            User.council_id == meeting.council_id, User.role.in_((Role.delegate, Role.chair))
        )
    else:
        by_kind = select(BodyMembership.user_id).where(BodyMembership.body_id == meeting.body_id)
    return db.scalars(
        select(User)
        .where(User.is_active, User.id.in_(by_kind.union(named)))
        .order_by(User.full_name)
    ).all()

"""Meeting use cases: numbering, lifecycle, agenda, invitees. Callers pass authorized objects."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.directory.models import Body, BodyKind, BodyMembership, Council, Role, User
from app.meetings.errors import (
    BodyNotAllowed,
    BodyRequired,
    GuestOfOtherCouncil,
    InvalidTransition,
    MeetingArchived,
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
    number = None
    if data.kind in SESSION_KINDS:
        # Sessions are numbered in one sequence per council ("Kỳ họp thứ năm").
        last = db.scalar(
            select(func.max(Meeting.number)).where(
                Meeting.council_id == council.id, Meeting.kind.in_(SESSION_KINDS)
            )
        )
        number = (last or 0) + 1
    meeting = Meeting(
        council_id=council.id,
        kind=data.kind,
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

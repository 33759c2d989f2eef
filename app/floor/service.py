"""The session floor: attendance and quorum, the speakers' list, and the public snapshot that
live screens show. Services mark the meeting changed; the request publishes after commit."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.db import mark_changed, utcnow
from app.directory import mandates
from app.directory.models import Council, User
from app.documents.models import Document
from app.floor.errors import BadHallCode, BadVote, FloorClosed
from app.floor.models import (
    IN_HALL,
    Attendance,
    CheckIn,
    Presence,
    SpeakerRequest,
    SpeechKind,
    SpeechStatus,
    counts_as_present,
)
from app.floor.schemas import SpeakerRow
from app.i18n import VIETNAM_TZ
from app.meetings.models import AgendaItem, Meeting, MeetingStatus
from app.security import policy
from app.security.actor import Actor

FLOOR_STATUSES = frozenset({MeetingStatus.convened, MeetingStatus.in_progress})
LIVE_TOPIC = "floor"


def changed(db: Session, meeting_id: int) -> None:
    """Live screens of this meeting refresh once the transaction commits."""
    mark_changed(db, LIVE_TOPIC, meeting_id)


def ensure_floor_open(meeting: Meeting) -> None:
    if meeting.status not in FLOOR_STATUSES:
        raise FloorClosed()


def ensure_agenda_item(db: Session, meeting: Meeting, agenda_item_id: int | None) -> None:
    if agenda_item_id is None:
        return
    item = db.get(AgendaItem, agenda_item_id)
    if item is None or item.meeting_id != meeting.id:
        raise BadVote()


def meeting_document_id(db: Session, meeting: Meeting, document_id: int | None) -> int | None:
    if document_id is None:
        return None
    document = db.get(Document, document_id)
    if document is None or document.meeting_id != meeting.id:
        raise BadVote()
    return document.id


# --- attendance -----------------------------------------------------------------------------


def hall_code(secret: str, meeting_id: int) -> str:
    """What the hall screen's QR carries: scanning it shows the delegate is in the hall."""
    return _code(secret, f"hall:{meeting_id}")


def screen_code(secret: str, meeting_id: int) -> str:
    """What the projector's link carries: it shows the hall screen, and nothing else, without
    a login on the projector's computer."""
    return _code(secret, f"screen:{meeting_id}")


def _code(secret: str, purpose: str) -> str:
    digest = hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:12]).decode()


def check_in(
    db: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    method: CheckIn,
    hall_code_given: str,
    secret: str,
    meta: RequestMeta,
) -> Attendance:
    """The delegate checks in from their device or the hall's QR; again is harmless."""
    ensure_floor_open(meeting)
    policy.require_voter(actor, meeting)
    if method is CheckIn.clerk or (
        method is CheckIn.hall_qr
        and not hmac.compare_digest(hall_code_given, hall_code(secret, meeting.id))
    ):
        raise BadHallCode()
    row = db.get(Attendance, (meeting.id, actor.user_id))
    moved_in = method is CheckIn.hall_qr and row is not None and row.method is CheckIn.device
    if row is not None and row.presence is Presence.present and not moved_in:
        return row
    # present online, then the hall's QR: now present in the hall
    return _set(db, actor, meeting, actor.user_id, Presence.present, method, "", meta)


def mark(
    db: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    user: User,
    presence: Presence,
    reason: str,
    meta: RequestMeta,
) -> Attendance:
    """The office marks a delegate present, excused (with the reason) or absent."""
    ensure_floor_open(meeting)
    return _set(db, actor, meeting, user.id, presence, CheckIn.clerk, reason, meta)


def _set(
    db: Session,
    actor: Actor,
    meeting: Meeting,
    user_id: int,
    presence: Presence,
    method: CheckIn,
    reason: str,
    meta: RequestMeta,
) -> Attendance:
    row = db.get(Attendance, (meeting.id, user_id))
    if row is None:
        row = Attendance(meeting_id=meeting.id, user_id=user_id, presence=presence, method=method)
        db.add(row)
    row.presence, row.method, row.reason = presence, method, reason
    row.at, row.marked_by = utcnow(), actor.user_id
    db.flush()
    audit.record(
        db,
        action="attendance.marked",
        meta=meta,
        actor=actor,
        council_id=meeting.council_id,
        object_type="meeting",
        object_id=meeting.id,
        details={"user_id": user_id, "presence": presence.value, "method": method.value},
    )
    changed(db, meeting.id)
    return row


# models.counts_as_present in SQL: in the hall, or online where online counts.
COUNTED = and_(
    Attendance.presence == Presence.present,
    or_(Council.online_presence_counts, Attendance.method.in_(IN_HALL)),
)


def present_count(db: Session, meeting_id: int) -> int:
    return (
        db.scalar(
            select(func.count())
            .select_from(Attendance)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .join(Council, Council.id == Meeting.council_id)
            .where(Attendance.meeting_id == meeting_id, COUNTED)
        )
        or 0
    )


def is_present(db: Session, meeting_id: int, user_id: int) -> bool:
    row = db.get(Attendance, (meeting_id, user_id))
    return row is not None and row.presence is Presence.present


@dataclass(frozen=True)
class Quorum:
    total: int
    present: int  # as the rules count it
    excused: int
    needed: int
    online: int = 0  # present from a device away from the hall
    online_counts: bool = True

    @property
    def met(self) -> bool:
        return self.present >= self.needed


def quorum(db: Session, meeting: Meeting) -> Quorum:
    council = db.get_one(Council, meeting.council_id)
    rows = db.execute(
        select(Attendance.presence, Attendance.method, func.count())
        .where(Attendance.meeting_id == meeting.id)
        .group_by(Attendance.presence, Attendance.method)
    ).all()
    rule = council.online_presence_counts
    present = sum(n for presence, method, n in rows if counts_as_present(presence, method, rule))
    online = sum(
        n for presence, method, n in rows if presence is Presence.present and method not in IN_HALL
    )
    # at least numerator/denominator of all delegates (in office on the meeting's day), rounded up
    total = mandates.delegates_on(db, council, meeting.starts_at.astimezone(VIETNAM_TZ).date())
    needed = -(-total * council.quorum_numerator // council.quorum_denominator)
    return Quorum(
        total=total,
        present=present,
        excused=sum(n for presence, _method, n in rows if presence is Presence.excused),
        needed=needed,
        online=online,
        online_counts=rule,
    )


@dataclass(frozen=True)
class AttendanceRow:
    user_id: int
    full_name: str
    position: str
    presence: Presence | None
    method: CheckIn | None
    reason: str
    at: datetime | None

    @property
    def online(self) -> bool:
        """Present from the delegate's own device, away from the hall (có mặt trực tuyến)."""
        return self.presence is Presence.present and self.method not in IN_HALL


def attendance(db: Session, meeting: Meeting) -> list[AttendanceRow]:
    """Every voting member of the council, with their attendance if any."""
    rows = db.execute(
        select(User, Attendance)
        .outerjoin(
            Attendance, (Attendance.user_id == User.id) & (Attendance.meeting_id == meeting.id)
        )
        .where(policy.voters_of(meeting))
        .order_by(User.full_name)
    )
    return [
        AttendanceRow(
            user_id=user.id,
            full_name=user.full_name,
            position=user.position,
            presence=row.presence if row else None,
            method=row.method if row else None,
            reason=row.reason if row else "",
            at=row.at if row else None,
        )
        for user, row in rows
    ]


# --- speakers -------------------------------------------------------------------------------


def register_speaker(
    db: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    kind: SpeechKind,
    agenda_item_id: int | None,
    topic: str,
) -> SpeakerRequest:
    ensure_floor_open(meeting)
    policy.require_voter(actor, meeting)
    ensure_agenda_item(db, meeting, agenda_item_id)
    last = db.scalar(
        select(func.max(SpeakerRequest.position)).where(SpeakerRequest.meeting_id == meeting.id)
    )
    request = SpeakerRequest(
        meeting_id=meeting.id,
        agenda_item_id=agenda_item_id,
        user_id=actor.user_id,
        kind=kind,
        topic=topic,
        position=(last or 0) + 1,
    )
    db.add(request)
    db.flush()
    changed(db, meeting.id)
    return request


def reorder_speakers(db: Session, *, meeting: Meeting, order: Sequence[int]) -> None:
    """The chair's order of the waiting list: the ids given first, the rest after."""
    waiting = speakers(db, meeting, statuses=(SpeechStatus.waiting,))
    by_id = {r.id: r for r in waiting}
    if any(i not in by_id for i in order) or len(set(order)) != len(order):
        raise BadVote()
    ranked = [by_id[i] for i in order] + [r for r in waiting if r.id not in set(order)]
    base = min((r.position for r in waiting), default=1)
    for offset, request in enumerate(ranked):
        request.position = base + offset
    changed(db, meeting.id)


def give_floor(db: Session, *, request: SpeakerRequest, seconds: int) -> SpeakerRequest:
    """The chair gives the floor: whoever was speaking is done, the timer starts."""
    if request.status is not SpeechStatus.waiting:
        raise BadVote()
    now = utcnow()
    for current in db.scalars(
        select(SpeakerRequest).where(
            SpeakerRequest.meeting_id == request.meeting_id,
            SpeakerRequest.status == SpeechStatus.speaking,
        )
    ):
        current.status, current.ended_at = SpeechStatus.done, now
    request.status, request.started_at, request.seconds = SpeechStatus.speaking, now, seconds
    changed(db, request.meeting_id)
    return request


def end_speech(db: Session, *, request: SpeakerRequest, withdrawn: bool = False) -> SpeakerRequest:
    if request.status in (SpeechStatus.done, SpeechStatus.withdrawn):
        return request
    request.status = SpeechStatus.withdrawn if withdrawn else SpeechStatus.done
    request.ended_at = utcnow()
    changed(db, request.meeting_id)
    return request


def speakers(
    db: Session, meeting: Meeting, *, statuses: Sequence[SpeechStatus] = tuple(SpeechStatus)
) -> Sequence[SpeakerRequest]:
    return db.scalars(
        select(SpeakerRequest)
        .where(SpeakerRequest.meeting_id == meeting.id, SpeakerRequest.status.in_(statuses))
        .order_by(SpeakerRequest.position)
    ).all()


def speaker_rows(db: Session, meeting: Meeting) -> list[SpeakerRow]:
    """The list as screens show it: current speaker first, then those waiting, then the rest."""
    names = dict(db.execute(select(User.id, User.full_name).where(policy.voters_of(meeting))).all())
    order = {SpeechStatus.speaking: 0, SpeechStatus.waiting: 1, SpeechStatus.done: 2}
    rows = [r for r in speakers(db, meeting) if r.status is not SpeechStatus.withdrawn]
    rows.sort(key=lambda r: (order[r.status], r.position))
    return [
        SpeakerRow(
            id=r.id,
            user_id=r.user_id,
            full_name=names.get(r.user_id, ""),
            kind=r.kind,
            topic=r.topic,
            agenda_item_id=r.agenda_item_id,
            status=r.status,
            seconds=r.seconds,
            started_at=r.started_at,
            ends_at=(r.started_at.timestamp() + r.seconds) if r.started_at and r.seconds else None,
        )
        for r in rows
    ]

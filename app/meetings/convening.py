"""Moving a meeting on to its next status, with what that sets off: convening it invites
everyone, each with a personal link."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.audit.service import RequestMeta
from app.config import Settings
from app.meetings import service
from app.meetings.models import Meeting, MeetingStatus
from app.notify import senders
from app.notify import service as notify
from app.security.actor import Actor


def advance(
    db: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    status: MeetingStatus,
    meta: RequestMeta,
    settings: Settings,
) -> Meeting:
    """Move the meeting on; convening it invites everyone, each with a personal link."""
    service.change_status(db, actor=actor, meeting=meeting, status=status, meta=meta)
    if status is MeetingStatus.convened:
        notify.invite(
            db,
            actor=actor,
            meeting=meeting,
            channels=senders.configured(settings),
            base_url=settings.base_url,
            meta=meta,
        )
    return meeting

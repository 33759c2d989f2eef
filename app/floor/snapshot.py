"""The public state of a meeting's floor, as the hall screen and every device show it: no
one's choice, no personal data beyond the speakers' names."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from app.db import READ_ONLY, utcnow
from app.floor import service as floor
from app.floor import votes
from app.floor.models import SpeechStatus
from app.floor.schemas import FloorAttendance, FloorState, FloorVote, MeetingGone
from app.meetings.models import Meeting

QUEUE_SHOWN = 8


def floor_state(db: Session, meeting: Meeting) -> FloorState:
    quorum = floor.quorum(db, meeting)
    vote = votes.current_vote(db, meeting.id)
    speakers = floor.speaker_rows(db, meeting)
    return FloorState(
        meeting_id=meeting.id,
        title=meeting.title,
        status=meeting.status.value,
        now=utcnow().timestamp(),
        attendance=FloorAttendance(
            present=quorum.present,
            excused=quorum.excused,
            total=quorum.total,
            quorum_needed=quorum.needed,
            quorum_met=quorum.met,
        ),
        vote=None
        if vote is None
        else FloorVote(
            **votes.result(db, vote, viewer=None, names=False).model_dump(exclude={"ballots"}),
            closes_at_ts=vote.closes_at.timestamp() if vote.closes_at else None,
        ),
        speaker=next((s for s in speakers if s.status is SpeechStatus.speaking), None),
        queue=[s for s in speakers if s.status is SpeechStatus.waiting][:QUEUE_SHOWN],
    )


def floor_snapshots(factory: sessionmaker[Session]) -> Callable[[int], BaseModel]:
    """The live hub's snapshot of a meeting's floor, each in its own read-only session."""

    def snapshot(meeting_id: int) -> BaseModel:
        with factory() as db:
            db.connection(execution_options={READ_ONLY: True})
            meeting = db.get(Meeting, meeting_id)
            return (
                MeetingGone(meeting_id=meeting_id) if meeting is None else floor_state(db, meeting)
            )

    return snapshot

"""Floor pages: the chair's console, the hall screen for the projector. Both read the JSON
API and the live stream (web/static/floor.js); the texts come from the catalog."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.access import qr
from app.api.deps import AppSettings
from app.db import DbInt, DbSession
from app.floor import service as floor
from app.floor import votes as voting
from app.i18n import t
from app.meetings import service as meetings
from app.security import policy
from app.security.auth import CurrentActor
from app.web.render import render

router = APIRouter(tags=["floor pages"])

# what floor.js says, in the user's language
FLOOR_TEXTS = (
    "floor.present",
    "floor.quorum_met",
    "floor.quorum_not_met",
    "floor.no_vote",
    "vote_status.open",
    "vote_status.closed",
    "floor.passed",
    "floor.not_passed",
    "floor.cast",
    "floor.voted",
    "floor.hidden_until_close",
    "floor.speaking",
    "floor.no_speaker",
    "floor.time_left",
    "floor.checked_in",
    "floor.asked_to_speak",
    "floor.error",
    "floor.send_ballot",
    "choice.approve",
    "choice.against",
    "choice.abstain",
    "choice.high",
    "choice.medium",
    "choice.low",
    "choice.not_voted",
)


def floor_texts() -> dict[str, str]:
    return {key: t(key) for key in FLOOR_TEXTS}


@router.get("/office/meetings/{meeting_id}/floor", response_class=HTMLResponse)
def console(request: Request, meeting_id: DbInt, actor: CurrentActor, db: DbSession) -> Response:
    """The chair's and the office's console: attendance, votes, speakers."""
    meeting = policy.meeting_for_floor(db, actor, meeting_id)
    return render(
        request,
        "floor.html",
        meeting=meeting,
        agenda=meetings.agenda(db, meeting=meeting),
        attendance=floor.attendance(db, meeting),
        quorum=floor.quorum(db, meeting),
        votes=[voting.result(db, v, viewer=None) for v in voting.votes_of(db, meeting)],
        speakers=floor.speaker_rows(db, meeting),
        texts=floor_texts(),
    )


@router.get("/hall/meetings/{meeting_id}", response_class=HTMLResponse)
def hall_screen(
    request: Request, meeting_id: DbInt, actor: CurrentActor, db: DbSession, settings: AppSettings
) -> Response:
    """Big type for the projector: attendance, the vote and its result, the speaker's time,
    and a QR that delegates scan to check in as being in the hall."""
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    code = floor.hall_code(settings.secret_key, meeting.id)
    checkin_url = f"{settings.base_url}/reader/meetings/{meeting.id}?hall={code}"
    return render(
        request, "hall.html", meeting=meeting, texts=floor_texts(), checkin_qr=qr.svg(checkin_url)
    )

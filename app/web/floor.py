"""Floor pages: the chair's console, the hall screen for the projector. Both read the JSON
API and the live stream (web/static/floor.js); the texts come from the catalog."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.access import qr
from app.api.deps import AppSettings
from app.db import DbInt, DbSession
from app.documents import reading
from app.documents.models import DocumentType
from app.errors import NotAuthenticated
from app.floor import elections
from app.floor import service as floor
from app.floor import votes as voting
from app.i18n import t
from app.live.sse import stream
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.security import policy
from app.security.auth import CurrentActor, OptionalActor
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
    "floor.offline",
    "floor.reconnecting",
    "floor.send_ballot",
    "election.elected",
    "election.not_elected",
    "election.approve_up_to",
    "choice.elect_approve",
    "choice.elect_against",
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
        elections={
            e.id: elections.describe(db, e, viewer=None)
            for e in elections.elections_of(db, meeting)
        },
        speakers=floor.speaker_rows(db, meeting),
        drafts=[
            d
            for d in reading.list_documents(db, actor=actor, meeting=meeting)
            if d.doc_type in (DocumentType.draft_resolution, DocumentType.resolution)
        ],
        texts=floor_texts(),
    )


@router.get("/hall/meetings/{meeting_id}", response_class=HTMLResponse)
def hall_screen(
    request: Request,
    meeting_id: DbInt,
    actor: OptionalActor,
    db: DbSession,
    settings: AppSettings,
    screen: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    """Big type for the projector: attendance, the vote and its result, the speaker's time,
    and a QR that delegates scan to check in as being in the hall. Opened by the staff, or on
    the projector's computer through the meeting's screen link, with no login there."""
    if actor is not None:
        meeting = policy.meeting_for_read(db, actor, meeting_id)
    elif screen:
        meeting = _screen_meeting(db, settings, meeting_id, screen)
    else:
        raise NotAuthenticated()
    code = floor.hall_code(settings.secret_key, meeting.id)
    checkin_url = f"{settings.base_url}/reader/meetings/{meeting.id}?hall={code}"
    return render(
        request,
        "hall.html",
        meeting=meeting,
        texts=floor_texts(),
        checkin_qr=qr.svg(checkin_url),
        live_url=f"/hall/meetings/{meeting.id}/live?{urlencode({'screen': screen})}"
        if actor is None
        else f"/api/meetings/{meeting.id}/live",
    )


@router.get("/hall/meetings/{meeting_id}/live")
def hall_live(
    request: Request,
    meeting_id: DbInt,
    db: DbSession,
    settings: AppSettings,
    screen: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    """The floor's live state for the projector's link (what /api/meetings/{id}/live gives a
    logged-in screen)."""
    meeting = _screen_meeting(db, settings, meeting_id, screen)
    return stream(request.app.state.live, floor.LIVE_TOPIC, meeting.id)


def _screen_meeting(db: DbSession, settings: AppSettings, meeting_id: int, screen: str) -> Meeting:
    expected = floor.screen_code(settings.secret_key, meeting_id)
    return policy.meeting_for_screen(db, meeting_id, screen, expected)


def screen_url(base_url: str, secret: str, meeting_id: int) -> str:
    """The link the office opens on the projector's computer."""
    code = urlencode({"screen": floor.screen_code(secret, meeting_id)})
    return f"{base_url.rstrip('/')}/hall/meetings/{meeting_id}?{code}"

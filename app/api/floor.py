"""The session floor: attendance, votes and ballots, speakers, live state, records."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.api import files
from app.api.deps import AppSettings, Store
from app.db import Db, DbInt, DbSession
from app.documents import intake
from app.documents.schemas import DocumentFields
from app.floor import exports, minutes, records
from app.floor import service as floor
from app.floor import votes as voting
from app.floor.models import SpeakerRequest
from app.floor.schemas import (
    AttendanceList,
    AttendanceOut,
    AttendanceRowOut,
    BallotAccepted,
    BallotIn,
    CheckInIn,
    DocumentCreated,
    GiveFloor,
    MarkIn,
    PaperResultIn,
    QuorumOut,
    SpeakerIn,
    SpeakerOrder,
    SpeakerOut,
    VoteCreate,
    VoteCreated,
    VoteOpen,
    VoteOut,
)
from app.floor.sealing import BallotBox
from app.i18n import t
from app.live.sse import stream
from app.meetings.models import Meeting
from app.security import policy
from app.security.auth import Caller, CurrentActor, Meta, ShortActor

router = APIRouter(prefix="/api", tags=["floor"])
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", max_length=100)]


# --- attendance -----------------------------------------------------------------------------


@router.post("/meetings/{meeting_id}/attendance", response_model=AttendanceOut)
def check_in(
    meeting_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    settings: AppSettings,
    data: CheckInIn | None = None,
) -> AttendanceOut:
    """The caller, a delegate of the council, checks in as present."""
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    data = data or CheckInIn()
    row = floor.check_in(
        db,
        actor=actor,
        meeting=meeting,
        method=data.method,
        hall_code_given=data.code,
        secret=settings.secret_key,
        meta=meta,
    )
    return AttendanceOut.model_validate(row)


@router.put("/meetings/{meeting_id}/attendance/{user_id}", response_model=AttendanceOut)
def mark_attendance(
    meeting_id: DbInt, user_id: DbInt, data: MarkIn, actor: CurrentActor, db: DbSession, meta: Meta
) -> AttendanceOut:
    """The office marks a delegate present, excused (with the reason) or absent."""
    meeting = policy.meeting_for_floor(db, actor, meeting_id)
    user = policy.voter_for_marking(db, meeting, user_id)
    row = floor.mark(
        db,
        actor=actor,
        meeting=meeting,
        user=user,
        presence=data.presence,
        reason=data.reason,
        meta=meta,
    )
    return AttendanceOut.model_validate(row)


@router.get("/meetings/{meeting_id}/attendance", response_model=AttendanceList)
def attendance(meeting_id: DbInt, actor: CurrentActor, db: DbSession) -> AttendanceList:
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    quorum = floor.quorum(db, meeting)
    rows = None
    if policy.can_run_floor(actor, meeting):
        rows = [AttendanceRowOut(**vars(r)) for r in floor.attendance(db, meeting)]
    return AttendanceList(
        quorum=QuorumOut(
            total=quorum.total,
            present=quorum.present,
            excused=quorum.excused,
            needed=quorum.needed,
            met=quorum.met,
            online=quorum.online,
            online_counts=quorum.online_counts,
        ),
        delegates=rows,
    )


# --- votes ----------------------------------------------------------------------------------


@router.post("/meetings/{meeting_id}/votes", response_model=VoteCreated, status_code=201)
def create_vote(
    meeting_id: DbInt, data: VoteCreate, actor: CurrentActor, db: DbSession, meta: Meta
) -> VoteCreated:
    meeting = policy.meeting_for_floor(db, actor, meeting_id)
    vote = voting.create_vote(db, actor=actor, meeting=meeting, data=data, meta=meta)
    return VoteCreated(id=vote.id)


@router.get("/meetings/{meeting_id}/votes", response_model=list[VoteOut])
def list_votes(meeting_id: DbInt, actor: CurrentActor, db: DbSession) -> list[VoteOut]:
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    return [voting.result(db, v, viewer=actor) for v in voting.votes_of(db, meeting)]


@router.get("/votes/{vote_id}", response_model=VoteOut)
def get_vote(vote_id: DbInt, actor: CurrentActor, db: DbSession) -> VoteOut:
    vote, _meeting = policy.vote_for_read(db, actor, vote_id)
    return voting.result(db, vote, viewer=actor)


@router.post("/votes/{vote_id}/open", response_model=VoteOut)
def open_vote(
    vote_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta, data: VoteOpen | None = None
) -> VoteOut:
    vote, meeting = policy.vote_for_run(db, actor, vote_id)
    seconds = data.seconds if data else None
    voting.open_vote(db, actor=actor, vote=vote, meeting=meeting, seconds=seconds, meta=meta)
    return voting.result(db, vote, viewer=actor)


@router.post("/votes/{vote_id}/close", response_model=VoteOut)
def close_vote(
    vote_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta, settings: AppSettings
) -> VoteOut:
    vote, _meeting = policy.vote_for_run(db, actor, vote_id)
    box = BallotBox(settings.secret_key)
    closed = voting.close_vote(db, actor=actor, vote=vote, box=box, meta=meta)
    return voting.result(db, closed, viewer=actor)


@router.post("/votes/{vote_id}/ballots", response_model=BallotAccepted, status_code=201)
def cast_ballot(
    vote_id: DbInt,
    data: BallotIn,
    caller: Caller,
    database: Db,
    settings: AppSettings,
    idempotency_key: IdempotencyKey = "",
) -> BallotAccepted:
    """One ballot per present delegate. Send an `Idempotency-Key` header to make a resend over
    a flaky connection safe: the same key again is acknowledged and not counted twice. A ballot
    whose transaction loses a deadlock or a serialization race is cast again by the server,
    never answered as an error."""
    box = BallotBox(settings.secret_key)

    def cast(db: Session) -> BallotAccepted:
        actor = caller(db)
        vote = policy.vote_for_ballot(db, actor, vote_id)
        return voting.cast_ballot(
            db, actor=actor, vote=vote, data=data, idempotency_key=idempotency_key, box=box
        )

    return database.write(cast)


@router.post("/votes/{vote_id}/paper-result", response_model=VoteOut)
def paper_result(
    vote_id: DbInt, data: PaperResultIn, actor: CurrentActor, db: DbSession, meta: Meta
) -> VoteOut:
    """The counting committee's totals, with a note, when the electronic count cannot be used."""
    vote, _meeting = policy.vote_for_run(db, actor, vote_id)
    voting.enter_paper_result(db, actor=actor, vote=vote, data=data, meta=meta)
    return voting.result(db, vote, viewer=actor)


# --- speakers -------------------------------------------------------------------------------


@router.post("/meetings/{meeting_id}/speakers", response_model=SpeakerOut, status_code=201)
def register_speaker(
    meeting_id: DbInt, data: SpeakerIn, actor: CurrentActor, db: DbSession
) -> SpeakerRequest:
    """The caller asks to speak or to question (đăng ký phát biểu / chất vấn)."""
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    return floor.register_speaker(
        db,
        actor=actor,
        meeting=meeting,
        kind=data.kind,
        agenda_item_id=data.agenda_item_id,
        topic=data.topic,
    )


@router.get("/meetings/{meeting_id}/speakers", response_model=list[SpeakerOut])
def list_speakers(
    meeting_id: DbInt, actor: CurrentActor, db: DbSession
) -> Sequence[SpeakerRequest]:
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    return floor.speakers(db, meeting)


@router.put("/meetings/{meeting_id}/speakers/order", status_code=204)
def order_speakers(
    meeting_id: DbInt, data: SpeakerOrder, actor: CurrentActor, db: DbSession
) -> None:
    meeting = policy.meeting_for_floor(db, actor, meeting_id)
    floor.reorder_speakers(db, meeting=meeting, order=data.ids)


@router.post("/speakers/{request_id}/start", response_model=SpeakerOut)
def give_floor(
    request_id: DbInt, actor: CurrentActor, db: DbSession, data: GiveFloor | None = None
) -> SpeakerRequest:
    request = policy.speaker_request_for_write(db, actor, request_id)
    policy.require_floor_runner_for(db, actor, request)
    return floor.give_floor(db, request=request, seconds=(data or GiveFloor()).seconds)


@router.post("/speakers/{request_id}/finish", response_model=SpeakerOut)
def finish_speech(request_id: DbInt, actor: CurrentActor, db: DbSession) -> SpeakerRequest:
    request = policy.speaker_request_for_write(db, actor, request_id)
    policy.require_floor_runner_for(db, actor, request)
    return floor.end_speech(db, request=request)


@router.delete("/speakers/{request_id}", response_model=SpeakerOut)
def withdraw_speech(request_id: DbInt, actor: CurrentActor, db: DbSession) -> SpeakerRequest:
    request = policy.speaker_request_for_write(db, actor, request_id)
    return floor.end_speech(db, request=request, withdrawn=True)


# --- live -----------------------------------------------------------------------------------


@router.get("/meetings/{meeting_id}/live")
def live(meeting_id: DbInt, actor: CurrentActor, db: DbSession, request: Request) -> Response:
    """Server-Sent Events: the floor's public state now, then after every change."""
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    return stream(request.app.state.live, floor.LIVE_TOPIC, meeting.id)


# --- records and exports ----------------------------------------------------------------------


@router.get("/votes/{vote_id}/record.pdf")
def vote_record(
    vote_id: DbInt, actor: CurrentActor, db: DbSession, settings: AppSettings
) -> Response:
    """The vote record (biên bản kiểm phiếu) of a closed vote, as a PDF."""
    vote, meeting = policy.vote_for_read(db, actor, vote_id)
    with records.closed_vote_record(db, vote, meeting, settings.tmp_dir) as path:
        return Response(path.read_bytes(), media_type="application/pdf")


@router.post("/votes/{vote_id}/record", response_model=DocumentCreated, status_code=201)
def store_vote_record(
    vote_id: DbInt,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> DocumentCreated:
    """Add the vote record to the meeting's documents, where it is numbered and signed."""

    def prepare(db: Session) -> tuple[Meeting, DocumentFields, AbstractContextManager[Path]]:
        vote, meeting = policy.vote_for_run(db, actor, vote_id)
        draft = records.closed_vote_record(db, vote, meeting, settings.tmp_dir)
        return meeting, records.document_fields(vote), draft

    document = intake.add_draft(
        database,
        store,
        actor=actor,
        prepare=prepare,
        recheck=lambda db: policy.vote_for_run(db, actor, vote_id)[1],
        meta=meta,
        tmp_dir=settings.tmp_dir,
    )
    return DocumentCreated(id=document.id)


@router.get("/meetings/{meeting_id}/minutes.docx")
def minutes_docx(
    meeting_id: DbInt, actor: CurrentActor, db: DbSession, settings: AppSettings
) -> Response:
    """The draft minutes as a Word document to edit."""
    meeting = policy.meeting_for_floor(db, actor, meeting_id)
    with minutes.draft(db, meeting, settings.tmp_dir) as path:
        return files.attachment(path.read_bytes(), files.DOCX, f"bien-ban-ky-hop-{meeting.id}.docx")


@router.post("/meetings/{meeting_id}/minutes", response_model=DocumentCreated, status_code=201)
def store_minutes(
    meeting_id: DbInt,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> DocumentCreated:
    """Add the draft minutes (DOCX kept as the original, PDF for reading and signing)."""

    def prepare(db: Session) -> tuple[Meeting, DocumentFields, AbstractContextManager[Path]]:
        meeting = policy.meeting_for_floor(db, actor, meeting_id)
        draft = minutes.draft(db, meeting, settings.tmp_dir)
        return meeting, minutes.document_fields(meeting), draft

    document = intake.add_draft(
        database,
        store,
        actor=actor,
        prepare=prepare,
        recheck=lambda db: policy.meeting_for_floor(db, actor, meeting_id),
        meta=meta,
        tmp_dir=settings.tmp_dir,
    )
    return DocumentCreated(id=document.id)


@router.get("/meetings/{meeting_id}/{table}.{fmt}")
def export(
    meeting_id: DbInt,
    table: Literal["attendance", "votes"],
    fmt: Literal["csv", "xlsx"],
    actor: CurrentActor,
    db: DbSession,
) -> Response:
    """Attendance or votes as CSV or XLSX, for the office."""
    meeting = policy.meeting_for_floor(db, actor, meeting_id)
    if table == "attendance":
        data = exports.attendance_table(db, meeting)
    else:
        data = exports.votes_table(db, voting.votes_of(db, meeting))
    if fmt == "csv":
        return files.attachment(
            exports.to_csv(data), "text/csv; charset=utf-8", f"{table}-{meeting.id}.csv"
        )
    content = exports.to_xlsx(data, t(f"export.sheet.{table}"))
    return files.attachment(content, files.XLSX, f"{table}-{meeting.id}.xlsx")

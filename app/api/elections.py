"""Elections of office-holders: offices and candidates, the secret ballot by candidate, results
by office. Opening, closing, the paper count and the counting record are the floor's own
(`/api/votes/{id}/…`), an election being a vote; these routes answer for elections only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from sqlalchemy.orm import Session

from app.api.deps import AppSettings
from app.db import Db, DbInt, DbSession
from app.floor import elections
from app.floor import votes as voting
from app.floor.schemas import (
    BallotAccepted,
    ElectionBallotIn,
    ElectionCreate,
    ElectionOut,
    NominationIn,
    VoteCreated,
    VoteOpen,
)
from app.floor.sealing import BallotBox
from app.security import policy
from app.security.auth import Caller, CurrentActor, Meta

router = APIRouter(prefix="/api", tags=["elections"])
IdempotencyKey = Annotated[str, Header(alias="Idempotency-Key", max_length=100)]


@router.post("/meetings/{meeting_id}/elections", response_model=VoteCreated, status_code=201)
def create_election(
    meeting_id: DbInt, data: ElectionCreate, actor: CurrentActor, db: DbSession, meta: Meta
) -> VoteCreated:
    meeting = policy.meeting_for_floor(db, actor, meeting_id)
    vote = elections.create_election(db, actor=actor, meeting=meeting, data=data, meta=meta)
    return VoteCreated(id=vote.id)


@router.get("/meetings/{meeting_id}/elections", response_model=list[ElectionOut])
def list_elections(meeting_id: DbInt, actor: CurrentActor, db: DbSession) -> list[ElectionOut]:
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    return [
        elections.describe(db, vote, viewer=actor) for vote in elections.elections_of(db, meeting)
    ]


@router.get("/elections/{election_id}", response_model=ElectionOut)
def get_election(election_id: DbInt, actor: CurrentActor, db: DbSession) -> ElectionOut:
    vote, _meeting = policy.election_for_read(db, actor, election_id)
    return elections.describe(db, vote, viewer=actor)


@router.post("/elections/{election_id}/candidates", response_model=ElectionOut, status_code=201)
def nominate(
    election_id: DbInt, data: NominationIn, actor: CurrentActor, db: DbSession, meta: Meta
) -> ElectionOut:
    vote, meeting = policy.election_for_run(db, actor, election_id)
    elections.nominate(db, actor=actor, vote=vote, meeting=meeting, data=data, meta=meta)
    return elections.describe(db, vote, viewer=actor)


@router.delete("/elections/{election_id}/candidates/{candidate_id}", response_model=ElectionOut)
def withdraw(
    election_id: DbInt, candidate_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta
) -> ElectionOut:
    vote, meeting = policy.election_for_run(db, actor, election_id)
    elections.withdraw(
        db, actor=actor, vote=vote, meeting=meeting, candidate_id=candidate_id, meta=meta
    )
    return elections.describe(db, vote, viewer=actor)


@router.post("/elections/{election_id}/open", response_model=ElectionOut)
def open_election(
    election_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    data: VoteOpen | None = None,
) -> ElectionOut:
    vote, meeting = policy.election_for_run(db, actor, election_id)
    seconds = data.seconds if data else None
    voting.open_vote(db, actor=actor, vote=vote, meeting=meeting, seconds=seconds, meta=meta)
    return elections.describe(db, vote, viewer=actor)


@router.post("/elections/{election_id}/close", response_model=ElectionOut)
def close_election(
    election_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta, settings: AppSettings
) -> ElectionOut:
    """The count: sealed ballots are opened and tallied, the elected take office."""
    vote, _meeting = policy.election_for_run(db, actor, election_id)
    box = BallotBox(settings.secret_key)
    closed = voting.close_vote(db, actor=actor, vote=vote, box=box, meta=meta)
    return elections.describe(db, closed, viewer=actor)


@router.post("/elections/{election_id}/ballots", response_model=BallotAccepted, status_code=201)
def cast_ballot(
    election_id: DbInt,
    data: ElectionBallotIn,
    caller: Caller,
    database: Db,
    settings: AppSettings,
    idempotency_key: IdempotencyKey = "",
) -> BallotAccepted:
    """One secret ballot per present delegate: every candidate approved or not, no more
    approved for an office than its seats."""
    box = BallotBox(settings.secret_key)

    def cast(db: Session) -> BallotAccepted:
        actor = caller(db)
        vote = policy.election_for_ballot(db, actor, election_id)
        return voting.cast_ballot(
            db,
            actor=actor,
            vote=vote,
            data=elections.ballot(db, vote, data),
            idempotency_key=idempotency_key,
            box=box,
        )

    return database.write(cast)

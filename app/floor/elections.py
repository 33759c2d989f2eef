"""Elections of office-holders (bầu các chức danh): at a term's first session, and whenever an
office falls vacant, the council elects its Chủ tịch, Phó Chủ tịch, Trưởng Ban… by secret
ballot. An election is a vote of kind `election` over its candidates, so it shares the floor's
machinery: one open vote at a time, sealed ballots counted at the close, the paper count, the
hall screen and the counting record. What is its own lives here: offices and candidates,
nominations and withdrawals before it opens, and its results by office."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.floor import offices
from app.floor import service as floor
from app.floor import votes as voting
from app.floor.errors import BadBallot, NotACandidate, WrongVoteStatus
from app.floor.models import (
    BallotKind,
    ElectionOffice,
    Threshold,
    Vote,
    VoteKind,
    VoteStatus,
    VoteSubject,
)
from app.floor.schemas import (
    BallotIn,
    CandidateOut,
    ElectionBallotIn,
    ElectionCreate,
    ElectionOut,
    NominationIn,
    OfficeOut,
)
from app.meetings.models import Meeting
from app.security import policy
from app.security.actor import Actor


def elections_of(db: Session, meeting: Meeting) -> Sequence[Vote]:
    return db.scalars(
        select(Vote)
        .where(Vote.meeting_id == meeting.id, Vote.kind == VoteKind.election)
        .order_by(Vote.id)
    ).all()


def create_election(
    db: Session, *, actor: Actor, meeting: Meeting, data: ElectionCreate, meta: RequestMeta
) -> Vote:
    floor.ensure_floor_open(meeting)
    floor.ensure_agenda_item(db, meeting, data.agenda_item_id)
    wanted = [i for office in data.positions for i in office.candidate_ids]
    people = {u.id: u for u in policy.delegates_in_office(db, meeting.council_id, wanted)}
    if len(people) != len(wanted):  # not a delegate of the council, or named for two offices
        raise NotACandidate()
    vote = Vote(
        meeting_id=meeting.id,
        agenda_item_id=data.agenda_item_id,
        question=data.title,
        kind=VoteKind.election,
        ballot=BallotKind.secret,
        threshold=Threshold.majority,
        created_by=actor.user_id,
    )
    db.add(vote)
    db.flush()
    position = 0
    for number, office in enumerate(data.positions, start=1):
        db.add(
            ElectionOffice(
                vote_id=vote.id,
                number=number,
                title=office.title,
                seats=office.seats,
                grants=office.grants or offices.default_grant(office.title),
                body_id=policy.body_of_council(db, meeting.council_id, office.body_id),
                effective_on=data.effective_on,
            )
        )
        for user_id in office.candidate_ids:
            position += 1
            user = people[user_id]
            db.add(_candidate(vote, position, number, office.title, user.id, user.full_name))
    audit.record(
        db,
        action="election.created",
        meta=meta,
        actor=actor,
        council_id=meeting.council_id,
        object_type="vote",
        object_id=vote.id,
        details={"title": vote.question, "offices": [o.title for o in data.positions]},
    )
    floor.changed(db, meeting.id)
    return vote


def _candidate(
    vote: Vote, position: int, office: int, title: str, user_id: int, name: str
) -> VoteSubject:
    return VoteSubject(
        vote_id=vote.id, position=position, name=name, title=title, user_id=user_id, office=office
    )


def nominate(
    db: Session,
    *,
    actor: Actor,
    vote: Vote,
    meeting: Meeting,
    data: NominationIn,
    meta: RequestMeta,
) -> None:
    """A further nominee for one of the offices, while the election has not opened."""
    if vote.status is not VoteStatus.draft:
        raise WrongVoteStatus()
    office = db.get(ElectionOffice, (vote.id, data.position))
    people = {
        u.id: u for u in policy.delegates_in_office(db, meeting.council_id, [data.candidate_id])
    }
    if office is None or data.candidate_id not in people:
        raise NotACandidate()
    existing = db.scalar(
        select(VoteSubject).where(
            VoteSubject.vote_id == vote.id, VoteSubject.user_id == data.candidate_id
        )
    )
    if existing is not None:
        if existing.office != office.number:  # one office an election for each delegate
            raise NotACandidate()
        existing.withdrawn = False
    else:
        last = db.scalar(
            select(func.max(VoteSubject.position)).where(VoteSubject.vote_id == vote.id)
        )
        user = people[data.candidate_id]
        place = (last or 0) + 1
        db.add(_candidate(vote, place, office.number, office.title, user.id, user.full_name))
    _audit(db, actor, meta, vote, meeting, "election.nominated", data.candidate_id, office.title)


def withdraw(
    db: Session, *, actor: Actor, vote: Vote, meeting: Meeting, candidate_id: int, meta: RequestMeta
) -> None:
    """A candidate withdraws (or is withdrawn) before the ballot opens: listed, not on it."""
    if vote.status is not VoteStatus.draft:
        raise WrongVoteStatus()
    row = db.scalar(
        select(VoteSubject).where(
            VoteSubject.vote_id == vote.id, VoteSubject.user_id == candidate_id
        )
    )
    if row is None:
        raise NotACandidate()
    row.withdrawn = True
    _audit(db, actor, meta, vote, meeting, "election.withdrawn", candidate_id, row.title)


def _audit(
    db: Session,
    actor: Actor,
    meta: RequestMeta,
    vote: Vote,
    meeting: Meeting,
    action: str,
    candidate_id: int,
    office: str,
) -> None:
    audit.record(
        db,
        action=action,
        meta=meta,
        actor=actor,
        council_id=meeting.council_id,
        object_type="vote",
        object_id=vote.id,
        details={"candidate_id": candidate_id, "office": office},
    )
    floor.changed(db, meeting.id)


def ballot(db: Session, vote: Vote, data: ElectionBallotIn) -> BallotIn:
    """A ballot by candidate (user id) as the floor counts it, by place on the ballot; a
    delegate stands for one office of an election, so the id says which place."""
    on_ballot = {s.user_id: s.position for s in voting.subjects_on_ballot(db, vote)}
    if set(data.choices) != set(on_ballot):
        raise BadBallot()
    return BallotIn(choices={on_ballot[user_id]: c for user_id, c in data.choices.items()})


def describe(db: Session, vote: Vote, *, viewer: Actor | None) -> ElectionOut:
    result = voting.result(db, vote, viewer=viewer, names=False)
    candidates = [
        CandidateOut(
            candidate_id=s.user_id or 0,
            full_name=s.name,
            withdrawn=s.withdrawn,
            approve=s.approve,
            against=s.against,
            elected=s.elected,
        )
        for s in result.subjects
    ]
    return ElectionOut(
        id=vote.id,
        meeting_id=vote.meeting_id,
        title=vote.question,
        status=result.status,
        source=result.source,
        total_delegates=result.total_delegates,
        cast=result.cast,
        needed=result.total_delegates // 2 + 1,
        positions=[
            OfficeOut(
                number=o.number,
                title=o.title,
                seats=o.seats,
                grants=o.grants,
                body_id=o.body_id,
                effective_on=o.effective_on,
                installed=o.installed_at is not None,
                candidates=[
                    c
                    for c, s in zip(candidates, result.subjects, strict=True)
                    if s.office == o.number
                ],
            )
            for o in offices.offices_of(db, vote.id)
        ],
        candidates=candidates,
        voted=result.voted,
    )


def install_due(db: Session, *, today: date, meta: RequestMeta) -> int:
    """Results whose effective day has come reach the directory (the worker runs this daily;
    the count itself installs those effective at once). Returns the offices installed."""
    pending = db.scalars(
        select(Vote)
        .join(ElectionOffice, ElectionOffice.vote_id == Vote.id)
        .where(
            Vote.status == VoteStatus.closed,
            ElectionOffice.installed_at.is_(None),
            ElectionOffice.effective_on <= today,
        )
        .distinct()
    ).all()
    installed = 0
    for vote in pending:
        installed += voting.install_elected(db, None, meta, vote, today)
    return installed

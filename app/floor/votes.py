"""Votes on the floor: create, open (with a countdown), cast, close, paper count, results.

Thresholds count all of the council's delegates, never those present. A ballot is taken under
a shared lock on its vote row and closing takes it exclusively, so no ballot slips in after a
close. Individual ballots are not written to the audit log: the ballot tables are the record,
and for a secret vote an audit row (who, when) beside a running total would be a timeline."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.db import on_commit, utcnow
from app.directory import mandates
from app.directory.models import Council, User
from app.floor import offices
from app.floor import service as floor
from app.floor.errors import (
    AlreadyVoted,
    AnotherVoteOpen,
    BadBallot,
    BadPaperResult,
    BallotsUnreadable,
    NoCandidates,
    TooManyApproved,
    VoteNotOpen,
    WrongVoteStatus,
)
from app.floor.models import (
    CONFIDENCE_CHOICES,
    ELECTION_CHOICES,
    QUESTION_CHOICES,
    BallotKind,
    BallotReceipt,
    Choice,
    NamedBallot,
    PaperResult,
    ResultSource,
    SealedBallot,
    SecretTally,
    Threshold,
    Vote,
    VoteKind,
    VoteStatus,
    VoteSubject,
)
from app.floor.schemas import (
    BallotAccepted,
    BallotIn,
    NamedBallotOut,
    PaperResultIn,
    SubjectResult,
    VoteCreate,
    VoteOut,
)
from app.floor.sealing import BallotBox, UnreadableBallot
from app.i18n import local_today
from app.meetings.models import Meeting
from app.ops.metrics import BALLOTS
from app.security.actor import Actor

QUESTION = 0  # the subject number of an ordinary question in the tallies


def _choices(vote: Vote) -> tuple[Choice, ...]:
    return {
        VoteKind.question: QUESTION_CHOICES,
        VoteKind.confidence: CONFIDENCE_CHOICES,
        VoteKind.election: ELECTION_CHOICES,
    }[vote.kind]


def subjects_on_ballot(db: Session, vote: Vote) -> Sequence[VoteSubject]:
    """The people a ballot of this vote rates: a withdrawn candidate is not on it."""
    return db.scalars(
        select(VoteSubject)
        .where(VoteSubject.vote_id == vote.id, VoteSubject.withdrawn.is_(False))
        .order_by(VoteSubject.position)
    ).all()


def _subject_positions(db: Session, vote: Vote) -> list[int]:
    if vote.kind is VoteKind.question:
        return [QUESTION]
    return [s.position for s in subjects_on_ballot(db, vote)]


def create_vote(
    db: Session, *, actor: Actor, meeting: Meeting, data: VoteCreate, meta: RequestMeta
) -> Vote:
    floor.ensure_floor_open(meeting)
    floor.ensure_agenda_item(db, meeting, data.agenda_item_id)
    vote = Vote(
        meeting_id=meeting.id,
        agenda_item_id=data.agenda_item_id,
        document_id=floor.meeting_document_id(db, meeting, data.document_id),
        question=data.question,
        kind=data.kind,
        ballot=data.ballot,
        threshold=data.threshold,
        created_by=actor.user_id,
    )
    db.add(vote)
    db.flush()
    for position, subject in enumerate(data.subjects, start=1):
        db.add(
            VoteSubject(vote_id=vote.id, position=position, name=subject.name, title=subject.title)
        )
    _audit(db, actor, meta, vote, "vote.created", question=vote.question, ballot=vote.ballot.value)
    floor.changed(db, meeting.id)
    return vote


def open_vote(
    db: Session,
    *,
    actor: Actor,
    vote: Vote,
    meeting: Meeting,
    seconds: int | None,
    meta: RequestMeta,
) -> Vote:
    floor.ensure_floor_open(meeting)
    if vote.status is not VoteStatus.draft:
        raise WrongVoteStatus()
    already_open = db.scalar(
        select(Vote.id).where(
            Vote.meeting_id == meeting.id, Vote.status == VoteStatus.open, Vote.id != vote.id
        )
    )
    if (
        already_open is not None
        and _effective_status(db.get_one(Vote, already_open)) is VoteStatus.open
    ):
        raise AnotherVoteOpen()
    if vote.kind is VoteKind.election:
        standing = {s.office for s in subjects_on_ballot(db, vote)}
        if any(o.number not in standing for o in offices.offices_of(db, vote.id)):
            raise NoCandidates()
    council = db.get_one(Council, meeting.council_id)
    now = utcnow()
    vote.status = VoteStatus.open
    vote.total_delegates = mandates.delegates_on(db, council, local_today())
    vote.allow_changes = council.ballot_changes_allowed and vote.ballot is BallotKind.named
    vote.opened_at = now
    vote.closes_at = now + timedelta(seconds=seconds) if seconds else None
    _audit(db, actor, meta, vote, "vote.opened", seconds=seconds)
    floor.changed(db, meeting.id)
    return vote


def close_vote(db: Session, *, actor: Actor, vote: Vote, box: BallotBox, meta: RequestMeta) -> Vote:
    # the exclusive row lock waits for ballots in flight (they hold it shared)
    locked = db.scalar(
        select(Vote)
        .where(Vote.id == vote.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert locked is not None
    if locked.status is not VoteStatus.open:
        raise WrongVoteStatus()
    locked.status = VoteStatus.closed
    locked.closed_at = min(utcnow(), locked.closes_at) if locked.closes_at else utcnow()
    if locked.ballot is BallotKind.secret:
        _count_sealed(db, locked, box)
    db.flush()
    totals = result(db, locked, viewer=None)
    install_elected(db, actor, meta, locked, local_today())
    _audit(
        db,
        actor,
        meta,
        locked,
        "vote.closed",
        cast=totals.cast,
        approve=totals.approve,
        against=totals.against,
        abstain=totals.abstain,
        passed=totals.passed,
    )
    floor.changed(db, locked.meeting_id)
    return locked


def _count_sealed(db: Session, vote: Vote, box: BallotBox) -> None:
    """Open every sealed ballot of the vote and write its totals in one go, in the closing
    transaction; the sealed ballots go with it. Totals of ballots cast before sealed ballots
    existed (an upgrade during a vote) are kept and added to."""
    positions = _subject_positions(db, vote)
    totals: Counter[tuple[int, Choice]] = Counter(
        {
            (t.subject, t.choice): t.count
            for t in db.scalars(select(SecretTally).where(SecretTally.vote_id == vote.id))
        }
    )
    sealed = db.scalars(select(SealedBallot.sealed).where(SealedBallot.vote_id == vote.id)).all()
    try:
        for ballot in sealed:
            totals.update(box.open(vote.id, ballot, positions))
    except UnreadableBallot:
        raise BallotsUnreadable() from None
    db.execute(delete(SecretTally).where(SecretTally.vote_id == vote.id))
    db.execute(delete(SealedBallot).where(SealedBallot.vote_id == vote.id))
    db.add_all(
        SecretTally(
            vote_id=vote.id, subject=position, choice=choice, count=totals[position, choice]
        )
        for position in positions
        for choice in _choices(vote)
    )


def _effective_status(vote: Vote) -> VoteStatus:
    """An open vote whose countdown has run out takes no more ballots."""
    if vote.status is VoteStatus.open and vote.closes_at is not None and vote.closes_at <= utcnow():
        return VoteStatus.closed
    return vote.status


def _picks(db: Session, vote: Vote, data: BallotIn) -> list[tuple[int, Choice]]:
    allowed = _choices(vote)
    if vote.kind is VoteKind.question:
        if data.choice is None or data.choice not in allowed or data.choices:
            raise BadBallot()
        return [(QUESTION, data.choice)]
    subjects = subjects_on_ballot(db, vote)
    if data.choice is not None or not data.choices:
        raise BadBallot()
    if set(data.choices) != {s.position for s in subjects}:
        raise BadBallot()
    if any(choice not in allowed for choice in data.choices.values()):
        raise BadBallot()
    if vote.kind is VoteKind.election:
        # approving more candidates than an office has seats spoils the ballot
        approvals = Counter(
            s.office for s in subjects if data.choices[s.position] is Choice.approve
        )
        seats = {o.number: o.seats for o in offices.offices_of(db, vote.id)}
        if any(n > seats.get(office or 0, 0) for office, n in approvals.items()):
            raise TooManyApproved()
    return sorted(data.choices.items())


def cast_ballot(
    db: Session,
    *,
    actor: Actor,
    vote: Vote,
    data: BallotIn,
    idempotency_key: str,
    box: BallotBox,
) -> BallotAccepted:
    """One ballot per delegate; the same idempotency key again is a resend, not a new ballot."""
    locked = db.scalar(
        select(Vote)
        .where(Vote.id == vote.id)
        .with_for_update(read=True)
        .execution_options(populate_existing=True)
    )
    assert locked is not None
    if _effective_status(locked) is not VoteStatus.open:
        raise VoteNotOpen()
    picks = _picks(db, locked, data)
    try:
        with db.begin_nested():
            db.add(
                BallotReceipt(
                    vote_id=locked.id, user_id=actor.user_id, idempotency_key=idempotency_key
                )
            )
    except IntegrityError:
        receipt = db.get_one(BallotReceipt, (locked.id, actor.user_id))
        if idempotency_key and receipt.idempotency_key == idempotency_key:
            return BallotAccepted(vote_id=locked.id, replayed=True)
        if not locked.allow_changes:
            raise AlreadyVoted() from None
        ballot = db.get_one(NamedBallot, (locked.id, actor.user_id))
        ballot.choice, ballot.cast_at = picks[0][1], utcnow()
        receipt.idempotency_key = idempotency_key
        floor.changed(db, locked.meeting_id)
        return BallotAccepted(vote_id=locked.id)
    if locked.ballot is BallotKind.named:
        db.add(NamedBallot(vote_id=locked.id, user_id=actor.user_id, choice=picks[0][1]))
    else:
        # sealed, and counted only at the close: no total changes with this ballot
        db.add(
            SealedBallot(
                vote_id=locked.id, token=secrets.token_hex(16), sealed=box.seal(locked.id, picks)
            )
        )
    floor.changed(db, locked.meeting_id)
    on_commit(db, BALLOTS.inc)
    return BallotAccepted(vote_id=locked.id)


def enter_paper_result(
    db: Session, *, actor: Actor, vote: Vote, data: PaperResultIn, meta: RequestMeta
) -> Vote:
    """The counting committee's totals replace an electronic count that could not be used."""
    if _effective_status(vote) is VoteStatus.open:
        raise WrongVoteStatus()
    total = vote.total_delegates or _delegates_now(db, vote)
    rows: dict[tuple[int, Choice], int] = {}
    if vote.kind is VoteKind.question:
        if data.subjects or None in (data.approve, data.against, data.abstain):
            raise BadPaperResult()
        rows = {
            (QUESTION, Choice.approve): data.approve or 0,
            (QUESTION, Choice.against): data.against or 0,
            (QUESTION, Choice.abstain): data.abstain or 0,
        }
    else:
        positions = _subject_positions(db, vote)
        if not data.subjects or set(data.subjects) != set(positions):
            raise BadPaperResult()
        for position, counts in data.subjects.items():
            if set(counts) != set(_choices(vote)):
                raise BadPaperResult()
            rows.update({(position, choice): n for choice, n in counts.items()})
    for position in {p for p, _ in rows}:
        if sum(n for (p, _), n in rows.items() if p == position) > total:
            raise BadPaperResult()
    db.query(PaperResult).filter(PaperResult.vote_id == vote.id).delete()
    db.execute(delete(SealedBallot).where(SealedBallot.vote_id == vote.id))  # paper replaces them
    db.add_all(
        PaperResult(vote_id=vote.id, subject=p, choice=c, count=n) for (p, c), n in rows.items()
    )
    vote.source = ResultSource.paper
    vote.paper_note = data.note
    vote.total_delegates = total
    if vote.status is not VoteStatus.closed:
        vote.status = VoteStatus.closed
        vote.closed_at = utcnow()
    db.flush()
    # the paper count replaces the electronic one: its result is the one that takes office
    for office in offices.offices_of(db, vote.id):
        office.installed_at = None
    install_elected(db, actor, meta, vote, local_today())
    _audit(
        db,
        actor,
        meta,
        vote,
        "vote.paper_result",
        note=data.note,
        counts={f"{p}:{c.value}": n for (p, c), n in rows.items()},
    )
    floor.changed(db, vote.meeting_id)
    return vote


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Counts:
    cast: int
    by: dict[tuple[int, Choice], int]


def _counts(db: Session, vote: Vote) -> _Counts:
    if vote.source is ResultSource.paper:
        by = {
            (r.subject, r.choice): r.count
            for r in db.scalars(select(PaperResult).where(PaperResult.vote_id == vote.id))
        }
        cast = max(
            (
                sum(n for (p, _), n in by.items() if p == position)
                for position in {p for p, _ in by}
            ),
            default=0,
        )
        return _Counts(cast, by)
    cast = (
        db.scalar(
            select(func.count()).select_from(BallotReceipt).where(BallotReceipt.vote_id == vote.id)
        )
        or 0
    )
    if vote.ballot is BallotKind.named:
        rows = db.execute(
            select(NamedBallot.choice, func.count())
            .where(NamedBallot.vote_id == vote.id)
            .group_by(NamedBallot.choice)
        )
        return _Counts(cast, {(QUESTION, choice): n for choice, n in rows})
    tallies = db.scalars(select(SecretTally).where(SecretTally.vote_id == vote.id))
    return _Counts(cast, {(t.subject, t.choice): t.count for t in tallies})


def passed(vote: Vote, approve: int, total: int) -> bool:
    if vote.threshold is Threshold.two_thirds:
        return approve * 3 >= total * 2
    return approve * 2 > total


def _percent(n: int, total: int) -> float:
    return round(100.0 * n / total, 2) if total else 0.0


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _delegates_now(db: Session, vote: Vote) -> int:
    """All delegates, for a vote not yet opened (an open vote keeps the number it opened with)."""
    return mandates.delegates_on(db, db.get_one(Council, _council_id(db, vote)), local_today())


def _council_id(db: Session, vote: Vote) -> int:
    return db.get_one(Meeting, vote.meeting_id).council_id


def decided_against(db: Session, document_ids: Iterable[int]) -> dict[int, int]:
    """The drafts among `document_ids` whose latest closed vote did not pass, each with that
    vote: issuing one of them needs an explicit, audited confirmation."""
    latest: dict[int, Vote] = {}
    for vote in db.scalars(
        select(Vote)
        .where(Vote.document_id.in_(list(document_ids)), Vote.status == VoteStatus.closed)
        .order_by(Vote.closed_at, Vote.id)
    ):
        latest[vote.document_id or 0] = vote
    return {
        document_id: vote.id
        for document_id, vote in latest.items()
        if result(db, vote, viewer=None, names=False).passed is False
    }


def result(db: Session, vote: Vote, *, viewer: Actor | None, names: bool = True) -> VoteOut:
    """The vote as `viewer` may see it (None: the record, everything that is not secret).
    `names=False` leaves out a named vote's list of who chose what: the hall screen shows
    totals only, and rebuilding that list for every ballot of a 500-member vote was waste."""
    status = _effective_status(vote)
    total = vote.total_delegates or _delegates_now(db, vote)
    counts = _counts(db, vote)
    # a secret vote's totals exist once it is closed and counted, not when its countdown ends
    counted = vote.ballot is BallotKind.named or vote.status is VoteStatus.closed
    hidden = not counted
    closed = status is VoteStatus.closed and counted

    def n(position: int, choice: Choice) -> int | None:
        return None if hidden else counts.by.get((position, choice), 0)

    approve = n(QUESTION, Choice.approve)
    subjects = []
    if vote.kind is VoteKind.election:
        subjects = _candidates(db, vote, n, total, closed)
    elif vote.kind is VoteKind.confidence:
        for s in db.scalars(
            select(VoteSubject).where(VoteSubject.vote_id == vote.id).order_by(VoteSubject.position)
        ):
            low = n(s.position, Choice.low)
            subjects.append(
                SubjectResult(
                    position=s.position,
                    name=s.name,
                    title=s.title,
                    high=n(s.position, Choice.high),
                    medium=n(s.position, Choice.medium),
                    low=low,
                    low_over_half=None if low is None or not closed else low * 2 > total,
                )
            )
    out = VoteOut(
        id=vote.id,
        meeting_id=vote.meeting_id,
        agenda_item_id=vote.agenda_item_id,
        document_id=vote.document_id,
        question=vote.question,
        kind=vote.kind,
        ballot=vote.ballot,
        threshold=vote.threshold,
        status=status,
        source=vote.source.value,
        paper_note=vote.paper_note,
        opened_at=_iso(vote.opened_at),
        closes_at=_iso(vote.closes_at),
        closed_at=_iso(vote.closed_at),
        total_delegates=total,
        present=floor.present_count(db, vote.meeting_id),
        cast=counts.cast,
        approve=approve,
        against=n(QUESTION, Choice.against),
        abstain=n(QUESTION, Choice.abstain),
        not_voted=max(total - counts.cast, 0),
        percent=None
        if hidden or vote.kind is not VoteKind.question
        else {c.value: _percent(counts.by.get((QUESTION, c), 0), total) for c in QUESTION_CHOICES}
        | {"not_voted": _percent(max(total - counts.cast, 0), total)},
        passed=passed(vote, approve or 0, total)
        if closed and vote.kind is VoteKind.question
        else None,
        subjects=subjects,
    )
    if names and vote.ballot is BallotKind.named and vote.source is ResultSource.electronic:
        out.ballots = named_ballots(db, vote)
    if viewer is not None:
        out.voted = db.get(BallotReceipt, (vote.id, viewer.user_id)) is not None
        if vote.ballot is BallotKind.named:
            mine = db.get(NamedBallot, (vote.id, viewer.user_id))
            out.my_ballot = mine.choice if mine else None
    return out


def _candidates(
    db: Session,
    vote: Vote,
    n: Callable[[int, Choice], int | None],
    total: int,
    closed: bool,
) -> list[SubjectResult]:
    """An election's candidates with their counts and, once closed, whether elected."""
    rows = db.scalars(
        select(VoteSubject).where(VoteSubject.vote_id == vote.id).order_by(VoteSubject.position)
    ).all()
    elected: set[int] = set()
    if closed:
        seats = {o.number: o.seats for o in offices.offices_of(db, vote.id)}
        elected = offices.winners(
            seats,
            [
                offices.Standing(s.position, s.office or 0, n(s.position, Choice.approve) or 0)
                for s in rows
                if not s.withdrawn
            ],
            total,
        )
    return [
        SubjectResult(
            position=s.position,
            name=s.name,
            title=s.title,
            user_id=s.user_id,
            office=s.office,
            approve=None if s.withdrawn else n(s.position, Choice.approve),
            against=None if s.withdrawn else n(s.position, Choice.against),
            elected=(s.position in elected) if closed and not s.withdrawn else None,
            withdrawn=s.withdrawn,
        )
        for s in rows
    ]


def install_elected(
    db: Session, actor: Actor | None, meta: RequestMeta, vote: Vote, today: date
) -> int:
    """An election's result reaches the directory, office by office, once its day has come;
    the offices installed."""
    if vote.kind is not VoteKind.election:
        return 0
    totals = result(db, vote, viewer=None, names=False)
    return offices.install(
        db,
        actor=actor,
        meta=meta,
        vote_id=vote.id,
        council_id=_council_id(db, vote),
        elected=[(s.user_id, s.office or 0) for s in totals.subjects if s.elected and s.user_id],
        today=today,
    )


def named_ballots(db: Session, vote: Vote) -> list[NamedBallotOut]:
    rows = db.execute(
        select(User.id, User.full_name, NamedBallot.choice)
        .join(NamedBallot, NamedBallot.user_id == User.id)
        .where(NamedBallot.vote_id == vote.id)
        .order_by(User.full_name)
    )
    return [NamedBallotOut(user_id=i, full_name=name, choice=c) for i, name, c in rows]


def votes_of(db: Session, meeting: Meeting) -> Sequence[Vote]:
    return db.scalars(select(Vote).where(Vote.meeting_id == meeting.id).order_by(Vote.id)).all()


def current_vote(db: Session, meeting_id: int) -> Vote | None:
    """The open vote, else the one closed last: what the hall screen shows."""
    return db.scalar(
        select(Vote)
        .where(Vote.meeting_id == meeting_id, Vote.status != VoteStatus.draft)
        .order_by((Vote.status == VoteStatus.open).desc(), Vote.opened_at.desc(), Vote.id.desc())
        .limit(1)
    )


def _audit(
    db: Session, actor: Actor, meta: RequestMeta, vote: Vote, action: str, **details: object
) -> None:
    audit.record(
        db,
        action=action,
        meta=meta,
        actor=actor,
        council_id=_council_id(db, vote),
        object_type="vote",
        object_id=vote.id,
        details={k: v for k, v in details.items() if v is not None},
    )

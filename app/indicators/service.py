"""The council's own digital-transformation indicators (the NQ57 report: "có số liệu, có so
sánh theo thời gian, có minh chứng cụ thể"), computed from its records for any period.

Every indicator is the sum of its evidence: the records behind it, each adding to the
numerator and the denominator. So a figure, its month-by-month series and its list of
records cannot disagree, and a province's figure is its councils' rows added up."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.orm import QueryableAttribute, Session

from app.access.models import AccessLink
from app.directory.models import Council
from app.documents.models import Classification, Document, DocumentRead, PaperDocument
from app.floor.models import Attendance, ResultSource, Vote, VoteStatus
from app.i18n import VIETNAM_TZ
from app.indicators.errors import BadPeriod, UnknownIndicator
from app.indicators.schemas import EvidenceRow, Indicator, Indicators, Period, Point
from app.meetings.models import Meeting, MeetingStatus
from app.opinions.models import FormStatus, OpinionForm
from app.oversight.models import FollowUp, FollowUpKind, Supervision
from app.petitions.models import Petition, Source
from app.petitions.service import today
from app.security import policy

HELD = (MeetingStatus.in_progress, MeetingStatus.closed, MeetingStatus.archived)
SENT = (MeetingStatus.convened, *HELD)


@dataclass(frozen=True)
class Scope:
    council_ids: Sequence[int]
    period: Period
    today: date

    @property
    def start(self) -> datetime:
        """The period's first moment, Vietnam time, as UTC."""
        return datetime.combine(self.period.start, time(), VIETNAM_TZ).astimezone(UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.period.end + timedelta(days=1), time(), VIETNAM_TZ).astimezone(
            UTC
        )

    def within(self, column: QueryableAttribute[Any]) -> ColumnElement[bool]:
        return and_(column >= self.start, column < self.end)

    def days(self, column: QueryableAttribute[Any]) -> ColumnElement[bool]:
        return and_(column >= self.period.start, column <= self.period.end)


def _day(moment: datetime) -> date:
    return moment.astimezone(VIETNAM_TZ).date()


def _row(label: str, day: date, url: str, num: int, den: int = 1, detail: str = "") -> EvidenceRow:
    return EvidenceRow(label=label, day=day, url=url, num=num, den=den, detail=detail)


# --- each indicator's evidence ----------------------------------------------------------------


def _meetings(scope: Scope, statuses: Sequence[MeetingStatus]) -> ColumnElement[bool]:
    return and_(
        Meeting.council_id.in_(scope.council_ids),
        Meeting.status.in_(statuses),
        scope.within(Meeting.starts_at),
    )


def digital_session_documents(db: Session, scope: Scope) -> list[EvidenceRow]:
    """The documents of the packets sent in the period: each delivered on the platform. Secret
    documents never are (the law keeps them off connected systems): they are counted apart."""
    rows = db.execute(
        select(Document.id, Document.title, Meeting.id, Meeting.starts_at)
        .join(Meeting, Meeting.id == Document.meeting_id)
        .where(_meetings(scope, SENT))
        .order_by(Meeting.starts_at, Document.id)
    ).all()
    return [
        _row(title, _day(starts), f"/office/meetings/{meeting_id}#document-{doc_id}", 1)
        for doc_id, title, meeting_id, starts in rows
    ]


def secret_paper_documents(db: Session, scope: Scope) -> list[EvidenceRow]:
    rows = db.execute(
        select(PaperDocument.title, Meeting.id, Meeting.starts_at)
        .join(Meeting, Meeting.id == PaperDocument.meeting_id)
        .where(_meetings(scope, SENT))
        .order_by(Meeting.starts_at, PaperDocument.id)
    ).all()
    return [
        _row(title, _day(starts), f"/office/meetings/{meeting_id}", 1, 0)
        for title, meeting_id, starts in rows
    ]


def signed_issued_documents(db: Session, scope: Scope) -> list[EvidenceRow]:
    """Documents numbered for issue in the period, and whether each is issued signed."""
    rows = db.execute(
        select(
            Document.id,
            Document.meeting_id,
            Document.number,
            Document.title,
            Document.created_at,
            Document.issued_at,
        )
        .where(
            Document.council_id.in_(scope.council_ids),
            Document.verify_code.is_not(None),
            scope.within(Document.created_at),
        )
        .order_by(Document.created_at, Document.id)
    ).all()
    return [
        _row(
            f"{number} {title}".strip(),
            _day(created),
            f"/office/meetings/{meeting_id}#document-{doc_id}",
            int(issued is not None),
        )
        for doc_id, meeting_id, number, title, created, issued in rows
    ]


def paperless_meetings(db: Session, scope: Scope) -> list[EvidenceRow]:
    """Meetings held in the period with their packet on the platform, attendance recorded on
    it, and no vote counted on paper."""
    has_packet = exists().where(Document.meeting_id == Meeting.id)
    has_attendance = exists().where(Attendance.meeting_id == Meeting.id)
    paper_vote = exists().where(Vote.meeting_id == Meeting.id, Vote.source == ResultSource.paper)
    rows = db.execute(
        select(Meeting.id, Meeting.title, Meeting.starts_at, has_packet, has_attendance, paper_vote)
        .where(_meetings(scope, HELD))
        .order_by(Meeting.starts_at)
    ).all()
    return [
        _row(title, _day(starts), f"/office/meetings/{mid}", int(packet and present and not paper))
        for mid, title, starts, packet, present, paper in rows
    ]


def electronic_votes(db: Session, scope: Scope) -> list[EvidenceRow]:
    """Votes and elections closed in the period's meetings: counted on the platform, or on
    paper by the counting committee."""
    rows = db.execute(
        select(Vote.question, Vote.source, Meeting.id, Meeting.starts_at)
        .join(Meeting, Meeting.id == Vote.meeting_id)
        .where(_meetings(scope, HELD), Vote.status == VoteStatus.closed)
        .order_by(Meeting.starts_at, Vote.id)
    ).all()
    return [
        _row(
            question,
            _day(starts),
            f"/office/meetings/{mid}/floor",
            int(source is ResultSource.electronic),
        )
        for question, source, mid, starts in rows
    ]


def opinion_collections(db: Session, scope: Scope) -> list[EvidenceRow]:
    """Written opinion collections sent in the period (a count)."""
    rows = db.execute(
        select(OpinionForm.id, OpinionForm.title, OpinionForm.sent_at)
        .where(
            OpinionForm.council_id.in_(scope.council_ids),
            OpinionForm.status != FormStatus.draft,
            scope.within(OpinionForm.sent_at),
        )
        .order_by(OpinionForm.sent_at)
    ).all()
    return [
        _row(title, _day(sent), f"/office/opinions/{fid}", 1, 0)
        for fid, title, sent in rows
        if sent is not None  # sent: it has its moment
    ]


def petitions_online(db: Session, scope: Scope) -> list[EvidenceRow]:
    rows = db.execute(
        select(Petition.council_id, Petition.tracking_code, Petition.source, Petition.created_at)
        .where(Petition.council_id.in_(scope.council_ids), scope.within(Petition.created_at))
        .order_by(Petition.created_at)
    ).all()
    return [
        _row(code, _day(created), f"/office/councils/{cid}/petitions", int(source is Source.online))
        for cid, code, source, created in rows
    ]


def _on_time(due: date, answered: datetime | None, today: date) -> tuple[int, int] | None:
    """(on time, judged): answered by the due date; not answered past it is late; not
    answered and not yet due is not judged yet."""
    if answered is not None:
        return int(_day(answered) <= due), 1
    return (0, 1) if today > due else None


def petitions_answered_on_time(db: Session, scope: Scope) -> list[EvidenceRow]:
    """Petitions due in the period: answered by their due date."""
    rows = db.execute(
        select(Petition.council_id, Petition.tracking_code, Petition.due_date, Petition.answered_at)
        .where(
            Petition.council_id.in_(scope.council_ids),
            scope.days(Petition.due_date),
        )
        .order_by(Petition.due_date)
    ).all()
    out = []
    for cid, code, due, answered in rows:
        if due is None:  # assigned petitions have one; the query asked for them
            continue
        judged = _on_time(due, answered, scope.today)
        if judged is not None:
            out.append(_row(code, due, f"/office/councils/{cid}/petitions", *judged))
    return out


def supervisions_done(db: Session, scope: Scope) -> list[EvidenceRow]:
    """Supervisions planned to end in the period: concluded."""
    rows = db.execute(
        select(Supervision.id, Supervision.title, Supervision.ends_on, Supervision.concluded_on)
        .where(Supervision.council_id.in_(scope.council_ids), scope.days(Supervision.ends_on))
        .order_by(Supervision.ends_on)
    ).all()
    return [
        _row(title, ends, f"/office/supervisions/{sid}", int(concluded is not None))
        for sid, title, ends, concluded in rows
    ]


def recommendations_answered_on_time(db: Session, scope: Scope) -> list[EvidenceRow]:
    """Recommendations after supervision due in the period: done by their due date."""
    rows = db.execute(
        select(FollowUp.supervision_id, FollowUp.content, FollowUp.due_date, FollowUp.done_at)
        .where(
            FollowUp.council_id.in_(scope.council_ids),
            FollowUp.kind == FollowUpKind.recommendation,
            scope.days(FollowUp.due_date),
        )
        .order_by(FollowUp.due_date, FollowUp.id)
    ).all()
    out = []
    for sid, content, due, done in rows:
        judged = _on_time(due, done, scope.today)
        if judged is not None:
            out.append(_row(content, due, f"/office/supervisions/{sid}", *judged))
    return out


def delegates_with_access_link(db: Session, scope: Scope) -> list[EvidenceRow]:
    """Delegates in office today, and whether each holds a working personal link."""
    now = datetime.now(UTC)
    working = (
        select(AccessLink.user_id)
        .where(
            AccessLink.revoked_at.is_(None),
            (AccessLink.expires_at.is_(None)) | (AccessLink.expires_at > now),
        )
        .distinct()
    )
    out = []
    for council_id in scope.council_ids:
        people = policy.delegates_in_office(db, council_id)
        linked = set(db.scalars(working.where(AccessLink.user_id.in_([p.id for p in people]))))
        out += [
            # a state of today: shown in the period's last month
            _row(
                p.full_name,
                min(scope.today, scope.period.end),
                f"/office/users/{p.id}",
                int(p.id in linked),
            )
            for p in people
        ]
    return out


def packet_reading_rate(db: Session, scope: Scope) -> list[EvidenceRow]:
    """For each public or internal document of the packets sent in the period (restricted ones
    go to their own audience), how many of the council's delegates in office opened it."""
    docs = db.execute(
        select(Document.id, Document.title, Document.council_id, Meeting.id, Meeting.starts_at)
        .join(Meeting, Meeting.id == Document.meeting_id)
        .where(_meetings(scope, SENT), Document.classification != Classification.restricted)
        .order_by(Meeting.starts_at, Document.id)
    ).all()
    delegates = {
        cid: {p.id for p in policy.delegates_in_office(db, cid)} for cid in scope.council_ids
    }
    readers: dict[int, set[int]] = defaultdict(set)
    for doc_id, user_id in db.execute(
        select(DocumentRead.document_id, DocumentRead.user_id).where(
            DocumentRead.document_id.in_([d[0] for d in docs])
        )
    ):
        readers[doc_id].add(user_id)
    out = []
    for doc_id, title, cid, mid, starts in docs:
        asked = delegates[cid]
        read = len(readers[doc_id] & asked)
        out.append(
            _row(
                title,
                _day(starts),
                f"/office/meetings/{mid}#document-{doc_id}",
                read,
                len(asked),
                detail=f"{read}/{len(asked)}",
            )
        )
    return out


# key → (its evidence, whether it is a share or a count); the order of the report
INDICATORS: dict[str, tuple[Callable[[Session, Scope], list[EvidenceRow]], bool]] = {
    "digital_session_documents": (digital_session_documents, True),
    "secret_paper_documents": (secret_paper_documents, False),
    "signed_issued_documents": (signed_issued_documents, True),
    "paperless_meetings": (paperless_meetings, True),
    "electronic_votes": (electronic_votes, True),
    "opinion_collections": (opinion_collections, False),
    "petitions_online": (petitions_online, True),
    "petitions_answered_on_time": (petitions_answered_on_time, True),
    "supervisions_done": (supervisions_done, True),
    "recommendations_answered_on_time": (recommendations_answered_on_time, True),
    "delegates_with_access_link": (delegates_with_access_link, True),
    "packet_reading_rate": (packet_reading_rate, True),
}


def _figure(rows: Sequence[EvidenceRow], share: bool) -> tuple[float | None, int, int | None]:
    numerator = sum(r.num for r in rows)
    if not share:
        return float(numerator), numerator, None
    denominator = sum(r.den for r in rows)
    return (round(numerator / denominator, 4) if denominator else None), numerator, denominator


def _months(period: Period) -> list[date]:
    first, months = period.start.replace(day=1), []
    while first <= period.end:
        months.append(first)
        first = (first + timedelta(days=32)).replace(day=1)
    return months


MAX_DAYS = 5 * 366  # a term: beyond it the month-by-month series stops being a chart


def period(start: date | None, end: date | None, today: date) -> Period:
    """From the first of January to today unless said otherwise."""
    chosen = Period(start=start or today.replace(month=1, day=1), end=end or today)
    if chosen.end < chosen.start or (chosen.end - chosen.start).days > MAX_DAYS:
        raise BadPeriod()
    return chosen


def scope_of(council_ids: Sequence[int], start: date | None, end: date | None) -> Scope:
    """The councils over the period asked (from the first of January to today by default),
    judged as of today."""
    now = today()
    return Scope(council_ids, period(start, end, now), now)


def evidence(db: Session, scope: Scope, key: str) -> list[EvidenceRow]:
    if key not in INDICATORS:
        raise UnknownIndicator()
    return INDICATORS[key][0](db, scope)


def one(data: Indicators, key: str) -> Indicator:
    for found in data.indicators:
        if found.key == key:
            return found
    raise UnknownIndicator()


def all_evidence(
    db: Session, scope: Scope, keys: Iterable[str] = INDICATORS
) -> dict[str, list[EvidenceRow]]:
    """The records behind each indicator asked for (every one by default), read once."""
    return {key: evidence(db, scope, key) for key in keys}


def compute(
    db: Session,
    scope: Scope,
    evidence_url: Callable[[str], str],
    rows: Mapping[str, list[EvidenceRow]] | None = None,
) -> Indicators:
    """The indicators for the scope's councils and period, with their month-by-month series:
    every one, or those whose evidence `rows` was read already."""
    out = []
    for key, found in (rows if rows is not None else all_evidence(db, scope)).items():
        share = INDICATORS[key][1]
        value, numerator, denominator = _figure(found, share)
        series = []
        for month in _months(scope.period):
            in_month = [r for r in found if (r.day.year, r.day.month) == (month.year, month.month)]
            m_value, m_num, m_den = _figure(in_month, share)
            series.append(
                Point(
                    month=month.strftime("%Y-%m"), value=m_value, numerator=m_num, denominator=m_den
                )
            )
        out.append(
            Indicator(
                key=key,
                share=share,
                value=value,
                numerator=numerator,
                denominator=denominator,
                evidence_url=evidence_url(key),
                series=series,
            )
        )
    return Indicators(
        start=scope.period.start,
        end=scope.period.end,
        councils=len(scope.council_ids),
        indicators=out,
    )


def compare(db: Session, scope: Scope, key: str) -> list[tuple[str, Indicator]]:
    """One indicator for each council of the scope, by name: a province compares its councils."""
    if key not in INDICATORS:
        raise UnknownIndicator()
    names = dict(
        db.execute(select(Council.id, Council.name).where(Council.id.in_(scope.council_ids))).all()
    )
    rows_of, share = INDICATORS[key]
    out = []
    for council_id in scope.council_ids:
        alone = Scope([council_id], scope.period, scope.today)
        value, numerator, denominator = _figure(rows_of(db, alone), share)
        out.append(
            (
                names[council_id],
                Indicator(
                    key=key,
                    share=share,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                    evidence_url="",
                    series=[],
                ),
            )
        )
    return sorted(out, key=lambda pair: (pair[1].value is None, -(pair[1].value or 0), pair[0]))


def council_ids(db: Session) -> list[int]:
    """Every council of the deployment: the province's figures add theirs up."""
    return list(db.scalars(select(Council.id).order_by(Council.id)))

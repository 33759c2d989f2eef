"""Oversight use cases: a supervision from its plan (team, working sessions, requests to the
agencies) to its conclusion and publication, the follow-up items that must reach an answer (a
plan's requests, a conclusion's recommendations, an issued resolution's tasks) with the
agencies' reports, what is overdue across them and petitions, and the reminders the worker
sends."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.db import utcnow
from app.directory.models import Body, Council, User
from app.documents.models import Document
from app.i18n import t
from app.i18n.text import fold
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.meetings.schemas import MeetingCreate
from app.notify import service as notify
from app.notify.models import Channel
from app.oversight.errors import EndsBeforeStart, FollowUpDone, NotOfTheCouncil
from app.oversight.models import (
    FollowUp,
    FollowUpKind,
    FollowUpReport,
    FollowUpStatus,
    SupervisedAgency,
    Supervision,
    SupervisionMember,
    SupervisionSession,
    SupervisionState,
)
from app.oversight.schemas import (
    ConclusionIn,
    FollowUpCreate,
    FollowUpOut,
    OverdueRow,
    ReportIn,
    ReportOut,
    SessionIn,
    SessionOut,
    SupervisionCreate,
    SupervisionOut,
    TeamMemberOut,
)
from app.petitions import service as petitions
from app.petitions.models import Agency, Petition, PetitionStatus
from app.security import policy
from app.security.actor import Actor

today = petitions.today  # the council's calendar day (Vietnam time), one definition


# --- supervisions -----------------------------------------------------------------------------


def create(
    db: Session, *, actor: Actor, council: Council, data: SupervisionCreate, meta: RequestMeta
) -> Supervision:
    if data.ends_on < data.starts_on:
        raise EndsBeforeStart()
    supervision = Supervision(
        council_id=council.id,
        body_id=policy.body_of_council(db, council.id, data.body_id),
        kind=data.kind,
        title=data.title,
        subject=data.subject,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )
    db.add(supervision)
    db.flush()
    agency_ids = {petitions.agency_of(db, council.id, ref).id for ref in data.agencies}
    db.add_all(SupervisedAgency(supervision_id=supervision.id, agency_id=i) for i in agency_ids)
    roles = {m.user_id: m.role for m in data.team}
    people = set(
        db.scalars(select(User.id).where(User.id.in_(roles), User.council_id == council.id))
    )
    if people != set(roles):
        raise NotOfTheCouncil()
    db.add_all(
        SupervisionMember(supervision_id=supervision.id, user_id=uid, role=role)
        for uid, role in roles.items()
    )
    _audit(db, actor, meta, council.id, "supervision.created", "supervision", supervision.id)
    return supervision


def conclude(
    db: Session, *, actor: Actor, supervision: Supervision, data: ConclusionIn, meta: RequestMeta
) -> Supervision:
    """The conclusion (báo cáo kết quả giám sát); recorded again, it replaces the text."""
    supervision.conclusion = data.conclusion
    supervision.concluded_on = data.concluded_on or today()
    _audit(
        db,
        actor,
        meta,
        supervision.council_id,
        "supervision.concluded",
        "supervision",
        supervision.id,
    )
    return supervision


def set_published(
    db: Session, *, actor: Actor, supervision: Supervision, published: bool, meta: RequestMeta
) -> Supervision:
    """On the portal (or off it) with its plan, conclusion and recommendations: where the
    council decides to, as the commune plans ask ("công khai kết quả giám sát")."""
    supervision.published_at = utcnow() if published else None
    action = "supervision.published" if published else "supervision.unpublished"
    _audit(db, actor, meta, supervision.council_id, action, "supervision", supervision.id)
    return supervision


MEETING_KIND_OF = {body: kind for kind, body in meetings.BODY_KIND_FOR.items()}


def add_session(
    db: Session, *, actor: Actor, supervision: Supervision, data: SessionIn, meta: RequestMeta
) -> Meeting:
    """A working session: a meeting of the body that runs the supervision (the Standing
    Committee's for the council's own), its team invited, where the office files the plan,
    the decision, the agencies' reports and the conclusion under the packet's rules."""
    council = db.get_one(Council, supervision.council_id)
    body = db.get(Body, supervision.body_id) if supervision.body_id is not None else None
    if body is None:
        meeting = meetings.standing_committee_meeting(
            db, actor=actor, council=council, title=data.title, meta=meta, starts_at=data.starts_at
        )
    else:
        meeting = meetings.create_meeting(
            db,
            actor=actor,
            council=council,
            meta=meta,
            data=MeetingCreate(
                council_id=council.id,
                kind=MEETING_KIND_OF[body.kind],
                title=data.title,
                starts_at=data.starts_at,
                body_id=body.id,
            ),
        )
    meeting.location = data.location
    db.add(SupervisionSession(supervision_id=supervision.id, meeting_id=meeting.id))
    for member in db.scalars(
        select(User)
        .join(SupervisionMember, SupervisionMember.user_id == User.id)
        .where(SupervisionMember.supervision_id == supervision.id)
    ):
        meetings.add_guest(db, actor=actor, meeting=meeting, user=member, meta=meta)
    db.flush()
    return meeting


def state(supervision: Supervision, on: date) -> SupervisionState:
    if supervision.concluded_on is not None:
        return SupervisionState.concluded
    return SupervisionState.in_progress if on >= supervision.starts_on else SupervisionState.planned


def supervisions_of(
    db: Session,
    council_id: int,
    *,
    year: int | None = None,
    body_id: int | None = None,
    published_only: bool = False,
    q: str = "",
) -> Sequence[Supervision]:
    """The council's programme (of one year: those it runs in that year; of one Ban, the
    Standing Committee or a delegate group), newest first."""
    stmt = select(Supervision).where(Supervision.council_id == council_id)
    if body_id is not None:
        stmt = stmt.where(Supervision.body_id == body_id)
    if year is not None:
        stmt = stmt.where(
            Supervision.starts_on <= date(year, 12, 31), Supervision.ends_on >= date(year, 1, 1)
        )
    if published_only:
        stmt = policy.public_supervisions(stmt)
    found = db.scalars(stmt.order_by(Supervision.starts_on.desc(), Supervision.id.desc())).all()
    if not q:
        return found
    words = fold(q).split()[:8]
    texts = _searchable(db, found)
    return [s for s in found if all(word in texts[s.id] for word in words)]


def _searchable(db: Session, supervisions: Sequence[Supervision]) -> dict[int, str]:
    """Title, subject, conclusion, agencies and recommendations, folded: what a search finds."""
    extra: dict[int | None, list[str]] = defaultdict(list)
    ids = [s.id for s in supervisions]
    for sid, content, name in db.execute(
        select(FollowUp.supervision_id, FollowUp.content, Agency.name)
        .join(Agency, Agency.id == FollowUp.agency_id)
        .where(FollowUp.supervision_id.in_(ids))
    ):
        extra[sid] += [content, name]
    for sid, name in db.execute(
        select(SupervisedAgency.supervision_id, Agency.name)
        .join(Agency, Agency.id == SupervisedAgency.agency_id)
        .where(SupervisedAgency.supervision_id.in_(ids))
    ):
        extra[sid].append(name)
    return {
        s.id: fold(" ".join([s.title, s.subject, s.conclusion, *extra[s.id]])) for s in supervisions
    }


def describe(
    db: Session, supervisions: Sequence[Supervision], on: date, *, sessions: bool = True
) -> list[SupervisionOut]:
    """`sessions`: the working sessions too (the office's view, not the portal's)."""
    ids = [s.id for s in supervisions]
    team: dict[int, list[TeamMemberOut]] = defaultdict(list)
    for sid, uid, name, role in db.execute(
        select(SupervisionMember.supervision_id, User.id, User.full_name, SupervisionMember.role)
        .join(User, User.id == SupervisionMember.user_id)
        .where(SupervisionMember.supervision_id.in_(ids))
        .order_by(SupervisionMember.role, User.full_name)
    ):
        team[sid].append(TeamMemberOut(user_id=uid, full_name=name, role=role))
    held: dict[int, list[SessionOut]] = defaultdict(list)
    if sessions:
        packet = (
            select(func.count(Document.id))
            .where(Document.meeting_id == Meeting.id)
            .scalar_subquery()
        )
        for sid, mid, title, starts, count in db.execute(
            select(
                SupervisionSession.supervision_id,
                Meeting.id,
                Meeting.title,
                Meeting.starts_at,
                packet,
            )
            .join(Meeting, Meeting.id == SupervisionSession.meeting_id)
            .where(SupervisionSession.supervision_id.in_(ids))
            .order_by(Meeting.starts_at)
        ):
            held[sid].append(
                SessionOut(meeting_id=mid, title=title, starts_at=starts, documents=count)
            )
    agencies: dict[int, list[str]] = defaultdict(list)
    for sid, name in db.execute(
        select(SupervisedAgency.supervision_id, Agency.name)
        .join(Agency, Agency.id == SupervisedAgency.agency_id)
        .where(SupervisedAgency.supervision_id.in_(ids))
        .order_by(Agency.name)
    ):
        agencies[sid].append(name)
    body_ids = {s.body_id for s in supervisions if s.body_id is not None}
    bodies = dict(db.execute(select(Body.id, Body.name).where(Body.id.in_(body_ids))).all())
    items = follow_ups(
        db, select(FollowUp).where(FollowUp.supervision_id.in_(ids)).order_by(FollowUp.id), on
    )
    by_supervision: dict[tuple[int, FollowUpKind], list[FollowUpOut]] = defaultdict(list)
    for item in items:
        by_supervision[item.supervision_id or 0, item.kind].append(item)
    return [
        SupervisionOut(
            id=s.id,
            council_id=s.council_id,
            title=s.title,
            kind=s.kind,
            body_id=s.body_id,
            body=bodies.get(s.body_id) if s.body_id is not None else None,
            subject=s.subject,
            agencies=agencies[s.id],
            starts_on=s.starts_on,
            ends_on=s.ends_on,
            state=state(s, on),
            conclusion=s.conclusion,
            concluded_on=s.concluded_on,
            published=s.published_at is not None,
            team=team[s.id],
            sessions=held[s.id],
            requests=by_supervision[s.id, FollowUpKind.request] if sessions else [],
            recommendations=by_supervision[s.id, FollowUpKind.recommendation],
        )
        for s in supervisions
    ]


# --- follow-up items --------------------------------------------------------------------------


def ask_of_agency(
    db: Session,
    *,
    actor: Actor,
    supervision: Supervision,
    kind: FollowUpKind,
    data: FollowUpCreate,
    meta: RequestMeta,
) -> FollowUp:
    """A request of the supervision's plan (the report or documents an agency must provide
    by a date) or a recommendation of its conclusion, addressed to an agency."""
    return _add(db, actor, meta, kind, supervision.council_id, data, supervision_id=supervision.id)


def add_task(
    db: Session, *, actor: Actor, resolution: Document, data: FollowUpCreate, meta: RequestMeta
) -> FollowUp:
    """A task of an issued resolution (its article, what, who, by when, the expected result);
    the caller checked it is an issued resolution of the council."""
    return _add(
        db, actor, meta, FollowUpKind.task, resolution.council_id, data, document_id=resolution.id
    )


def _add(
    db: Session,
    actor: Actor,
    meta: RequestMeta,
    kind: FollowUpKind,
    council_id: int,
    data: FollowUpCreate,
    **parent: int,
) -> FollowUp:
    item = FollowUp(
        council_id=council_id,
        kind=kind,
        article=data.article,
        content=data.content,
        expected_result=data.expected_result,
        agency_id=petitions.agency_of(db, council_id, data.agency).id,
        due_date=data.due_date,
        **parent,
    )
    db.add(item)
    db.flush()
    _audit(db, actor, meta, council_id, f"{kind.value}.created", "follow_up", item.id)
    return item


def report(
    db: Session, *, actor: Actor | None, item: FollowUp, data: ReportIn, meta: RequestMeta
) -> FollowUpReport:
    """The agency's progress or result, recorded by the office (`actor`) or sent by the
    agency itself through its link (None); "done" closes the item."""
    if item.status is FollowUpStatus.done:
        raise FollowUpDone()
    status = FollowUpStatus(data.status)
    entry = FollowUpReport(
        follow_up_id=item.id,
        content=data.content,
        status=status,
        author_id=actor.user_id if actor else None,
        by_agency=actor is None,
    )
    db.add(entry)
    item.status = status
    if status is FollowUpStatus.done:
        item.done_at = utcnow()
    db.flush()
    _audit(
        db,
        actor,
        meta,
        item.council_id,
        f"{item.kind.value}.reported",
        "follow_up",
        item.id,
        status=status.value,
    )
    return entry


def is_overdue(item: FollowUp, on: date) -> bool:
    """Flagged from the day after the due date until done."""
    return item.status is not FollowUpStatus.done and on > item.due_date


def follow_ups(db: Session, stmt: Select[FollowUp], on: date) -> list[FollowUpOut]:
    """The items `stmt` selects, with their agencies and reports (oldest first)."""
    items = db.scalars(stmt).all()
    names = dict(
        db.execute(
            select(Agency.id, Agency.name).where(Agency.id.in_({i.agency_id for i in items}))
        ).all()
    )
    reports: dict[int, list[ReportOut]] = defaultdict(list)
    for entry in db.scalars(
        select(FollowUpReport)
        .where(FollowUpReport.follow_up_id.in_([i.id for i in items]))
        .order_by(FollowUpReport.id)
    ):
        reports[entry.follow_up_id].append(
            ReportOut(
                content=entry.content,
                status=entry.status,
                created_at=entry.created_at,
                by_agency=entry.by_agency,
            )
        )
    return [
        FollowUpOut(
            id=i.id,
            kind=i.kind,
            supervision_id=i.supervision_id,
            document_id=i.document_id,
            article=i.article,
            content=i.content,
            expected_result=i.expected_result,
            agency_id=i.agency_id,
            agency=names.get(i.agency_id, ""),
            due_date=i.due_date,
            status=i.status,
            overdue=is_overdue(i, on),
            done_at=i.done_at,
            reports=reports[i.id],
        )
        for i in items
    ]


def sources_of(db: Session, items: Sequence[FollowUpOut]) -> dict[int, str]:
    """Where each item comes from: its supervision's title, or its resolution's number and
    title."""
    supervisions = dict(
        db.execute(
            select(Supervision.id, Supervision.title).where(
                Supervision.id.in_({i.supervision_id for i in items if i.supervision_id})
            )
        ).all()
    )
    resolutions = {
        doc_id: f"{number} {title}".strip()
        for doc_id, number, title in db.execute(
            select(Document.id, Document.number, Document.title).where(
                Document.id.in_({i.document_id for i in items if i.document_id})
            )
        )
    }
    return {
        i.id: supervisions.get(i.supervision_id or 0) or resolutions.get(i.document_id or 0, "")
        for i in items
    }


def follow_ups_by_id(db: Session, ids: Sequence[int], on: date) -> list[FollowUpOut]:
    return follow_ups(db, select(FollowUp).where(FollowUp.id.in_(ids)).order_by(FollowUp.id), on)


def tasks_of(db: Session, document_ids: Iterable[int], on: date) -> dict[int, list[FollowUpOut]]:
    """Each resolution's tasks, by document id."""
    found: dict[int, list[FollowUpOut]] = defaultdict(list)
    for item in follow_ups(
        db,
        select(FollowUp)
        .where(FollowUp.document_id.in_(list(document_ids)))
        .order_by(FollowUp.due_date, FollowUp.id),
        on,
    ):
        found[item.document_id or 0].append(item)
    return found


def issued_resolutions(db: Session, actor: Actor, council_id: int) -> Sequence[Document]:
    """The council's issued resolutions the actor may read, the latest first."""
    stmt = select(Document).where(Document.council_id == council_id, policy.is_issued_resolution())
    return db.scalars(
        policy.visible_documents(actor, stmt).order_by(Document.issued_at.desc())
    ).all()


def overdue_board(db: Session, council_id: int, on: date) -> list[OverdueRow]:
    """Everything past its due date and not done, across supervisions' recommendations,
    resolutions' tasks and voters' petitions, the latest first."""
    rows: list[OverdueRow] = []
    late = db.execute(
        select(FollowUp, Agency.name, Supervision.title, Document.title, Document.number)
        .join(Agency, Agency.id == FollowUp.agency_id)
        .outerjoin(Supervision, Supervision.id == FollowUp.supervision_id)
        .outerjoin(Document, Document.id == FollowUp.document_id)
        .where(
            FollowUp.council_id == council_id,
            FollowUp.status != FollowUpStatus.done,
            FollowUp.due_date < on,
        )
    ).all()
    for item, agency, supervision_title, document_title, number in late:
        of_supervision = item.supervision_id is not None
        rows.append(
            OverdueRow(
                kind=item.kind.value,
                id=item.id,
                content=item.content,
                source=supervision_title
                if of_supervision
                else f"{number} {document_title}".strip(),
                agency=agency,
                due_date=item.due_date,
                days_late=(on - item.due_date).days,
                url=f"/office/supervisions/{item.supervision_id}"
                if of_supervision
                else f"/office/councils/{council_id}/follow-up#document-{item.document_id}",
            )
        )
    for petition, agency in db.execute(
        select(Petition, Agency.name)
        .join(Agency, Agency.id == Petition.agency_id)
        .where(
            Petition.council_id == council_id,
            Petition.status == PetitionStatus.assigned,
            Petition.due_date < on,
        )
    ).all():
        assert petition.due_date is not None  # assigned means given a due date
        rows.append(
            OverdueRow(
                kind="petition",
                id=petition.id,
                content=petition.content,
                source=petition.tracking_code,
                agency=agency,
                due_date=petition.due_date,
                days_late=(on - petition.due_date).days,
                url=f"/office/councils/{council_id}/petitions",
            )
        )
    return sorted(rows, key=lambda r: (-r.days_late, r.kind, r.id))


def remind_overdue(db: Session, *, on: date, channels: Iterable[Channel]) -> int:
    """One e-mail to the responsible agency per overdue recommendation or task, ever."""
    if Channel.email not in set(channels):
        return 0
    count = 0
    for item, agency in db.execute(
        select(FollowUp, Agency)
        .join(Agency, Agency.id == FollowUp.agency_id)
        .where(
            FollowUp.status != FollowUpStatus.done,
            FollowUp.due_date < on,
            Agency.contact_email != "",
        )
    ).all():
        count += notify.remind_agency(
            db,
            council_id=item.council_id,
            key=f"follow-up-overdue:{item.id}",
            email=agency.contact_email,
            subject=t(f"oversight.overdue_subject.{item.kind.value}", "vi"),
            body=t(
                "oversight.overdue_body",
                "vi",
                agency=agency.name,
                due=item.due_date.strftime("%d/%m/%Y"),
                content=item.content,
            ),
        )
    db.flush()
    return count


def _audit(
    db: Session,
    actor: Actor | None,
    meta: RequestMeta,
    council_id: int,
    action: str,
    object_type: str,
    object_id: int,
    **details: object,
) -> None:
    audit.record(
        db,
        action=action,
        meta=meta,
        actor=actor,
        council_id=council_id,
        object_type=object_type,
        object_id=object_id,
        details=details,
    )

"""Petition use cases: intake (the public form, a voter-contact meeting's list), handling
(assign with a due date, answer, resolve or reject with a reason), tracking by code, the
public list of answers without personal data, overdue reminders and statistics."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, extract, func, or_, select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.db import utcnow
from app.directory.models import Body, BodyKind, Council
from app.errors import TooManyRequests
from app.i18n import VIETNAM_TZ, t
from app.i18n.text import fold
from app.notify import service as notify
from app.notify.models import Channel
from app.petitions import attachments
from app.petitions.errors import (
    BadAgency,
    BadDuplicate,
    HandledWithItsGroup,
    SpamSuspected,
    WrongPetitionStatus,
)
from app.petitions.models import (
    Agency,
    AttachmentKind,
    Field,
    Petition,
    PetitionAttachment,
    PetitionStatus,
    PetitionTopic,
    Source,
)
from app.petitions.schemas import (
    AgencyCreate,
    AttachmentOut,
    PetitionEntry,
    PetitionSubmit,
    StaffPetition,
    StatRow,
    Stats,
    Tracking,
)
from app.security import policy
from app.security.actor import Actor
from app.security.ratelimit import RateLimiter
from app.storage import ObjectStore

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
OPEN = (PetitionStatus.received, PetitionStatus.assigned)
DONE = (PetitionStatus.answered, PetitionStatus.resolved)


def today() -> date:
    return utcnow().astimezone(VIETNAM_TZ).date()


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


SUBMISSIONS_PER_WINDOW = 5  # from one address within the limiter's window


def submit_public(
    db: Session, limiter: RateLimiter, address: str, data: PetitionSubmit
) -> Petition:
    """The form's one path, for the JSON API and the portal's HTML form alike."""
    if limiter.hit(f"petition:{address}") > SUBMISSIONS_PER_WINDOW:
        raise TooManyRequests()
    return submit(db, council=policy.public_council(db, data.council_id), data=data)


def submit(db: Session, *, council: Council, data: PetitionSubmit) -> Petition:
    """The public form. A filled honeypot is a robot: refused without saying more."""
    if data.website:
        raise SpamSuspected()
    petition = Petition(
        council_id=council.id,
        tracking_code=_code(),
        source=Source.online,
        field=data.field,
        area=data.area,
        content=data.content,
        petitioner_name=data.name,
        petitioner_contact=data.contact,
        constituency_id=constituency_of(db, council.id, data.area),
    )
    petition.folded = fold(petition.content)
    db.add(petition)
    db.flush()
    return petition


def add_batch(
    db: Session,
    *,
    actor: Actor,
    council: Council,
    entries: Iterable[PetitionEntry],
    source: Source,
    supervision: str = "",
    report_document_id: int | None = None,
    meta: RequestMeta,
) -> list[Petition]:
    """A voter-contact meeting's petitions, or a supervision's recommendations (linked to the
    supervision and its report), many at once."""
    added = [
        Petition(
            council_id=council.id,
            tracking_code=_code(),
            source=source,
            field=e.field,
            area=e.area,
            content=e.content,
            petitioner_name=e.name,
            folded=fold(e.content),
            constituency_id=constituency_of(db, council.id, e.area),
            supervision=supervision,
            report_document_id=report_document_id,
        )
        for e in entries
    ]
    db.add_all(added)
    db.flush()
    _audit(db, actor, meta, council.id, "petition.batch_added", None, count=len(added))
    return added


def agency_of(db: Session, council_id: int, ref: int | str) -> Agency:
    """The council's agency by id, or by its name (case and diacritics aside), made the first
    time it is named: the office types "UBND xã" rather than keeping a register first."""
    if isinstance(ref, int):
        agency = db.get(Agency, ref)
        if agency is None or agency.council_id != council_id:
            raise BadAgency()
        return agency
    wanted = fold(ref)
    for agency in agencies(db, council_id):
        if fold(agency.name) == wanted:
            return agency
    agency = Agency(council_id=council_id, name=ref)
    db.add(agency)
    db.flush()
    return agency


def add_agency(db: Session, *, council: Council, data: AgencyCreate) -> Agency:
    agency = Agency(council_id=council.id, name=data.name, contact_email=data.contact_email)
    db.add(agency)
    db.flush()
    return agency


def constituency_of(db: Session, council_id: int, area: str) -> int | None:
    """The delegate group whose constituency lists this thôn (diacritics and case ignored)."""
    wanted = fold(area)
    if not wanted:
        return None
    groups = db.scalars(
        select(Body).where(
            Body.council_id == council_id,
            Body.kind == BodyKind.delegate_group,
            Body.areas != "",
        )
    )
    for group in groups:
        if wanted in {fold(name) for name in group.areas.split(",")}:
            return group.id
    return None


def _group(db: Session, petition: Petition) -> list[Petition]:
    """The petition and the duplicates that follow it."""
    if petition.duplicate_of is not None:
        raise HandledWithItsGroup()
    followers = db.scalars(select(Petition).where(Petition.duplicate_of == petition.id)).all()
    return [petition, *followers]


def _follow(lead: Petition, follower: Petition) -> None:
    follower.agency_id, follower.due_date = lead.agency_id, lead.due_date
    follower.status, follower.answer = lead.status, lead.answer
    follower.answered_at = lead.answered_at
    follower.reject_reason, follower.closed_at = lead.reject_reason, lead.closed_at
    follower.folded = fold(f"{follower.content} {follower.answer}")


def _apply(db: Session, petition: Petition) -> None:
    for follower in _group(db, petition)[1:]:
        _follow(petition, follower)


def mark_duplicate(
    db: Session, *, actor: Actor, petition: Petition, original_id: int, meta: RequestMeta
) -> Petition:
    """Group a petition under an earlier one asking the same: it is handled, answered and
    closed with it, and its petitioner follows the answer with their own code."""
    original = db.get(Petition, original_id)
    if original is not None and original.duplicate_of is not None:
        original = db.get(Petition, original.duplicate_of)
    if original is None or original.council_id != petition.council_id or original.id == petition.id:
        raise BadDuplicate()
    if petition.status not in OPEN:
        raise WrongPetitionStatus()
    for follower in _group(db, petition)[1:]:
        follower.duplicate_of = original.id
        _follow(original, follower)
    petition.duplicate_of = original.id
    _follow(original, petition)
    _audit(db, actor, meta, petition.council_id, "petition.grouped", petition, of=original.id)
    return petition


def assign(
    db: Session,
    *,
    actor: Actor,
    petition: Petition,
    agency_id: int,
    due_date: date,
    meta: RequestMeta,
) -> Petition:
    if petition.status not in OPEN:
        raise WrongPetitionStatus()
    agency = db.get(Agency, agency_id)
    if agency is None or agency.council_id != petition.council_id:
        raise BadAgency()
    petition.agency_id, petition.due_date = agency.id, due_date
    petition.status = PetitionStatus.assigned
    _apply(db, petition)
    _audit(db, actor, meta, petition.council_id, "petition.assigned", petition, agency=agency.name)
    return petition


def answer(
    db: Session, *, actor: Actor, petition: Petition, text: str, meta: RequestMeta
) -> Petition:
    """The agency's answer, recorded by the office; it becomes public (without personal data)."""
    if petition.status is not PetitionStatus.assigned:
        raise WrongPetitionStatus()
    petition.answer, petition.answered_at = text, utcnow()
    petition.folded = fold(f"{petition.content} {text}")
    petition.status = PetitionStatus.answered
    _apply(db, petition)
    _audit(db, actor, meta, petition.council_id, "petition.answered", petition)
    return petition


def resolve(db: Session, *, actor: Actor, petition: Petition, meta: RequestMeta) -> Petition:
    if petition.status is not PetitionStatus.answered:
        raise WrongPetitionStatus()
    petition.status, petition.closed_at = PetitionStatus.resolved, utcnow()
    _apply(db, petition)
    _audit(db, actor, meta, petition.council_id, "petition.resolved", petition)
    return petition


def reject(
    db: Session, *, actor: Actor, petition: Petition, reason: str, meta: RequestMeta
) -> Petition:
    if petition.status not in OPEN:
        raise WrongPetitionStatus()
    petition.status, petition.reject_reason = PetitionStatus.rejected, reason
    petition.closed_at = utcnow()
    _apply(db, petition)
    _audit(db, actor, meta, petition.council_id, "petition.rejected", petition)
    return petition


# --- personal data (Decree 13/2023) -----------------------------------------------------------


def _erase(db: Session, store: ObjectStore, petitions: Iterable[Petition]) -> int:
    erased = list(petitions)
    for petition in erased:
        petition.petitioner_name = petition.petitioner_contact = ""
    attachments.remove_evidence(db, store, [p.id for p in erased])
    db.flush()
    return len(erased)


def of_person(db: Session, *, council_id: int, contact: str) -> Sequence[Petition]:
    """Everything the council holds on one petitioner, found by their phone or e-mail."""
    return db.scalars(
        select(Petition)
        .where(
            Petition.council_id == council_id,
            func.lower(Petition.petitioner_contact) == contact.strip().lower(),
        )
        .order_by(Petition.id)
    ).all()


def export_person(
    db: Session, *, actor: Actor, council_id: int, contact: str, meta: RequestMeta
) -> Sequence[Petition]:
    """A petitioner's request to see what is held on them."""
    found = of_person(db, council_id=council_id, contact=contact)
    # the audit keeps how many, never whose
    _audit(db, actor, meta, council_id, "petition.personal_data_exported", None, count=len(found))
    return found


def erase_person(
    db: Session,
    store: ObjectStore,
    *,
    actor: Actor,
    council_id: int,
    contact: str,
    meta: RequestMeta,
) -> int:
    """A petitioner's request to be forgotten: name, contact and their own files go; the
    petitions and their answers stay."""
    count = _erase(db, store, of_person(db, council_id=council_id, contact=contact))
    _audit(db, actor, meta, council_id, "petition.personal_data_erased", None, count=count)
    return count


def erase_expired(db: Session, store: ObjectStore, *, now: datetime, retention_days: int) -> int:
    """Erase the petitioner's data of petitions closed longer than the retention period."""
    return _erase(
        db,
        store,
        db.scalars(
            select(Petition).where(
                Petition.closed_at < now - timedelta(days=retention_days),
                (Petition.petitioner_name != "") | (Petition.petitioner_contact != ""),
            )
        ),
    )


def _audit(
    db: Session,
    actor: Actor,
    meta: RequestMeta,
    council_id: int,
    action: str,
    petition: Petition | None,
    **details: object,
) -> None:
    audit.record(
        db,
        action=action,
        meta=meta,
        actor=actor,
        council_id=council_id,
        object_type="petition",
        object_id=petition.id if petition else "",
        details=details,
    )


# --- reading ----------------------------------------------------------------------------------


def agencies(db: Session, council_id: int) -> Sequence[Agency]:
    return db.scalars(
        select(Agency).where(Agency.council_id == council_id).order_by(Agency.name)
    ).all()


def _agency_names(db: Session, petitions: Sequence[Petition]) -> dict[int, str]:
    ids = {p.agency_id for p in petitions if p.agency_id}
    if not ids:
        return {}
    return dict(db.execute(select(Agency.id, Agency.name).where(Agency.id.in_(ids))).all())


def is_overdue(petition: Petition, on: date) -> bool:
    """Flagged from the day after the due date until answered."""
    return (
        petition.status is PetitionStatus.assigned
        and petition.due_date is not None
        and on > petition.due_date
    )


def tracking(
    petition: Petition,
    agency: str | None,
    files: Sequence[PetitionAttachment] = (),
    topic: str | None = None,
) -> Tracking:
    return Tracking(
        tracking_code=petition.tracking_code,
        status=petition.status,
        field=petition.field,
        area=petition.area,
        content=petition.content,
        agency=agency,
        answer=petition.answer or None,
        reject_reason=petition.reject_reason or None,
        received_at=petition.created_at,
        answered_at=petition.answered_at,
        answer_files=[
            AttachmentOut.model_validate(f) for f in files if f.kind is AttachmentKind.answer
        ],
        topic=topic,
    )


def _files(db: Session, petitions: Sequence[Petition]) -> dict[int, list[PetitionAttachment]]:
    """A grouped petition shows its group's answer files (they are answered together)."""
    leads = {p.id: p.duplicate_of or p.id for p in petitions}
    found = attachments.of(db, sorted(set(leads.values()) | set(leads)))
    return {
        pid: found.get(pid, []) + (found.get(lead, []) if lead != pid else [])
        for pid, lead in leads.items()
    }


def _topic_names(db: Session, petitions: Sequence[Petition]) -> dict[int, str]:
    wanted = {p.topic_id for p in petitions if p.topic_id}
    if not wanted:
        return {}
    rows = db.execute(
        select(PetitionTopic.id, PetitionTopic.name).where(PetitionTopic.id.in_(wanted))
    )
    return {row.id: row.name for row in rows}


def views(db: Session, petitions: Sequence[Petition]) -> list[Tracking]:
    names, files, topics = (
        _agency_names(db, petitions),
        _files(db, petitions),
        _topic_names(db, petitions),
    )
    return [
        tracking(p, names.get(p.agency_id or 0), files[p.id], topics.get(p.topic_id or 0))
        for p in petitions
    ]


def staff_views(db: Session, petitions: Sequence[Petition], on: date) -> list[StaffPetition]:
    names, files = _agency_names(db, petitions), _files(db, petitions)
    topics = _topic_names(db, petitions)
    return [
        StaffPetition(
            **tracking(
                p, names.get(p.agency_id or 0), files[p.id], topics.get(p.topic_id or 0)
            ).model_dump(),
            id=p.id,
            source=p.source.value,
            petitioner_name=p.petitioner_name,
            petitioner_contact=p.petitioner_contact,
            due_date=p.due_date,
            overdue=is_overdue(p, on),
            duplicate_of=p.duplicate_of,
            constituency_id=p.constituency_id,
            supervision=p.supervision,
            report_document_id=p.report_document_id,
            attachments=[AttachmentOut.model_validate(f) for f in files[p.id]],
        )
        for p in petitions
    ]


def _filtered(
    stmt: Select[Petition], *, field: Field | None, area: str, q: str
) -> Select[Petition]:
    if field is not None:
        stmt = stmt.where(Petition.field == field)
    if area:
        stmt = stmt.where(Petition.area == area)
    if q:
        # small volumes per council: fold in Python-side terms, match case-insensitively
        for word in fold(q).split()[:8]:
            stmt = stmt.where(Petition.folded.contains(word, autoescape=True))
    return stmt


def public_list(
    db: Session,
    *,
    council_id: int,
    field: Field | None = None,
    area: str = "",
    q: str = "",
    limit: int = 50,
    offset: int = 0,
) -> Sequence[Petition]:
    """Answered petitions, newest answer first: what the public may read."""
    stmt = select(Petition).where(Petition.council_id == council_id, Petition.status.in_(DONE))
    stmt = _filtered(stmt, field=field, area=area, q=q)
    return db.scalars(stmt.order_by(Petition.answered_at.desc()).limit(limit).offset(offset)).all()


def of_constituencies(db: Session, body_ids: Sequence[int]) -> Sequence[Petition]:
    """What a delegate group's voters asked, for its delegates (without personal data)."""
    if not body_ids:
        return []
    return db.scalars(
        select(Petition)
        .where(Petition.constituency_id.in_(body_ids))
        .order_by(Petition.id.desc())
        .limit(200)
    ).all()


def staff_list(
    db: Session,
    *,
    council_id: int,
    status: PetitionStatus | None = None,
    overdue_only: bool = False,
) -> Sequence[Petition]:
    stmt = select(Petition).where(Petition.council_id == council_id)
    if status is not None:
        stmt = stmt.where(Petition.status == status)
    if overdue_only:
        stmt = stmt.where(Petition.status == PetitionStatus.assigned, Petition.due_date < today())
    return db.scalars(stmt.order_by(Petition.id.desc())).all()


# --- overdue reminders ----------------------------------------------------------------------


TOLD_WITHIN = timedelta(days=30)  # a petition answered longer ago is not announced late


def tell_petitioners(
    db: Session, *, now: datetime, channels: notify.Channels, base_url: str
) -> int:
    """Each voter who left a contact hears once when their petition is answered or not
    accepted (Zalo by phone where its template is approved, else mail), with the page that
    tracks it; petitions grouped under another are answered with it."""
    since = now - TOLD_WITHIN
    rows = db.scalars(
        select(Petition).where(
            Petition.petitioner_contact != "",
            or_(
                and_(Petition.status == PetitionStatus.answered, Petition.answered_at >= since),
                and_(Petition.status == PetitionStatus.rejected, Petition.closed_at >= since),
            ),
        )
    ).all()
    count = 0
    for petition in rows:
        status = t(f"petitions.status.{petition.status.value}", "vi")
        count += notify.tell_voter(
            db,
            council_id=petition.council_id,
            key=f"petition-told:{petition.id}:{petition.status.value}",
            contact=petition.petitioner_contact,
            channels=channels,
            kind="petition_update",
            subject=t("notify.petition_update_subject", "vi", code=petition.tracking_code),
            values={
                "code": petition.tracking_code,
                "status": status,
                "url": f"{base_url.rstrip('/')}/p/petitions/{petition.tracking_code}",
            },
        )
    db.flush()  # the outbox's keys, seen by the next call in this transaction
    return count


def remind_overdue(db: Session, *, on: date, channels: Iterable[Channel]) -> int:
    """One reminder to the responsible agency's contact per overdue petition, ever: the
    outbox's key makes a second call (or a page view) add nothing."""
    if Channel.email not in set(channels):
        return 0
    rows = db.execute(
        select(Petition, Agency)
        .join(Agency, Agency.id == Petition.agency_id)
        .where(
            Petition.status == PetitionStatus.assigned,
            Petition.due_date < on,
            Agency.contact_email != "",
        )
    ).all()
    count = 0
    for petition, agency in rows:
        count += notify.remind_agency(
            db,
            council_id=petition.council_id,
            key=f"petition-overdue:{petition.id}",
            email=agency.contact_email,
            subject=t("petitions.overdue_subject", "vi", code=petition.tracking_code),
            body=t(
                "petitions.overdue_body",
                "vi",
                agency=agency.name,
                code=petition.tracking_code,
                due=petition.due_date.strftime("%d/%m/%Y") if petition.due_date else "",
                content=petition.content,
            ),
        )
    db.flush()
    return count


# --- statistics -----------------------------------------------------------------------------


def stats(db: Session, *, council_id: int, year: int, on: date, month: int | None = None) -> Stats:
    """Counts by field, agency and area for petitions received in `year` (or one month of
    it): total, answered, answered on time (by the due date), overdue now; exact, from the
    rows themselves."""
    stmt = select(Petition).where(
        Petition.council_id == council_id, extract("year", Petition.created_at) == year
    )
    if month is not None:
        stmt = stmt.where(extract("month", Petition.created_at) == month)
    petitions = db.scalars(stmt).all()
    agencies = dict(
        db.execute(select(Agency.id, Agency.name).where(Agency.council_id == council_id)).all()
    )

    def row(key: str, label: str, group: list[Petition]) -> StatRow:
        answered = [p for p in group if p.answered_at is not None]
        on_time = [
            p
            for p in answered
            if p.due_date is not None
            and p.answered_at is not None
            and p.answered_at.astimezone(VIETNAM_TZ).date() <= p.due_date
        ]
        return StatRow(
            key=key,
            label=label,
            total=len(group),
            answered=len(answered),
            on_time=len(on_time),
            overdue=sum(1 for p in group if is_overdue(p, on)),
            on_time_rate=round(len(on_time) / len(answered), 4) if answered else None,
        )

    by_field = [
        row(f.value, t(f"petitions.field.{f.value}"), [p for p in petitions if p.field is f])
        for f in Field
    ]
    by_agency = [
        row(str(i), name, [p for p in petitions if p.agency_id == i])
        for i, name in sorted(agencies.items())
    ]
    areas = sorted({p.area for p in petitions})
    by_area = [
        row(area, area or t("petitions.no_area"), [p for p in petitions if p.area == area])
        for area in areas
    ]
    names = dict(
        db.execute(
            select(PetitionTopic.id, PetitionTopic.name).where(
                PetitionTopic.id.in_({p.topic_id for p in petitions if p.topic_id})
            )
        ).all()
    )
    by_topic = [
        row(str(i), name, [p for p in petitions if p.topic_id == i])
        for i, name in sorted(names.items(), key=lambda item: item[1])
    ]
    return Stats(
        year=year,
        month=month,
        by_field=by_field,
        by_agency=by_agency,
        by_area=by_area,
        by_topic=by_topic,
    )

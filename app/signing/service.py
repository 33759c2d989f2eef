"""The issuing workflow: trust anchors, signing credentials, the number register, the
chair's certification, the organisation's seal (direct or deferred) and verification.

Files are written to storage before their rows and removed again if the transaction does
not commit; a refused signature leaves no new version behind."""

from __future__ import annotations

import hashlib
import secrets
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, true, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import pdf
from app.audit import service as audit
from app.audit.service import RequestMeta
from app.config import Settings
from app.db import Database, utcnow
from app.directory.models import Body, Council
from app.documents import service as documents
from app.documents.models import Document, DocumentType, DocumentVersion
from app.errors import Conflict
from app.floor import votes as voting
from app.i18n import VIETNAM_TZ, local_time, t
from app.meetings.models import Meeting
from app.pdf import sandbox
from app.security import policy
from app.security.actor import Actor
from app.signing import engine, keys, stamps
from app.signing.errors import (
    BadPkcs12,
    CredentialExpired,
    DocumentChanged,
    NoCredential,
    NotIssuable,
    NumberingBusy,
    StampPlaced,
    VoteNotPassed,
    WrongPin,
    WrongStep,
)
from app.signing.models import (
    CredentialKind,
    DocumentSignature,
    NumberSequence,
    SignatureLevel,
    SignatureRole,
    SigningCredential,
    SigningRequest,
    TrustAnchor,
)
from app.signing.schemas import VerificationOut
from app.signing.verify import Report, verify
from app.storage import ObjectStore, StoredObject

# Series of the council's register (Decree 30/2020 abbreviations), one counter per year.
SERIES: dict[DocumentType, str] = {
    DocumentType.resolution: "NQ",
    DocumentType.draft_resolution: "NQ",
    DocumentType.minutes: "BB",
    DocumentType.report: "BC",
    DocumentType.review_report: "BC",
    DocumentType.invitation: "GM",
    DocumentType.programme: "CTr",
    DocumentType.proposal: "TTr",
    DocumentType.notice: "TB",
    DocumentType.plan: "KH",
    DocumentType.decision: "QĐ",
    DocumentType.official_letter: "CV",
    DocumentType.other: "TB",
}
ISSUER_SUFFIX = "HĐND"
# A công văn names no type: «Số: 12/HĐND-VP», the office (Văn phòng) having drafted it.
LETTER_SERIES, LETTER_UNIT = "CV", "VP"


def printed_code(series: str) -> str:
    """What follows the number: «NQ-HĐND» for a resolution, «HĐND-VP» for a công văn."""
    if series == LETTER_SERIES:
        return f"{ISSUER_SUFFIX}-{LETTER_UNIT}"
    return f"{series}-{ISSUER_SUFFIX}"


CHAIR_FIELD, SEAL_FIELD = "ChairSignature", "SealSignature"


# --- trust anchors and credentials ----------------------------------------------------------


def add_trust_anchor(db: Session, *, actor: Actor, data: bytes, meta: RequestMeta) -> TrustAnchor:
    cert = keys.load_certificate(data)
    if db.scalar(select(TrustAnchor.id).where(TrustAnchor.fingerprint == cert.fingerprint)):
        raise Conflict()
    anchor = TrustAnchor(
        subject=cert.subject, fingerprint=cert.fingerprint, der=cert.der, created_by=actor.user_id
    )
    db.add(anchor)
    db.flush()
    audit.record(
        db,
        action="trust_anchor.added",
        meta=meta,
        actor=actor,
        object_type="trust_anchor",
        object_id=anchor.id,
        details={"subject": cert.subject, "sha256": cert.fingerprint},
    )
    return anchor


def trust_anchors(db: Session) -> list[bytes]:
    return list(db.scalars(select(TrustAnchor.der).order_by(TrustAnchor.id)))


def add_credential(
    db: Session, *, actor: Actor, cert: keys.Certificate, meta: RequestMeta, **fields: object
) -> SigningCredential:
    if cert.not_after <= utcnow():
        raise CredentialExpired()
    credential = SigningCredential(
        user_id=actor.user_id,
        subject=cert.subject,
        not_after=cert.not_after,
        certificate=cert.der,
        **fields,
    )
    db.add(credential)
    db.flush()
    audit.record(
        db,
        action="signing_credential.added",
        meta=meta,
        actor=actor,
        council_id=actor.council_id,
        object_type="signing_credential",
        object_id=credential.id,
        details={"kind": credential.kind.value, "subject": cert.subject},
    )
    return credential


def add_pkcs12(
    db: Session, *, actor: Actor, data: bytes, passphrase: str, secret: str, meta: RequestMeta
) -> SigningCredential:
    """The file is checked with its passphrase, then kept sealed; the passphrase is not kept."""
    cert, _chain = keys.open_pkcs12(data, passphrase)
    return add_credential(
        db,
        actor=actor,
        cert=cert,
        meta=meta,
        kind=CredentialKind.pkcs12,
        sealed_pkcs12=keys.seal(data, secret),
    )


def add_token(
    db: Session,
    *,
    actor: Actor,
    module: str,
    token_label: str,
    key_label: str,
    pin: str,
    meta: RequestMeta,
) -> SigningCredential:
    cert = keys.token_certificate(module, token_label=token_label, key_label=key_label, pin=pin)
    return add_credential(
        db,
        actor=actor,
        cert=cert,
        meta=meta,
        kind=CredentialKind.pkcs11,
        token_label=token_label,
        key_label=key_label,
    )


# --- numbering ------------------------------------------------------------------------------


def _last_number(db: Session, *, council_id: int, series: str, year: int) -> int:
    last = db.scalar(
        select(NumberSequence.last).where(
            NumberSequence.council_id == council_id,
            NumberSequence.series == series,
            NumberSequence.year == year,
        )
    )
    return last or 0


def _take_number(db: Session, *, council_id: int, series: str, year: int) -> int:
    """The next number of the series: the counter row is locked by the update until the
    transaction ends, so concurrent issuers queue and a rolled-back number is given again."""
    dialect_insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.execute(
        dialect_insert(NumberSequence)
        .values(council_id=council_id, series=series, year=year, last=0)
        .on_conflict_do_nothing(index_elements=["council_id", "series", "year"])
    )
    return int(
        db.execute(
            update(NumberSequence)
            .where(
                NumberSequence.council_id == council_id,
                NumberSequence.series == series,
                NumberSequence.year == year,
            )
            .values(last=NumberSequence.last + 1)
            .returning(NumberSequence.last)
        ).scalar_one()
    )


def verification_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/verify/{code}"


@dataclass(frozen=True)
class _Numbering:
    document: Document
    base: DocumentVersion
    series: str
    year: int
    number: int  # the number this attempt prints: the register's next one when it was read
    failed_vote: int | None  # the vote that rejected this draft, when the office issues it anyway


class _NumberTaken(Exception):
    """Another document of the series was numbered while this one's page 1 was stamped."""


NUMBERING_ATTEMPTS = 5


def number_document(
    database: Database,
    store: ObjectStore,
    *,
    actor: Actor,
    document_id: int,
    base_url: str,
    meta: RequestMeta,
    tmp_dir: Path,
    despite_vote: bool = False,
) -> tuple[Document, DocumentVersion]:
    """Give the document its number from the register and print it on page 1 with the QR of
    its verification page: the version the chair will sign. A draft the council voted down
    is numbered only with `despite_vote` (the office's explicit choice, audited). Page 1 is
    stamped with the register's next number holding no connection; the short write takes
    that number, and if another document took it meanwhile the stamp is made again with the
    next one. No number is ever skipped or given twice."""
    for _attempt in range(NUMBERING_ATTEMPTS):
        numbered = _number_once(
            database,
            store,
            actor=actor,
            document_id=document_id,
            base_url=base_url,
            meta=meta,
            tmp_dir=tmp_dir,
            despite_vote=despite_vote,
        )
        if numbered is not None:
            return numbered
    raise NumberingBusy()


def _number_once(
    database: Database,
    store: ObjectStore,
    *,
    actor: Actor,
    document_id: int,
    base_url: str,
    meta: RequestMeta,
    tmp_dir: Path,
    despite_vote: bool,
) -> tuple[Document, DocumentVersion] | None:
    """One attempt; None when another document took the number meanwhile."""
    plan = database.read(lambda db: _plan_numbering(db, actor, document_id, despite_vote))
    number = f"{plan.number}/{printed_code(plan.series)}"
    verify_code = secrets.token_urlsafe(24)
    with workdir(tmp_dir) as work:
        source, numbered = work / "source.pdf", work / "numbered.pdf"
        documents.download(store, plan.base.object_key, source)
        first, _last = pdf.first_and_last_page_size(source)
        band = stamps.number_band(
            first,
            number=number,
            url=verification_url(base_url, verify_code),
            caption=t("signing.band_caption", "vi"),
            slot=_own_slot(source, plan.series),
            serial=str(plan.number),
        )
        pdf.overlay_first_page(source, numbered, overlay=band)
        with numbered.open("rb") as handle:
            stored = store.put(handle, prefix="documents")

    def write(db: Session) -> tuple[Document, DocumentVersion]:
        document = _still_unnumbered(db, actor, plan)
        taken = _take_number(db, council_id=document.council_id, series=plan.series, year=plan.year)
        if taken != plan.number:
            raise _NumberTaken()
        document.number, document.verify_code = number, verify_code
        if document.doc_type is DocumentType.draft_resolution:
            document.doc_type = DocumentType.resolution
        version = documents.add_derived_version(
            db, actor=actor, document=document, stored=stored, base=plan.base, signed=False
        )
        details: dict[str, object] = {"number": document.number, "version": version.version}
        if plan.failed_vote is not None:
            details["despite_failed_vote"] = plan.failed_vote
        audit.record(
            db,
            action="document.numbered",
            meta=meta,
            actor=actor,
            council_id=document.council_id,
            object_type="document",
            object_id=document.id,
            details=details,
        )
        return document, version

    try:
        return database.write(write)
    except _NumberTaken:
        store.delete(stored.key)
        return None
    except BaseException:
        store.delete(stored.key)
        raise


def _own_slot(path: Path, series: str) -> pdf.NumberSlot | None:
    """The document's blank «Số:  /…» when it is for this series («/NQ-HĐND» for a
    resolution): a slot that names another series is left as it is, not given a wrong number."""
    slot = pdf.number_slot(path)
    expected = printed_code(series).split("-")[0]
    if slot is None or slot.code.split("-")[0].casefold() != expected.casefold():
        return None
    return slot


def _plan_numbering(db: Session, actor: Actor, document_id: int, despite_vote: bool) -> _Numbering:
    document = policy.document_for_issuing(db, actor, document_id)
    if document.verify_code is not None:
        raise WrongStep()
    series = SERIES.get(document.doc_type)
    if series is None:
        raise NotIssuable()
    failed_vote = voting.decided_against(db, [document.id]).get(document.id)
    if failed_vote is not None and not despite_vote:
        raise VoteNotPassed()
    year = utcnow().astimezone(VIETNAM_TZ).year
    last = _last_number(db, council_id=document.council_id, series=series, year=year)
    return _Numbering(
        document=document,
        base=documents.current_version(db, document=document),
        series=series,
        year=year,
        number=last + 1,
        failed_vote=failed_vote,
    )


def _still_unnumbered(db: Session, actor: Actor, plan: _Numbering) -> Document:
    document = policy.document_for_issuing(db, actor, plan.document.id)
    if document.verify_code is not None:
        raise WrongStep()
    if document.current_version != plan.base.version:
        raise DocumentChanged()
    return document


# --- signing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    role: SignatureRole
    certify: bool
    lock: bool


def _next_step(db: Session, document: Document, role: SignatureRole) -> Step:
    if document.verify_code is None:
        raise WrongStep()
    done = set(
        db.scalars(
            select(DocumentSignature.role).where(DocumentSignature.document_id == document.id)
        )
    )
    step = _open_steps(document.doc_type, done).get(role)
    if step is None:
        raise WrongStep()
    return step


def _open_steps(doc_type: DocumentType, done: set[SignatureRole]) -> dict[SignatureRole, Step]:
    """Numbered → certified by the chair → sealed by the office; an attachment (anything but
    a resolution) may be sealed alone, which also locks it. Nothing follows the seal."""
    if SignatureRole.seal in done:
        return {}
    steps: dict[SignatureRole, Step] = {}
    if SignatureRole.certify in done:
        steps[SignatureRole.seal] = Step(SignatureRole.seal, certify=False, lock=True)
    else:
        steps[SignatureRole.certify] = Step(SignatureRole.certify, certify=True, lock=False)
        if doc_type is not DocumentType.resolution:  # a resolution is the chair's first
            steps[SignatureRole.seal] = Step(SignatureRole.seal, certify=True, lock=True)
    return steps


PICKER_WIDTH = 420  # pixels of the last page's preview the office clicks on


@dataclass(frozen=True)
class StampPlace:
    """Where the chair's signature will go, as the office's picker shows it."""

    document: Document
    at: tuple[float, float] | None  # the office's choice (fractions of the page); None: ours
    movable: bool  # nothing signed yet
    image_height: int  # of the preview PICKER_WIDTH wide: the last page's proportions


def _stamp_plan(
    db: Session, actor: Actor, document_id: int
) -> tuple[Document, DocumentVersion, bool]:
    document = policy.document_for_issuing(db, actor, document_id)
    if SERIES.get(document.doc_type) is None:
        raise NotIssuable()
    signed = db.scalar(
        select(DocumentSignature.id).where(DocumentSignature.document_id == document.id).limit(1)
    )
    return document, documents.current_version(db, document=document), signed is None


def _chosen(document: Document) -> tuple[float, float] | None:
    if document.stamp_x is None or document.stamp_y is None:
        return None
    return document.stamp_x, document.stamp_y


def stamp_place(
    database: Database, store: ObjectStore, *, actor: Actor, document_id: int, tmp_dir: Path
) -> StampPlace:
    document, version, movable = database.read(lambda db: _stamp_plan(db, actor, document_id))
    with workdir(tmp_dir) as work:
        source = work / "source.pdf"
        documents.download(store, version.object_key, source)
        _first, (width, height) = pdf.first_and_last_page_size(source)
    return StampPlace(document, _chosen(document), movable, round(PICKER_WIDTH * height / width))


def stamp_preview(
    database: Database, store: ObjectStore, *, actor: Actor, document_id: int, tmp_dir: Path
) -> bytes:
    """The last page with the chair's signature and the seal drawn where they will go."""
    document, version, _movable = database.read(lambda db: _stamp_plan(db, actor, document_id))
    with workdir(tmp_dir) as work:
        source = work / "source.pdf"
        documents.download(store, version.object_key, source)
        image = sandbox.page_image(source, last=True, width=PICKER_WIDTH)
        chair = stamps.chair_box(source, _chosen(document))
        _first, last = pdf.first_and_last_page_size(source)
    return stamps.mark_places(image, last, chair=chair, seal=stamps.seal_box(chair))


def place_stamp(
    db: Session,
    *,
    actor: Actor,
    document_id: int,
    at: tuple[float, float] | None,
    meta: RequestMeta,
) -> Document:
    """The office's choice of where the chair signs (None: back to the platform's own place),
    until the first signature fixes it."""
    document, _version, movable = _stamp_plan(db, actor, document_id)
    if not movable:
        raise StampPlaced()
    place = None if at is None else (min(max(at[0], 0.0), 1.0), min(max(at[1], 0.0), 1.0))
    document.stamp_x, document.stamp_y = place if place is not None else (None, None)
    audit.record(
        db,
        action="document.stamp_placed",
        meta=meta,
        actor=actor,
        council_id=document.council_id,
        object_type="document",
        object_id=document.id,
        details={"at": list(place) if place is not None else None},
    )
    return document


@dataclass(frozen=True)
class Issuing:
    """Where a numbered document stands on its way to issue, as the signing desk shows it."""

    id: int
    meeting_id: int
    meeting_title: str
    title: str
    doc_type: DocumentType
    number: str
    verify_code: str
    certified_at: datetime | None
    sealed_at: datetime | None
    published: bool
    capacity: policy.Capacity | None  # how the caller signs it, if they do
    awaits_caller: bool  # the caller's own signature is the (or a) next step


def issuing_desk(
    db: Session, actor: Actor, *, meeting_id: int | None = None, limit: int = 100
) -> list[Issuing]:
    """The numbered documents the caller may read (of one meeting, or all), the most recently
    changed first: each with its signatures so far and whether it awaits the caller's."""
    only = Document.meeting_id == meeting_id if meeting_id is not None else true()
    rows = db.execute(
        policy.visible_documents(
            actor,
            select(
                Document.id,
                Document.meeting_id,
                Meeting.title.label("meeting_title"),
                Document.title,
                Document.doc_type,
                Document.number,
                Document.verify_code,
                Document.published_at,
                Document.council_id,
                Body.id.label("issuer_id"),
                Body.name.label("issuer_name"),
                Body.kind.label("issuer_kind"),
            )
            .join(Meeting, Meeting.id == Document.meeting_id)
            .outerjoin(Body, Body.id == Document.issuer_body_id)
            .where(Document.verify_code.is_not(None), only)
            .order_by(Document.updated_at.desc(), Document.id.desc())
            .limit(limit),
        )
    ).all()
    signed: dict[int, dict[SignatureRole, datetime]] = {row.id: {} for row in rows}
    for document_id, role, signed_at in db.execute(
        select(
            DocumentSignature.document_id, DocumentSignature.role, DocumentSignature.signed_at
        ).where(DocumentSignature.document_id.in_(signed))
    ):
        signed[document_id][role] = signed_at
    seats = policy.seats_of(db, actor)
    capacities = {
        row.id: policy.signing_capacity(
            actor,
            seats,
            row.council_id,
            policy.Issuer(row.issuer_id, row.issuer_name, row.issuer_kind)
            if row.issuer_id
            else None,
        )
        for row in rows
    }
    return [
        Issuing(
            id=row.id,
            meeting_id=row.meeting_id,
            meeting_title=row.meeting_title,
            title=row.title,
            doc_type=row.doc_type,
            number=row.number,
            verify_code=row.verify_code,
            certified_at=signed[row.id].get(SignatureRole.certify),
            sealed_at=signed[row.id].get(SignatureRole.seal),
            published=row.published_at is not None,
            capacity=capacities[row.id],
            awaits_caller=policy.awaits_signature(
                capacities[row.id], _open_steps(row.doc_type, set(signed[row.id]))
            ),
        )
        for row in rows
    ]


def _level(council: Council | None, settings: Settings) -> SignatureLevel:
    if council is not None and council.signature_level:
        return SignatureLevel(council.signature_level)
    return SignatureLevel.b_t if settings.tsa_url else SignatureLevel.b_b


def signing_moment() -> datetime:
    """When a signature is made, to the second: its stamp shows it and its record keeps it,
    so the page and the verification report agree."""
    return utcnow().replace(microsecond=0)


def _signed_at(moment: datetime) -> str:
    return f"{local_time(moment)} +07:00"


@dataclass(frozen=True)
class Plan:
    """What a signature is made from, read in one short scope before the slow work (the
    download, a PKCS#11 token, a TSA round trip) and checked again in the short write."""

    document: Document
    step: Step
    base: DocumentVersion
    organisation: str
    level: SignatureLevel
    trust_roots: tuple[bytes, ...]
    capacity: policy.Capacity


def signing_plan(
    db: Session, settings: Settings, document: Document, capacity: policy.Capacity
) -> Plan:
    council = db.get(Council, document.council_id)
    return Plan(
        capacity=capacity,
        document=document,
        step=_next_step(db, document, capacity.role),
        base=documents.current_version(db, document=document),
        organisation=council.name if council else "",
        level=_level(council, settings),
        trust_roots=tuple(trust_anchors(db)),
    )


def still_current(db: Session, plan: Plan) -> Document:
    """The document as the write finds it: still at the planned step, on the planned version."""
    document = db.get_one(Document, plan.document.id)
    if document.current_version != plan.base.version:
        raise DocumentChanged()
    if _next_step(db, document, plan.step.role) != plan.step:
        raise WrongStep()
    return document


def stamp_spec(
    plan: Plan, *, settings: Settings, signer_name: str, source: Path, moment: datetime
) -> engine.SignSpec:
    step = plan.step
    reserve: tuple[engine.ReservedField, ...] = ()
    document = plan.document
    at = None if document.stamp_x is None else (document.stamp_x, document.stamp_y or 0.0)
    if step.role is SignatureRole.certify:
        box = stamps.chair_box(source, at)
        stamp = stamps.chair_stamp(signer_name, _signed_at(moment), plan.capacity.lines)
        reserve = (engine.ReservedField(SEAL_FIELD, stamps.seal_box(box), lock=True),)
    elif not step.certify:
        box = stamps.seal_box(stamps.chair_box(source, at))
        stamp = stamps.seal_stamp(plan.organisation, _signed_at(moment))
    else:
        first, _last = pdf.first_and_last_page_size(source)
        box = stamps.attachment_box(first)
        stamp = stamps.attachment_stamp(plan.organisation, plan.document.number, _signed_at(moment))
    return engine.SignSpec(
        field_name=SEAL_FIELD if step.role is SignatureRole.seal else CHAIR_FIELD,
        reserve=reserve,
        existing_field=step.role is SignatureRole.seal and not step.certify,
        box=box,
        stamp=stamp,
        level=plan.level,
        tsa_url=settings.tsa_url,
        certify=step.certify,
        lock=step.lock,
        trust_roots=plan.trust_roots,
        name=signer_name,
        location=plan.organisation,
        reason=plan.capacity.text or t(f"signing.reason.{step.role.value}", "vi"),
    )


def chosen_credential(db: Session, actor: Actor, credential_id: int | None) -> SigningCredential:
    credential: SigningCredential | None
    if credential_id is not None:
        credential = policy.own_credential(db, actor, credential_id)
    else:
        credential = db.scalar(
            policy.own_credentials(actor, select(SigningCredential))
            .where(SigningCredential.kind != CredentialKind.remote)
            .order_by(SigningCredential.id.desc())
        )
    if credential is None:
        raise NoCredential()
    if credential.not_after <= utcnow():
        raise CredentialExpired()
    return credential


def record_signature(
    db: Session,
    *,
    actor: Actor,
    document: Document,
    base: DocumentVersion,
    stored: StoredObject,
    step: Step,
    level: SignatureLevel,
    kind: CredentialKind,
    subject: str,
    capacity: str,
    signed_at: datetime,
    meta: RequestMeta,
) -> DocumentVersion:
    version = documents.add_derived_version(
        db, actor=actor, document=document, stored=stored, base=base, signed=True
    )
    try:
        with db.begin_nested():
            db.add(
                DocumentSignature(
                    document_id=document.id,
                    version=version.version,
                    user_id=actor.user_id,
                    role=step.role,
                    level=level,
                    kind=kind,
                    subject=subject,
                    capacity=capacity,
                    signed_at=signed_at,
                )
            )
    except IntegrityError as exc:  # a concurrent request applied the same signature first
        raise WrongStep() from exc
    if step.lock:
        document.issued_at = utcnow()
    audit.record(
        db,
        action=f"document.{'sealed' if step.lock else 'certified'}",
        meta=meta,
        actor=actor,
        council_id=document.council_id,
        object_type="document",
        object_id=document.id,
        details={
            "version": version.version,
            "sha256": version.sha256,
            "level": level.value,
            "kind": kind.value,
            "subject": subject,
            "capacity": capacity,
        },
    )
    return version


def keep_signed(
    database: Database,
    store: ObjectStore,
    signed: Path,
    write: Callable[[Session, StoredObject], DocumentVersion],
) -> DocumentVersion:
    """Store the signed file, then record it in one short write; the object goes again if
    the write is refused (the document changed meanwhile) or fails."""
    with signed.open("rb") as handle:
        stored = store.put(handle, prefix="documents")
    try:
        return database.write(lambda db: write(db, stored))
    except BaseException:
        store.delete(stored.key)
        raise


def sign_document(
    database: Database,
    store: ObjectStore,
    *,
    settings: Settings,
    actor: Actor,
    document_id: int,
    credential_id: int | None,
    passphrase: str | None,
    pin: str | None,
    meta: RequestMeta,
) -> DocumentVersion:
    """The chair certifies or the office seals: planned in a short read, signed holding no
    connection (a token, a timestamp authority), kept in a short write."""

    def plan_signature(db: Session) -> tuple[Plan, SigningCredential]:
        document, capacity = policy.document_for_signing(db, actor, document_id)
        return signing_plan(db, settings, document, capacity), chosen_credential(
            db, actor, credential_id
        )

    plan, credential = database.read(plan_signature)
    with workdir(settings.tmp_dir) as work:
        source, signed = work / "source.pdf", work / "signed.pdf"
        documents.download(store, plan.base.object_key, source)
        moment = signing_moment()
        spec = stamp_spec(
            plan, settings=settings, signer_name=actor.full_name, source=source, moment=moment
        )
        if credential.kind is CredentialKind.pkcs12:
            if not passphrase or credential.sealed_pkcs12 is None:
                raise BadPkcs12()
            signer = keys.pkcs12_signer(credential.sealed_pkcs12, passphrase, settings.secret_key)
            engine.sign_file(source, signed, signer, spec)
        else:
            if not pin:
                raise WrongPin()
            with keys.pkcs11_signer(
                settings.pkcs11_module,
                token_label=credential.token_label,
                key_label=credential.key_label,
                pin=pin,
            ) as token_signer:
                engine.sign_file(source, signed, token_signer, spec)

        def write(db: Session, stored: StoredObject) -> DocumentVersion:
            return record_signature(
                db,
                actor=actor,
                document=still_current(db, plan),
                base=plan.base,
                stored=stored,
                step=plan.step,
                level=spec.level,
                kind=credential.kind,
                subject=credential.subject,
                capacity=plan.capacity.text,
                signed_at=moment,
                meta=meta,
            )

        return keep_signed(database, store, signed, write)


# --- verification ---------------------------------------------------------------------------


def report_out(report: Report, data: bytes, matches: bool | None = None) -> VerificationOut:
    return VerificationOut(
        indication=report.indication,
        sub_indication=report.sub_indication,
        unsigned_tail=report.unsigned_tail,
        signatures=[asdict(s) for s in report.signatures],
        sha256=hashlib.sha256(data).hexdigest(),
        matches_record=matches,
    )


def verify_file(db: Session, data: bytes) -> Report:
    return verify(data, trust_anchors(db))


def matches_record(db: Session, document: Document, data: bytes) -> bool:
    """Whether the file is, byte for byte, the version issued on record."""
    version = documents.current_version(db, document=document)
    return hashlib.sha256(data).hexdigest() == version.sha256


def signatures_of(db: Session, document: Document) -> list[DocumentSignature]:
    return list(
        db.scalars(
            select(DocumentSignature)
            .where(DocumentSignature.document_id == document.id)
            .order_by(DocumentSignature.id)
        )
    )


def credentials_of(db: Session, actor: Actor) -> Sequence[SigningCredential]:
    return db.scalars(policy.own_credentials(actor, select(SigningCredential))).all()


def stored_keys(db: Session) -> Iterator[str]:
    yield from db.scalars(select(SigningRequest.object_key))


@contextmanager
def workdir(tmp_dir: Path) -> Iterator[Path]:
    """A private scratch folder under the deployment's temp dir, removed afterwards."""
    tmp_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tmp_dir) as work:
        yield Path(work)

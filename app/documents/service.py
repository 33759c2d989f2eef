"""Packet use cases: add documents and versions, list with badges, serve, log reads, paper
register. Slow work (PDF checks, storage) runs before the short write; a stored object is
deleted again if its row is not committed."""

from __future__ import annotations

import mimetypes
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.db import on_commit, on_rollback, utcnow
from app.directory.models import Body, User
from app.documents import convert, pdf, sandbox
from app.documents.errors import (
    ConversionFailed,
    DamagedPdf,
    EmptyFile,
    EncryptedPdf,
    InvalidAudience,
    NotAPdf,
    OfficeTooLarge,
    PdfTooComplex,
    PdfWithScript,
    SecrecyMarkFound,
    SecrecyUnchecked,
    TooManyPages,
)
from app.documents.models import (
    Classification,
    Document,
    DocumentAudience,
    DocumentNote,
    DocumentRead,
    DocumentType,
    DocumentVersion,
    PaperDocument,
    WatermarkedCopy,
)
from app.documents.schemas import DocumentFields, PaperDocumentCreate, PaperDocumentUpdate
from app.documents.upload import ReceivedFile, iter_file, received
from app.errors import Forbidden, NotFound
from app.i18n import local_time, t
from app.jobs.models import Job, JobKind
from app.meetings.models import AgendaItem, Meeting
from app.ops.metrics import UPLOADED_BYTES
from app.search import service as search
from app.security import policy
from app.security.policy import Actor
from app.storage import ObjectStore, PendingObject, StorageError

Badge = Literal["new", "updated", "seen"]
MAX_GENERATED_PAGES = 200  # records and minutes are short; the bound is a safety net

_REJECTIONS = {
    "not_pdf": NotAPdf,
    "encrypted": EncryptedPdf,
    "damaged": DamagedPdf,
    "empty": EmptyFile,
    "too_many_pages": TooManyPages,
    "javascript": PdfWithScript,
    "too_complex": PdfTooComplex,
    "secrecy_unchecked": SecrecyUnchecked,
}


@dataclass(frozen=True)
class CheckedPdf:
    pages: int
    text: str
    override: str  # the stated reason when a secrecy mark was overridden, else ""


def check_pdf(
    file: ReceivedFile, *, override_reason: str, may_override: bool, max_pages: int
) -> CheckedPdf:
    """Refuse what is not a clean, readable PDF, and anything carrying a secrecy mark on its
    first page unless an authorised person overrides the check with a reason."""
    try:
        info = sandbox.inspect_pdf(file.path, max_pages=max_pages)
    except pdf.PdfRejected as rejected:
        raise _REJECTIONS[rejected.reason]() from rejected
    mark = pdf.secrecy_mark(info)
    if mark is None:
        return CheckedPdf(info.pages, info.text, "")
    if not override_reason.strip():
        raise SecrecyMarkFound(mark=mark)
    if not may_override:
        raise Forbidden()
    return CheckedPdf(info.pages, info.text, f"{mark}: {override_reason.strip()}"[:500])


def _validate_links(
    db: Session, *, meeting: Meeting, fields: DocumentFields
) -> list[DocumentAudience]:
    if fields.agenda_item_id is not None:
        item = db.get(AgendaItem, fields.agenda_item_id)
        if item is None or item.meeting_id != meeting.id:
            raise InvalidAudience()
    audience: list[DocumentAudience] = []
    for ref in fields.audience_refs():
        kind, ident = ref
        target: Body | User | None = db.get(Body, ident) if kind == "body" else db.get(User, ident)
        if target is None or target.council_id != meeting.council_id:
            raise InvalidAudience()
        audience.append(DocumentAudience(**{f"{kind}_id": ident}))
    if fields.classification is Classification.restricted and not audience:
        raise InvalidAudience()
    return audience


def stage_into(store: ObjectStore) -> Callable[[], PendingObject]:
    """Where an upload's PDF may be written while it arrives (completed by `_store`)."""
    return lambda: store.begin(prefix="documents")


def _store(db: Session, store: ObjectStore, file: ReceivedFile, prefix: str = "documents") -> str:
    """Put the file in the object store, or complete what was staged while it arrived; its
    SHA-256 is the one of the bytes stored."""
    if file.staged is not None:
        stored = file.staged.complete()
        if stored.size != file.size:  # the two copies of one upload must agree
            store.delete(stored.key)
            raise StorageError(f"staged {stored.size} bytes of {file.size}")
    else:
        stored = store.put(iter_file(file.path), prefix=prefix)
    on_rollback(db, lambda: store.delete(stored.key))
    file.sha256 = stored.sha256
    on_commit(db, lambda: UPLOADED_BYTES.inc(stored.size))
    return stored.key


def _keep_original(
    db: Session, store: ObjectStore, original: ReceivedFile | None
) -> tuple[str, str] | None:
    if original is None:
        return None
    return _store(db, store, original, prefix="originals"), original.filename


@contextmanager
def _as_pdf(
    file: ReceivedFile, tmp_dir: Path
) -> Iterator[tuple[ReceivedFile, ReceivedFile | None]]:
    """The PDF to check and serve, and the office original it came from (if any)."""
    kind = convert.office_kind(file.path)
    if kind is None:
        yield file, None
        return
    tmp_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tmp_dir) as work:
        try:
            result = convert.to_pdf(file.path, kind, Path(work))
        except convert.OfficeTooLarge as exc:
            raise OfficeTooLarge() from exc
        except convert.ConversionFailed as exc:
            raise ConversionFailed() from exc
        yield received(result, f"{Path(file.filename).stem}.pdf"), file


def add_document(
    db: Session,
    store: ObjectStore,
    *,
    actor: Actor,
    meeting: Meeting,
    fields: DocumentFields,
    upload: ReceivedFile,
    meta: RequestMeta,
    max_pages: int,
    tmp_dir: Path,
) -> tuple[Document, DocumentVersion]:
    policy.ensure_can_classify(actor, fields.classification)
    audience = _validate_links(db, meeting=meeting, fields=fields)
    with _as_pdf(upload, tmp_dir) as (file, original):
        checked = check_pdf(
            file,
            override_reason=fields.secrecy_override_reason,
            may_override=policy.can_override_secrecy_check(actor, meeting.council_id),
            max_pages=max_pages,
        )
        key = _store(db, store, file)
        kept = _keep_original(db, store, original)
    document = Document(
        council_id=meeting.council_id,
        meeting_id=meeting.id,
        agenda_item_id=fields.agenda_item_id,
        title=fields.title,
        doc_type=fields.doc_type,
        number=fields.number,
        classification=fields.classification,
        created_by=actor.user_id,
    )
    db.add(document)
    db.flush()
    for row in audience:
        row.document_id = document.id
    db.add_all(audience)
    version = _new_version(
        db,
        document=document,
        number=1,
        key=key,
        file=file,
        checked=checked,
        actor=actor,
        original=kept,
    )
    audit.record(
        db,
        action="document.uploaded",
        meta=meta,
        actor=actor,
        council_id=meeting.council_id,
        object_type="document",
        object_id=document.id,
        details={
            "title": document.title,
            "classification": document.classification,
            "sha256": file.sha256,
            "size": file.size,
            "pages": checked.pages,
        },
    )
    _audit_override(db, actor=actor, document=document, checked=checked, meta=meta)
    return document, version


def add_version(
    db: Session,
    store: ObjectStore,
    *,
    actor: Actor,
    document: Document,
    upload: ReceivedFile,
    override_reason: str,
    meta: RequestMeta,
    max_pages: int,
    tmp_dir: Path,
) -> DocumentVersion:
    with _as_pdf(upload, tmp_dir) as (file, original):
        checked = check_pdf(
            file,
            override_reason=override_reason,
            may_override=policy.can_override_secrecy_check(actor, document.council_id),
            max_pages=max_pages,
        )
        key = _store(db, store, file)
        kept = _keep_original(db, store, original)
    document.current_version += 1
    document.updated_at = utcnow()
    version = _new_version(
        db,
        document=document,
        number=document.current_version,
        key=key,
        file=file,
        checked=checked,
        actor=actor,
        original=kept,
    )
    audit.record(
        db,
        action="document.replaced",
        meta=meta,
        actor=actor,
        council_id=document.council_id,
        object_type="document",
        object_id=document.id,
        details={"version": version.version, "sha256": file.sha256, "size": file.size},
    )
    _audit_override(db, actor=actor, document=document, checked=checked, meta=meta)
    return version


def _new_version(
    db: Session,
    *,
    document: Document,
    number: int,
    key: str,
    file: ReceivedFile,
    checked: CheckedPdf,
    actor: Actor,
    original: tuple[str, str] | None,
) -> DocumentVersion:
    version = DocumentVersion(
        original_key=original[0] if original else None,
        original_filename=original[1] if original else "",
        document_id=document.id,
        version=number,
        object_key=key,
        sha256=file.sha256,
        size=file.size,
        pages=checked.pages,
        filename=file.filename,
        text=checked.text,
        secrecy_override=checked.override,
        created_by=actor.user_id,
    )
    db.add(version)
    db.flush()
    search.index(db, document, version.text)
    if not version.text.strip():  # a scan: its text comes from OCR, in the background
        db.add(Job(kind=JobKind.ocr, document_id=document.id, version=version.version))
    return version


def add_derived_version(
    db: Session,
    store: ObjectStore,
    *,
    actor: Actor,
    document: Document,
    source: Path,
    base: DocumentVersion,
    signed: bool,
) -> DocumentVersion:
    """A new version the platform made from `base` (numbered, signed): same pages and text,
    stored before its row, removed again if the transaction does not commit."""
    with source.open("rb") as handle:
        stored = store.put(handle, prefix="documents")
    on_rollback(db, lambda: store.delete(stored.key))
    document.current_version += 1
    document.updated_at = utcnow()
    version = DocumentVersion(
        document_id=document.id,
        version=document.current_version,
        object_key=stored.key,
        sha256=stored.sha256,
        size=stored.size,
        pages=base.pages,
        filename=base.filename,
        text=base.text,
        signed=signed,
        created_by=actor.user_id,
    )
    db.add(version)
    db.flush()
    search.index(db, document, version.text)
    return version


def current_version(db: Session, *, document: Document) -> DocumentVersion:
    version = db.scalar(
        select(DocumentVersion).where(
            DocumentVersion.document_id == document.id,
            DocumentVersion.version == document.current_version,
        )
    )
    if version is None:
        raise NotFound()
    return version


def download(store: ObjectStore, key: str, target: Path) -> None:
    with target.open("wb") as sink:
        for chunk in store.open(key):
            sink.write(chunk)


def _audit_override(
    db: Session, *, actor: Actor, document: Document, checked: CheckedPdf, meta: RequestMeta
) -> None:
    if checked.override:
        audit.record(
            db,
            action="document.secrecy_override",
            meta=meta,
            actor=actor,
            council_id=document.council_id,
            object_type="document",
            object_id=document.id,
            details={"reason": checked.override},
        )


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentView:
    """One line of a packet as a reader sees it: flat columns, no ORM objects, no text."""

    id: int
    meeting_id: int
    agenda_item_id: int | None
    title: str
    doc_type: DocumentType
    number: str
    classification: Classification
    updated_at: datetime
    version: int
    sha256: str
    size: int
    pages: int
    filename: str
    badge: Badge
    published: bool = False


def list_documents(db: Session, *, actor: Actor | None, meeting: Meeting) -> list[DocumentView]:
    """The caller's view of a packet (None: the public's), in agenda order, with new/updated
    badges. One query, selecting only what a listing shows (never the extracted text)."""
    last_read = (
        select(DocumentRead.document_id, func.max(DocumentRead.version).label("read"))
        .where(DocumentRead.user_id == (actor.user_id if actor else None))
        .group_by(DocumentRead.document_id)
        .subquery()
    )
    stmt = (
        select(
            Document.id,
            Document.meeting_id,
            Document.agenda_item_id,
            Document.title,
            Document.doc_type,
            Document.number,
            Document.classification,
            Document.updated_at,
            Document.current_version,
            DocumentVersion.sha256,
            DocumentVersion.size,
            DocumentVersion.pages,
            DocumentVersion.filename,
            last_read.c.read,
            Document.published_at,
        )
        .join(
            DocumentVersion,
            (DocumentVersion.document_id == Document.id)
            & (DocumentVersion.version == Document.current_version),
        )
        .outerjoin(AgendaItem, AgendaItem.id == Document.agenda_item_id)
        .outerjoin(last_read, last_read.c.document_id == Document.id)
        .where(Document.meeting_id == meeting.id)
        .order_by(AgendaItem.position.is_(None), AgendaItem.position, Document.id)
    )
    return [
        DocumentView(
            id=row.id,
            meeting_id=row.meeting_id,
            agenda_item_id=row.agenda_item_id,
            title=row.title,
            doc_type=row.doc_type,
            number=row.number,
            classification=row.classification,
            updated_at=row.updated_at,
            version=row.current_version,
            sha256=row.sha256,
            size=row.size,
            pages=row.pages,
            filename=row.filename,
            badge=_badge(row.read, row.current_version),
            published=row.published_at is not None,
        )
        for row in db.execute(
            policy.visible_documents(actor, stmt) if actor else policy.public_documents(stmt)
        )
    ]


@dataclass(frozen=True)
class PacketLayout:
    by_item: dict[int, list[DocumentView]]  # agenda item id -> its documents, in order
    loose: list[DocumentView]  # documents for the whole meeting


def by_agenda(views: Sequence[DocumentView], agenda: Sequence[AgendaItem]) -> PacketLayout:
    return PacketLayout(
        by_item={item.id: [v for v in views if v.agenda_item_id == item.id] for item in agenda},
        loose=[v for v in views if v.agenda_item_id is None],
    )


def _badge(last_read: int | None, current: int) -> Badge:
    if last_read is None:
        return "new"
    return "seen" if last_read >= current else "updated"


def version_of(
    db: Session, *, actor: Actor, document: Document, number: int | None
) -> DocumentVersion:
    wanted = document.current_version if number is None else number
    if wanted != document.current_version and not policy.can_read_old_versions(actor, document):
        raise NotFound()
    version = db.scalar(
        select(DocumentVersion).where(
            DocumentVersion.document_id == document.id, DocumentVersion.version == wanted
        )
    )
    if version is None:
        raise NotFound()
    return version


def versions(db: Session, *, document: Document) -> Sequence[DocumentVersion]:
    return db.scalars(
        select(DocumentVersion)
        .where(DocumentVersion.document_id == document.id)
        .order_by(DocumentVersion.version.desc())
    ).all()


@dataclass(frozen=True)
class ServedObject:
    key: str
    etag: str  # the SHA-256 of the bytes where known; object keys are never reused either
    size: int
    filename: str
    media_type: str = "application/pdf"
    # Non-public documents never go to the browser's disk cache (offline copies are an
    # explicit choice of the reader, kept by the reader's service worker).
    cacheable: bool = False


def original_of(store: ObjectStore, version: DocumentVersion) -> ServedObject:
    if version.original_key is None:
        raise NotFound()
    media_type = mimetypes.guess_type(version.original_filename)[0]
    return ServedObject(
        version.original_key,
        version.original_key,
        store.stat(version.original_key).size,
        version.original_filename,
        media_type or "application/octet-stream",
    )


def _exact(version: DocumentVersion) -> ServedObject:
    return ServedObject(
        version.object_key, version.sha256, version.size, version.filename, cacheable=True
    )


def public_content(db: Session, *, document: Document) -> ServedObject:
    """A public document's current version, byte-exact (the caller checked it is public)."""
    return _exact(current_version(db, document=document))


def content_for(
    db: Session,
    store: ObjectStore,
    *,
    actor: Actor,
    document: Document,
    version: DocumentVersion,
    tmp_dir: Path,
) -> ServedObject:
    """Public documents are served byte-exact; internal and restricted ones as the reader's
    own watermarked copy, so a leaked file names its source. Signed versions are always exact:
    stamping them would break their signatures."""
    if document.classification is Classification.public or version.signed:
        return _exact(version)
    copy = db.scalar(
        select(WatermarkedCopy).where(
            WatermarkedCopy.version_id == version.id, WatermarkedCopy.user_id == actor.user_id
        )
    )
    if copy is None:
        copy = _make_watermarked_copy(
            db, store, actor=actor, document=document, version=version, tmp_dir=tmp_dir
        )
    return ServedObject(copy.object_key, copy.sha256, copy.size, version.filename)


def _make_watermarked_copy(
    db: Session,
    store: ObjectStore,
    *,
    actor: Actor,
    document: Document,
    version: DocumentVersion,
    tmp_dir: Path,
) -> WatermarkedCopy:
    tmp_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tmp_dir) as work:
        original, stamped = Path(work, "original.pdf"), Path(work, "stamped.pdf")
        download(store, version.object_key, original)
        label = t(f"classification.{document.classification.value}")
        pdf.watermark_pdf(
            original,
            stamped,
            lines=[actor.full_name, f"{local_time(utcnow())} +07:00", f"{t('app.name')} — {label}"],
        )
        with stamped.open("rb") as source:
            stored = store.put(source, prefix="watermarked")
    copy = WatermarkedCopy(
        version_id=version.id,
        user_id=actor.user_id,
        object_key=stored.key,
        sha256=stored.sha256,
        size=stored.size,
    )
    try:
        with db.begin_nested():
            db.add(copy)
    except IntegrityError:  # a concurrent first open of the same reader won the race
        store.delete(stored.key)
        existing = db.scalar(
            select(WatermarkedCopy).where(
                WatermarkedCopy.version_id == version.id, WatermarkedCopy.user_id == actor.user_id
            )
        )
        if existing is None:
            raise
        return existing
    on_rollback(db, lambda: store.delete(stored.key))
    return copy


def record_open(
    db: Session,
    *,
    actor: Actor,
    document: Document,
    version: DocumentVersion,
    meta: RequestMeta,
) -> None:
    """The access log: every open is audited; reads are summarised per reader and version."""
    row = db.scalar(
        select(DocumentRead).where(
            DocumentRead.document_id == document.id,
            DocumentRead.version == version.version,
            DocumentRead.user_id == actor.user_id,
        )
    )
    if row is None:
        db.add(
            DocumentRead(document_id=document.id, version=version.version, user_id=actor.user_id)
        )
    else:
        row.last_opened_at = utcnow()
        row.times += 1
    db.flush()
    audit.record(
        db,
        action="document.opened",
        meta=meta,
        actor=actor,
        council_id=document.council_id,
        object_type="document",
        object_id=document.id,
        details={"version": version.version},
    )


@dataclass(frozen=True)
class ReadStatus:
    readers: Sequence[User]
    documents: Sequence[Document]
    seen: set[tuple[int, int]]  # (document_id, user_id) who opened the current version


def read_status(db: Session, *, meeting: Meeting, readers: Sequence[User]) -> ReadStatus:
    documents = db.scalars(
        select(Document).where(Document.meeting_id == meeting.id).order_by(Document.id)
    ).all()
    seen = {
        (doc_id, user_id)
        for doc_id, user_id in db.execute(
            select(DocumentRead.document_id, DocumentRead.user_id)
            .join(Document, Document.id == DocumentRead.document_id)
            .where(
                Document.meeting_id == meeting.id, DocumentRead.version == Document.current_version
            )
        ).all()
    }
    return ReadStatus(readers, documents, seen)


# --- paper register of secret documents -----------------------------------------------------


@contextmanager
def scratch_file(tmp_dir: Path, name: str) -> Iterator[Path]:
    """Where to write a file the platform makes: a fresh folder under `tmp_dir`, removed after."""
    tmp_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tmp_dir) as work:
        yield Path(work, name)


def store_draft(
    db: Session,
    store: ObjectStore,
    *,
    actor: Actor,
    meeting: Meeting,
    fields: DocumentFields,
    draft: AbstractContextManager[Path],
    meta: RequestMeta,
    tmp_dir: Path,
) -> Document:
    """A document the platform writes into a scratch file (a vote record, the minutes, the
    petitions report), added to the meeting as an upload; the scratch file goes after."""
    with draft as path:
        document, _ = add_generated(
            db,
            store,
            actor=actor,
            meeting=meeting,
            fields=fields,
            path=path,
            meta=meta,
            tmp_dir=tmp_dir,
        )
    return document


def add_generated(
    db: Session,
    store: ObjectStore,
    *,
    actor: Actor,
    meeting: Meeting,
    fields: DocumentFields,
    path: Path,
    meta: RequestMeta,
    tmp_dir: Path,
) -> tuple[Document, DocumentVersion]:
    """A document the platform wrote (a record, the minutes, the demo's packet), added as
    the office would upload it: a DOCX is converted and kept as the original."""
    return add_document(
        db,
        store,
        actor=actor,
        meeting=meeting,
        fields=fields,
        upload=received(path, f"{fields.title[:150]}{path.suffix}"),
        meta=meta,
        max_pages=MAX_GENERATED_PAGES,
        tmp_dir=tmp_dir,
    )


def add_paper_document(
    db: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    data: PaperDocumentCreate,
    meta: RequestMeta,
) -> PaperDocument:
    if data.agenda_item_id is not None:
        item = db.get(AgendaItem, data.agenda_item_id)
        if item is None or item.meeting_id != meeting.id:
            raise InvalidAudience()
    entry = PaperDocument(council_id=meeting.council_id, meeting_id=meeting.id, **data.model_dump())
    db.add(entry)
    db.flush()
    audit.record(
        db,
        action="paper_document.registered",
        meta=meta,
        actor=actor,
        council_id=meeting.council_id,
        object_type="paper_document",
        object_id=entry.id,
        details={"secrecy": data.secrecy.value, "copies": data.copies},
    )
    return entry


def update_paper_document(
    db: Session,
    *,
    actor: Actor,
    entry: PaperDocument,
    data: PaperDocumentUpdate,
    meta: RequestMeta,
) -> PaperDocument:
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    for key, value in changes.items():
        setattr(entry, key, value)
    db.flush()
    audit.record(
        db,
        action="paper_document.updated",
        meta=meta,
        actor=actor,
        council_id=entry.council_id,
        object_type="paper_document",
        object_id=entry.id,
        details={k: str(v) for k, v in changes.items()},
    )
    return entry


def paper_documents(db: Session, *, meeting: Meeting) -> Sequence[PaperDocument]:
    return db.scalars(
        select(PaperDocument)
        .where(PaperDocument.meeting_id == meeting.id)
        .order_by(PaperDocument.id)
    ).all()


# --- private notes --------------------------------------------------------------------------


def notes_of(db: Session, *, actor: Actor, document: Document) -> Sequence[DocumentNote]:
    return db.scalars(
        select(DocumentNote)
        .where(DocumentNote.document_id == document.id, DocumentNote.user_id == actor.user_id)
        .order_by(DocumentNote.page)
    ).all()


def save_note(
    db: Session, *, actor: Actor, document: Document, page: int, text: str
) -> DocumentNote | None:
    """Create, change or (with empty text) delete the actor's own note on a page."""
    note = db.scalar(
        select(DocumentNote).where(
            DocumentNote.document_id == document.id,
            DocumentNote.user_id == actor.user_id,
            DocumentNote.page == page,
        )
    )
    if not text.strip():
        if note is not None:
            db.delete(note)
            db.flush()
        return None
    if note is None:
        note = DocumentNote(document_id=document.id, user_id=actor.user_id, page=page, text=text)
        db.add(note)
    else:
        note.text, note.updated_at = text, utcnow()
    db.flush()
    return note


def stored_keys(db: Session) -> Iterator[str]:
    """Every object key a row refers to (for `kyhop storage check`)."""
    yield from db.scalars(select(DocumentVersion.object_key))
    yield from (key for key in db.scalars(select(DocumentVersion.original_key)) if key)
    yield from db.scalars(select(WatermarkedCopy.object_key))


def publish(db: Session, *, actor: Actor, document: Document, meta: RequestMeta) -> Document:
    """On the public portal, its feeds and search from this commit on."""
    if document.published_at is None:
        document.published_at, document.published_by = utcnow(), actor.user_id
        _audit_publishing(db, actor, document, "document.published", meta)
    return document


def unpublish(db: Session, *, actor: Actor, document: Document, meta: RequestMeta) -> Document:
    """Withdrawn from the public: recorded, and gone from every public page and feed."""
    if document.published_at is not None:
        document.published_at, document.published_by = None, None
        _audit_publishing(db, actor, document, "document.unpublished", meta)
    return document


def _audit_publishing(
    db: Session, actor: Actor, document: Document, action: str, meta: RequestMeta
) -> None:
    audit.record(
        db,
        action=action,
        meta=meta,
        actor=actor,
        council_id=document.council_id,
        object_type="document",
        object_id=document.id,
        details={"title": document.title, "number": document.number},
    )


def purge_secret(db: Session, *, document: Document, mark: str, meta: RequestMeta) -> list[str]:
    """A document found to carry a state-secret mark (e.g. by OCR of a scan) must not stay on
    a connected system: its rows go now (cascading to versions, reads, notes, search) and the
    caller deletes the returned objects once this commits. The audit keeps what and why."""
    versions = db.scalars(select(DocumentVersion).where(DocumentVersion.document_id == document.id))
    keys: list[str] = []
    for version in versions:
        keys += [version.object_key, *([version.original_key] if version.original_key else [])]
        keys += db.scalars(
            select(WatermarkedCopy.object_key).where(WatermarkedCopy.version_id == version.id)
        )
    audit.record(
        db,
        action="document.purged_secret",
        meta=meta,
        council_id=document.council_id,
        object_type="document",
        object_id=document.id,
        details={"title": document.title, "meeting_id": document.meeting_id, "mark": mark},
    )
    db.delete(document)
    db.flush()
    return keys

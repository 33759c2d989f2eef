"""Reading the packet: listings with new/updated badges, the version a reader may see, the
bytes served (public ones exact, others the reader's own watermarked copy) and the read log.
A first open makes the watermarked copy holding no database connection; the short write that
follows keeps it and logs the open."""

from __future__ import annotations

import io
import mimetypes
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from app import pdf
from app.audit import service as audit
from app.audit.service import RequestMeta
from app.db import Database, utcnow
from app.directory.models import User
from app.documents.models import (
    Classification,
    Document,
    DocumentRead,
    DocumentType,
    DocumentVersion,
    WatermarkedCopy,
)
from app.documents.service import current_version, download, scratch_file
from app.errors import NotFound
from app.i18n import local_time, t
from app.meetings.models import AgendaItem, Meeting
from app.pdf import sandbox
from app.security import policy
from app.security.actor import Actor
from app.storage import ObjectStore, StoredObject

Badge = Literal["new", "updated", "seen"]


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


def _served(
    db: Session, *, actor: Actor, document: Document, version: DocumentVersion
) -> ServedObject | None:
    """Public documents are served byte-exact; internal and restricted ones as the reader's
    own watermarked copy, so a leaked file names its source (None: not made yet). Signed
    versions are always exact: stamping them would break their signatures."""
    if not _watermarked(document, version):
        return _exact(version)
    copy = db.scalar(
        select(WatermarkedCopy).where(
            WatermarkedCopy.version_id == version.id, WatermarkedCopy.user_id == actor.user_id
        )
    )
    return None if copy is None else _copy(copy, version)


def _watermarked(document: Document, version: DocumentVersion) -> bool:
    return document.classification is not Classification.public and not version.signed


def _copy(copy: WatermarkedCopy, version: DocumentVersion) -> ServedObject:
    return ServedObject(copy.object_key, copy.sha256, copy.size, version.filename)


def open_document(
    database: Database,
    store: ObjectStore,
    *,
    caller: Callable[[Session], Actor],
    document_id: int,
    number: int | None,
    log_open: bool,
    meta: RequestMeta,
    tmp_dir: Path,
    for_viewer: bool = False,
) -> ServedObject:
    """What to serve of a document to its reader (`caller`, resolved in the same short read:
    pdf.js asks for a file in many ranges, each one pool trip). A first open stamps the
    reader's copy with no connection held (the whole file is rewritten), then one short write
    keeps the copy and logs the open. `for_viewer`: a public version is served as its reading
    copy (made once, the same pages laid out for ranges) instead of byte-exact."""

    def look(db: Session) -> tuple[Actor, Document, DocumentVersion, ServedObject | None]:
        actor = caller(db)
        document = policy.document_for_read(db, actor, document_id)
        version = version_of(db, actor=actor, document=document, number=number)
        served = _served(db, actor=actor, document=document, version=version)
        return actor, document, version, served

    actor, document, version, served = database.read(look)

    def log(db: Session) -> None:
        if log_open:
            record_open(db, actor=actor, document=document, version=version, meta=meta)

    if served is not None:
        if for_viewer and not version.signed and served.key == version.object_key:
            served = _reading_copy(database, store, version, tmp_dir)
        if log_open:
            database.write(log)
        return served
    made = _stamp_copy(store, actor, document, version, tmp_dir)

    def keep(db: Session) -> ServedObject:
        kept = _keep_copy(db, actor, version, made)
        log(db)
        return kept

    try:
        result = database.write(keep)
    except BaseException:
        store.delete(made.key)
        raise
    if result.key != made.key:  # a concurrent first open won the race
        store.delete(made.key)
    return result


def _stamp_copy(
    store: ObjectStore, actor: Actor, document: Document, version: DocumentVersion, tmp_dir: Path
) -> StoredObject:
    tmp_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tmp_dir) as work:
        original, stamped = Path(work, "original.pdf"), Path(work, "stamped.pdf")
        download(store, version.object_key, original)
        pdf.watermark_pdf(original, stamped, lines=_watermark_lines(actor, document))
        with stamped.open("rb") as source:
            return store.put(source, prefix="watermarked")


def _watermark_lines(actor: Actor, document: Document) -> list[str]:
    """Who opened it and when, on every page: a leaked copy names its source."""
    label = t(f"classification.{document.classification.value}")
    return [actor.full_name, f"{local_time(utcnow())} +07:00", f"{t('app.name')} — {label}"]


def first_look(
    database: Database,
    store: ObjectStore,
    *,
    caller: Callable[[Session], Actor],
    document_id: int,
    number: int | None,
    tmp_dir: Path,
) -> ServedObject | bytes:
    """Page 1 as an image, for the reader to see while the viewer and the file's first ranges
    arrive on a slow link. Drawn once per version (holding nothing) and kept; a public or
    signed version's image is the same for everyone (served as stored), any other is drawn
    for its reader with the watermark their copy carries (bytes, never cached)."""

    def look(db: Session) -> tuple[Actor, Document, DocumentVersion]:
        actor = caller(db)
        document = policy.document_for_read(db, actor, document_id)
        return actor, document, version_of(db, actor=actor, document=document, number=number)

    actor, document, version = database.read(look)
    key = version.preview_key or _make_preview(database, store, version, tmp_dir)
    if not _watermarked(document, version):
        size = store.stat(key).size
        return ServedObject(key, key, size, "trang-1.webp", "image/webp", cacheable=True)
    image = b"".join(store.open(key))
    return pdf.watermark_image(image, lines=_watermark_lines(actor, document))


def _make_preview(
    database: Database, store: ObjectStore, version: DocumentVersion, tmp_dir: Path
) -> str:
    with scratch_file(tmp_dir, "version.pdf") as path:
        download(store, version.object_key, path)
        try:
            image = sandbox.page_image(path)
        except pdf.PdfRejected as exc:  # a file PDFium cannot draw: the viewer draws it
            raise NotFound() from exc
    made = store.put(io.BytesIO(image), prefix="previews")
    return _keep_once(database, store, version, DocumentVersion.preview_key, made)


def _reading_copy(
    database: Database, store: ObjectStore, version: DocumentVersion, tmp_dir: Path
) -> ServedObject:
    key = version.reading_key
    if key is None:
        with scratch_file(tmp_dir, "version.pdf") as path:
            download(store, version.object_key, path)
            rewritten = path.with_name("reading.pdf")
            pdf.reading_copy(path, rewritten)
            with rewritten.open("rb") as source:
                made = store.put(source, prefix="reading")
        key = _keep_once(database, store, version, DocumentVersion.reading_key, made)
    return ServedObject(key, key, store.stat(key).size, version.filename, cacheable=True)


def _keep_once(
    database: Database,
    store: ObjectStore,
    version: DocumentVersion,
    column: InstrumentedAttribute[str | None],
    made: StoredObject,
) -> str:
    """Keep `made` as the version's `column` in a short write, unless a concurrent request
    kept its own meanwhile: then the first one stays and `made` is deleted."""

    def keep(db: Session) -> str:
        db.execute(
            update(DocumentVersion)
            .where(DocumentVersion.id == version.id, column.is_(None))
            .values({column: made.key})
        )
        kept = db.scalar(select(column).where(DocumentVersion.id == version.id))
        if kept is None:  # the version is gone
            raise NotFound()
        return kept

    try:
        kept = database.write(keep)
    except BaseException:
        store.delete(made.key)
        raise
    if kept != made.key:
        store.delete(made.key)
    return kept


def _keep_copy(
    db: Session, actor: Actor, version: DocumentVersion, made: StoredObject
) -> ServedObject:
    copy = WatermarkedCopy(
        version_id=version.id,
        user_id=actor.user_id,
        object_key=made.key,
        sha256=made.sha256,
        size=made.size,
    )
    try:
        with db.begin_nested():
            db.add(copy)
    except IntegrityError:  # a concurrent first open of the same reader won the race
        existing = db.scalar(
            select(WatermarkedCopy).where(
                WatermarkedCopy.version_id == version.id, WatermarkedCopy.user_id == actor.user_id
            )
        )
        if existing is None:
            raise
        return _copy(existing, version)
    return _copy(copy, version)


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

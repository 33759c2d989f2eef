"""The rest of a document's life once it is in: versions the platform derives (numbered,
signed), the paper register of secret documents, readers' notes, publishing, and the purge of
a document found to be a state secret. Taking documents in is `intake`; reading them is
`reading`."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.db import utcnow
from app.documents.errors import InvalidAudience
from app.documents.models import (
    Document,
    DocumentNote,
    DocumentVersion,
    PaperDocument,
    WatermarkedCopy,
)
from app.documents.schemas import PaperDocumentCreate, PaperDocumentUpdate
from app.errors import NotFound
from app.meetings.models import AgendaItem, Meeting
from app.search import service as search
from app.security.actor import Actor
from app.storage import ObjectStore, StoredObject


def add_derived_version(
    db: Session,
    *,
    actor: Actor,
    document: Document,
    stored: StoredObject,
    base: DocumentVersion,
    signed: bool,
) -> DocumentVersion:
    """A new version the platform made from `base` (numbered, signed) and already stored: same
    pages and text. The caller removes the object if this does not commit."""
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


# --- paper register of secret documents -----------------------------------------------------


@contextmanager
def scratch_file(tmp_dir: Path, name: str) -> Iterator[Path]:
    """Where to write a file the platform makes: a fresh folder under `tmp_dir`, removed after."""
    tmp_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tmp_dir) as work:
        yield Path(work, name)


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
    for optional in (
        DocumentVersion.original_key,
        DocumentVersion.preview_key,
        DocumentVersion.reading_key,
    ):
        yield from (key for key in db.scalars(select(optional)) if key)
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
        keys.append(version.object_key)
        derived = (version.original_key, version.preview_key, version.reading_key)
        keys += [key for key in derived if key]
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

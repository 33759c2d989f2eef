"""Attachments of petitions: the petitioner's photos or PDF sent with the form, and the
agency's written answer. Only PDF, JPEG and PNG, recognised by their first bytes (never by the
name or the declared type); a PDF goes through the same checks as any document (sandboxed
parsing, no secrecy stamp on page 1: state secrets are never stored)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import pdf
from app.db import on_commit, on_rollback
from app.documents.reading import ServedObject
from app.documents.upload import checked_filename, iter_file
from app.pdf import sandbox
from app.petitions.errors import AttachmentRefused
from app.petitions.models import AttachmentKind, Petition, PetitionAttachment
from app.storage import ObjectStore, StoredObject

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_PETITION = 5
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def media_type_of(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(16)
    for magic, media_type in SIGNATURES.items():
        if head.startswith(magic):
            return media_type
    raise AttachmentRefused()


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the checks and is in the object store, waiting for its row."""

    stored: StoredObject
    media_type: str
    filename: str


@contextmanager
def checked(store: ObjectStore, path: Path, filename: str) -> Iterator[CheckedFile]:
    """The slow half, needing no database: the kind of file, a PDF's inspection (its secrecy
    mark included), the object store. The object goes again if the block fails."""
    size = path.stat().st_size
    if size == 0 or size > MAX_BYTES:
        raise AttachmentRefused()
    name = checked_filename(filename or "tep-dinh-kem")
    media_type = media_type_of(path)
    if media_type == "application/pdf":
        try:
            info = sandbox.inspect_pdf(path, max_pages=200)
        except pdf.PdfRejected as rejected:
            raise AttachmentRefused() from rejected
        if pdf.secrecy_mark(info):
            raise AttachmentRefused()
    stored = store.put(iter_file(path), prefix="petitions")
    try:
        yield CheckedFile(stored, media_type, name)
    except BaseException:
        store.delete(stored.key)
        raise


def attach(
    db: Session, store: ObjectStore, *, petition: Petition, kind: AttachmentKind, file: CheckedFile
) -> PetitionAttachment:
    """The short half: the row of a checked, stored file; the object goes if this does not
    commit."""
    on_rollback(db, lambda: store.delete(file.stored.key))
    existing = db.scalars(
        select(PetitionAttachment.id).where(PetitionAttachment.petition_id == petition.id)
    ).all()
    if len(existing) >= MAX_PER_PETITION:
        raise AttachmentRefused()
    row = PetitionAttachment(
        petition_id=petition.id,
        kind=kind,
        filename=file.filename,
        media_type=file.media_type,
        size=file.stored.size,
        sha256=file.stored.sha256,
        object_key=file.stored.key,
    )
    db.add(row)
    db.flush()
    return row


def of(db: Session, petition_ids: Sequence[int]) -> dict[int, list[PetitionAttachment]]:
    found: dict[int, list[PetitionAttachment]] = {i: [] for i in petition_ids}
    if petition_ids:
        rows = db.scalars(
            select(PetitionAttachment)
            .where(PetitionAttachment.petition_id.in_(petition_ids))
            .order_by(PetitionAttachment.id)
        )
        for row in rows:
            found[row.petition_id].append(row)
    return found


def remove_evidence(db: Session, store: ObjectStore, petition_ids: Sequence[int]) -> int:
    """A petitioner's own files are personal data: erased with their name and contact (the
    objects once the erasure has committed)."""
    rows = db.scalars(
        select(PetitionAttachment).where(
            PetitionAttachment.petition_id.in_(petition_ids),
            PetitionAttachment.kind == AttachmentKind.evidence,
        )
    ).all()
    for row in rows:
        db.delete(row)
        on_commit(db, partial(store.delete, row.object_key))
    db.flush()
    return len(rows)


def stored_keys(db: Session) -> Iterator[str]:
    yield from db.scalars(select(PetitionAttachment.object_key))


def served(row: PetitionAttachment) -> ServedObject:
    return ServedObject(
        key=row.object_key,
        etag=row.sha256,
        size=row.size,
        filename=row.filename,
        media_type=row.media_type,
    )

"""Taking documents in: an upload streams to a scratch file (and a pending object), is
converted if it is an office file, checked (a clean PDF, no secrecy mark on page 1) and stored,
all holding no database connection; only then does a short write transaction re-check the
meeting or document and add the rows. A stored object is deleted again if its row is not
committed."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    ExitStack,
    contextmanager,
)
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from anyio.to_thread import run_sync
from pydantic import ValidationError
from sqlalchemy.orm import Session

from app import pdf
from app.audit import service as audit
from app.audit.service import RequestMeta
from app.config import Settings
from app.db import Database, on_commit, on_rollback, utcnow
from app.directory.models import Body, BodyKind, User
from app.documents import convert
from app.documents.errors import (
    ConversionFailed,
    DamagedPdf,
    EmptyFile,
    EncryptedPdf,
    InvalidAudience,
    InvalidIssuer,
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
    DocumentVersion,
)
from app.documents.schemas import DocumentFields
from app.documents.upload import ReceivedFile, ReceivedUpload, iter_file, receive_upload, received
from app.errors import Forbidden, InvalidInput
from app.jobs.models import Job, JobKind
from app.meetings.models import AgendaItem, Meeting
from app.notify import senders
from app.notify import service as notify
from app.ops.metrics import UPLOADED_BYTES
from app.pdf import sandbox
from app.search import service as search
from app.security import policy
from app.security.actor import Actor
from app.storage import ObjectStore, PendingObject, StorageError

Added = TypeVar("Added")
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


def _issuer(db: Session, *, meeting: Meeting, fields: DocumentFields) -> int | None:
    """Who issues it: the Ban named, else the Ban whose meeting it is, else the council."""
    ident = fields.issuer_body_id if fields.issuer_body_id is not None else meeting.body_id
    if ident is None:
        return None
    body = db.get(Body, ident)
    issuing = (BodyKind.committee, BodyKind.standing_committee)
    if body is None or body.council_id != meeting.council_id or body.kind not in issuing:
        if fields.issuer_body_id is None:
            return None  # a delegate group's meeting: the council's document
        raise InvalidIssuer()
    return body.id


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


def fields_of(upload: ReceivedUpload) -> DocumentFields:
    # a form's empty choice ("—" for no agenda item) is the field left out: its default
    values: dict[str, object] = {
        k: v[-1] for k, v in upload.fields.items() if k != "audience" and v[-1] != ""
    }
    values["audience"] = upload.fields.get("audience", [])
    try:
        return DocumentFields.model_validate(values)
    except ValidationError as exc:
        raise InvalidInput.of(exc) from exc


@dataclass
class StoredUpload:
    """A checked PDF (and the office file it was converted from) in the object store, waiting
    for its rows."""

    file: ReceivedFile  # the PDF; its sha256 is the one of the stored bytes
    key: str
    checked: CheckedPdf
    original: tuple[str, str] | None  # (key, filename) of the office file
    keys: list[str] = field(default_factory=list)

    def discard(self, store: ObjectStore) -> None:
        for key in self.keys:
            store.delete(key)


def _put(store: ObjectStore, file: ReceivedFile, prefix: str) -> str:
    """Put the file in the object store, or complete what was staged while it arrived; its
    SHA-256 is the one of the bytes stored."""
    if file.staged is not None:
        stored = file.staged.complete()
        if stored.size != file.size:  # the two copies of one upload must agree
            store.delete(stored.key)
            raise StorageError(f"staged {stored.size} bytes of {file.size}")
    else:
        stored = store.put(iter_file(file.path), prefix=prefix)
    file.sha256 = stored.sha256
    return stored.key


@contextmanager
def stored_upload(
    store: ObjectStore,
    upload: ReceivedFile,
    *,
    override_reason: str,
    may_override: bool,
    max_pages: int,
    tmp_dir: Path,
) -> Iterator[StoredUpload]:
    """The slow half of taking a file in, needing no database: convert, check, store. The
    objects are deleted again if the block fails (the caller's rows were not committed)."""
    keys: list[str] = []
    try:
        with _as_pdf(upload, tmp_dir) as (file, original):
            checked = check_pdf(
                file,
                override_reason=override_reason,
                may_override=may_override,
                max_pages=max_pages,
            )
            keys.append(_put(store, file, "documents"))
            kept = None
            if original is not None:
                keys.append(_put(store, original, "originals"))
                kept = (keys[-1], original.filename)
        yield StoredUpload(file, keys[0], checked, kept, keys)
    except BaseException:
        for key in keys:
            store.delete(key)
        raise


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


def record_document(
    db: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    fields: DocumentFields,
    stored: StoredUpload,
    meta: RequestMeta,
) -> tuple[Document, DocumentVersion]:
    """The short half: the document's rows for an upload already checked and stored."""
    policy.ensure_can_classify(actor, fields.classification)
    audience = _validate_links(db, meeting=meeting, fields=fields)
    file, checked = stored.file, stored.checked
    document = Document(
        council_id=meeting.council_id,
        meeting_id=meeting.id,
        agenda_item_id=fields.agenda_item_id,
        issuer_body_id=_issuer(db, meeting=meeting, fields=fields),
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
    version = _new_version(db, document=document, number=1, stored=stored, actor=actor)
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


def record_version(
    db: Session, *, actor: Actor, document: Document, stored: StoredUpload, meta: RequestMeta
) -> DocumentVersion:
    document.current_version += 1
    document.updated_at = utcnow()
    version = _new_version(
        db, document=document, number=document.current_version, stored=stored, actor=actor
    )
    audit.record(
        db,
        action="document.replaced",
        meta=meta,
        actor=actor,
        council_id=document.council_id,
        object_type="document",
        object_id=document.id,
        details={"version": version.version, "sha256": version.sha256, "size": version.size},
    )
    _audit_override(db, actor=actor, document=document, checked=stored.checked, meta=meta)
    return version


def _new_version(
    db: Session, *, document: Document, number: int, stored: StoredUpload, actor: Actor
) -> DocumentVersion:
    file, checked = stored.file, stored.checked
    version = DocumentVersion(
        original_key=stored.original[0] if stored.original else None,
        original_filename=stored.original[1] if stored.original else "",
        document_id=document.id,
        version=number,
        object_key=stored.key,
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
    size = file.size
    on_commit(db, lambda: UPLOADED_BYTES.inc(size))
    return version


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


# --- the upload requests: read, receive and check, then write -------------------------------


def _receive(
    content_type: str,
    body: AsyncIterator[bytes],
    store: ObjectStore,
    settings: Settings,
    *,
    class_known: bool,
) -> AbstractAsyncContextManager[ReceivedUpload]:
    return receive_upload(
        content_type,
        body,
        tmp_dir=settings.tmp_dir,
        max_file_bytes=settings.max_upload_bytes,
        stage=stage_into(store) if settings.stage_uploads else None,
        class_known=class_known,
    )


def _tell_invitees(db: Session, meeting: Meeting, settings: Settings) -> None:
    notify.packet_changed(
        db, meeting=meeting, channels=senders.configured(settings), base_url=settings.base_url
    )


async def accept_document(
    database: Database,
    store: ObjectStore,
    settings: Settings,
    *,
    actor: Actor,
    meeting_id: int,
    content_type: str,
    body: AsyncIterator[bytes],
    meta: RequestMeta,
) -> tuple[Document, DocumentVersion]:
    """Stream one upload into a new document of the meeting. No connection is held while the
    body arrives or the file is checked and stored; the write re-checks that the meeting still
    takes documents."""
    meeting = await run_sync(
        database.read, lambda db: policy.meeting_for_write(db, actor, meeting_id)
    )
    may_override = policy.can_override_secrecy_check(actor, meeting.council_id)
    async with _receive(content_type, body, store, settings, class_known=False) as upload:
        fields, file = fields_of(upload), upload.require_file()
        policy.ensure_can_classify(actor, fields.classification)
        # refused before the slow checks; checked again in the write, which is what counts
        await run_sync(
            database.read, lambda db: _validate_links(db, meeting=meeting, fields=fields)
        )

        def write(db: Session, stored: StoredUpload) -> tuple[Document, DocumentVersion]:
            current = policy.meeting_for_write(db, actor, meeting_id)
            added = record_document(
                db, actor=actor, meeting=current, fields=fields, stored=stored, meta=meta
            )
            _tell_invitees(db, current, settings)
            return added

        return await run_sync(
            lambda: _store_then_write(
                database,
                store,
                file,
                write,
                override_reason=fields.secrecy_override_reason,
                may_override=may_override,
                settings=settings,
            )
        )


async def accept_version(
    database: Database,
    store: ObjectStore,
    settings: Settings,
    *,
    actor: Actor,
    document_id: int,
    content_type: str,
    body: AsyncIterator[bytes],
    meta: RequestMeta,
) -> tuple[Document, DocumentVersion]:
    """A new version of a document, taken in like a new document; the write re-checks that
    the document may still be replaced (not issued meanwhile)."""
    document = await run_sync(
        database.read, lambda db: policy.document_for_write(db, actor, document_id)
    )
    may_override = policy.can_override_secrecy_check(actor, document.council_id)
    # the document's class is already known, and not a state secret: it is stored
    async with _receive(content_type, body, store, settings, class_known=True) as upload:
        file = upload.require_file()

        def write(db: Session, stored: StoredUpload) -> tuple[Document, DocumentVersion]:
            current = policy.document_for_write(db, actor, document_id)
            version = record_version(db, actor=actor, document=current, stored=stored, meta=meta)
            _tell_invitees(db, db.get_one(Meeting, current.meeting_id), settings)
            return current, version

        return await run_sync(
            lambda: _store_then_write(
                database,
                store,
                file,
                write,
                override_reason=upload.get("secrecy_override_reason"),
                may_override=may_override,
                settings=settings,
            )
        )


def _store_then_write(
    database: Database,
    store: ObjectStore,
    file: ReceivedFile,
    write: Callable[[Session, StoredUpload], Added],
    *,
    override_reason: str,
    may_override: bool,
    settings: Settings,
) -> Added:
    with stored_upload(
        store,
        file,
        override_reason=override_reason,
        may_override=may_override,
        max_pages=settings.max_pdf_pages,
        tmp_dir=settings.tmp_dir,
    ) as stored:
        return database.write(lambda db: write(db, stored))


# --- documents the platform writes -----------------------------------------------------------


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
    with stored_upload(
        store,
        received(path, f"{fields.title[:150]}{path.suffix}"),
        override_reason="",
        may_override=False,
        max_pages=MAX_GENERATED_PAGES,
        tmp_dir=tmp_dir,
    ) as stored:
        on_rollback(db, lambda: stored.discard(store))
        return record_document(
            db, actor=actor, meeting=meeting, fields=fields, stored=stored, meta=meta
        )


def add_draft(
    database: Database,
    store: ObjectStore,
    *,
    actor: Actor,
    prepare: Callable[[Session], tuple[Meeting, DocumentFields, AbstractContextManager[Path]]],
    recheck: Callable[[Session], Meeting],
    meta: RequestMeta,
    tmp_dir: Path,
) -> Document:
    """A document the platform writes (a vote record, the minutes, the petitions report): the
    draft is written from a short read (`prepare`: the meeting, the document's fields and the
    draft's scratch file), converted, checked and stored holding nothing, and added in a short
    write once `recheck` has loaded the meeting again. The scratch file goes after."""
    with ExitStack() as scratch:

        def read(db: Session) -> tuple[DocumentFields, Path]:
            _meeting, fields, draft = prepare(db)
            return fields, scratch.enter_context(draft)

        fields, path = database.read(read)
        with stored_upload(
            store,
            received(path, f"{fields.title[:150]}{path.suffix}"),
            override_reason="",
            may_override=False,
            max_pages=MAX_GENERATED_PAGES,
            tmp_dir=tmp_dir,
        ) as stored:
            document, _ = database.write(
                lambda db: record_document(
                    db, actor=actor, meeting=recheck(db), fields=fields, stored=stored, meta=meta
                )
            )
    return document

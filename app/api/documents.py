from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager

from fastapi import APIRouter, Request, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.api import files
from app.api.deps import AppSettings, Store
from app.audit.service import RequestMeta
from app.config import Settings
from app.db import DbInt, DbSession, writes_on_get
from app.documents import service
from app.documents.models import DocumentVersion, PaperDocument
from app.documents.schemas import (
    DocumentFields,
    DocumentOut,
    NoteIn,
    NoteOut,
    PaperDocumentCreate,
    PaperDocumentOut,
    PaperDocumentUpdate,
    UploadResult,
    VersionOut,
)
from app.documents.upload import ReceivedUpload, receive_upload
from app.errors import InvalidInput, NotFound
from app.i18n import t
from app.meetings.models import Meeting
from app.notify import senders
from app.notify import service as notify
from app.security import policy
from app.security.auth import CurrentActor, Meta
from app.security.policy import Actor
from app.storage import ObjectStore

router = APIRouter(prefix="/api", tags=["documents"])


def _fields(upload: ReceivedUpload) -> DocumentFields:
    values: dict[str, object] = {k: v[-1] for k, v in upload.fields.items() if k != "audience"}
    values["audience"] = upload.fields.get("audience", [])
    try:
        return DocumentFields.model_validate(values)
    except ValidationError as exc:
        raise InvalidInput(
            details=[
                {"field": ".".join(map(str, e["loc"])), "message": t("validation.invalid")}
                for e in exc.errors()
            ]
        ) from exc


def _receive(
    request: Request, settings: Settings, store: ObjectStore, *, class_known: bool
) -> AbstractAsyncContextManager[ReceivedUpload]:
    return receive_upload(
        request.headers.get("content-type", ""),
        request.stream(),
        tmp_dir=settings.tmp_dir,
        max_file_bytes=settings.max_upload_bytes,
        stage=service.stage_into(store) if settings.stage_uploads else None,
        class_known=class_known,
    )


async def accept_document(
    request: Request,
    meeting_id: DbInt,
    actor: Actor,
    db: Session,
    meta: RequestMeta,
    store: ObjectStore,
    settings: Settings,
) -> UploadResult:
    """Stream one upload into a new document of the meeting (shared by API and office page)."""
    meeting = await run_in_threadpool(policy.meeting_for_write, db, actor, meeting_id)
    async with _receive(request, settings, store, class_known=False) as upload:
        fields, file = _fields(upload), upload.require_file()
        document, version = await run_in_threadpool(
            lambda: service.add_document(
                db,
                store,
                actor=actor,
                meeting=meeting,
                fields=fields,
                upload=file,
                meta=meta,
                max_pages=settings.max_pdf_pages,
                tmp_dir=settings.tmp_dir,
            )
        )
    await run_in_threadpool(_tell_invitees, db, meeting, settings)
    return _result(document.id, version)


def _tell_invitees(db: Session, meeting: Meeting, settings: Settings) -> None:
    notify.packet_changed(
        db, meeting=meeting, channels=senders.configured(settings), base_url=settings.base_url
    )


async def accept_version(
    request: Request,
    document_id: DbInt,
    actor: Actor,
    db: Session,
    meta: RequestMeta,
    store: ObjectStore,
    settings: Settings,
) -> UploadResult:
    document = await run_in_threadpool(policy.document_for_write, db, actor, document_id)
    # the document's class is already known, and not a state secret: it is stored
    async with _receive(request, settings, store, class_known=True) as upload:
        file = upload.require_file()
        version = await run_in_threadpool(
            lambda: service.add_version(
                db,
                store,
                actor=actor,
                document=document,
                upload=file,
                override_reason=upload.get("secrecy_override_reason"),
                meta=meta,
                max_pages=settings.max_pdf_pages,
                tmp_dir=settings.tmp_dir,
            )
        )
    meeting = await run_in_threadpool(db.get_one, Meeting, document.meeting_id)
    await run_in_threadpool(_tell_invitees, db, meeting, settings)
    return _result(document.id, version)


def _result(document_id: DbInt, version: DocumentVersion) -> UploadResult:
    return UploadResult(
        id=document_id,
        version=version.version,
        sha256=version.sha256,
        size=version.size,
        pages=version.pages,
    )


@router.post("/meetings/{meeting_id}/documents", response_model=UploadResult, status_code=201)
async def upload_document(
    meeting_id: DbInt,
    request: Request,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> UploadResult:
    """Multipart: `file` (PDF), `title`, `classification`, optional `doc_type`, `number`,
    `agenda_item_id`, `audience` ("body:ID"/"user:ID"), `secrecy_override_reason`.
    A state-secret classification or a secrecy mark on page 1 → 422, nothing kept."""
    return await accept_document(request, meeting_id, actor, db, meta, store, settings)


@router.post("/documents/{document_id}/versions", response_model=UploadResult, status_code=201)
async def replace_document(
    document_id: DbInt,
    request: Request,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> UploadResult:
    """A new version of the document (multipart `file`, optional `secrecy_override_reason`)."""
    return await accept_version(request, document_id, actor, db, meta, store, settings)


@router.get("/meetings/{meeting_id}/documents", response_model=list[DocumentOut])
def list_documents(meeting_id: DbInt, actor: CurrentActor, db: DbSession) -> list[DocumentOut]:
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    return [
        DocumentOut.model_validate(view, from_attributes=True)
        for view in service.list_documents(db, actor=actor, meeting=meeting)
    ]


def _serve(
    request: Request,
    document_id: DbInt,
    number: DbInt | None,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    store: Store,
    settings: Settings,
) -> Response:
    document = policy.document_for_read(db, actor, document_id)
    version = service.version_of(db, actor=actor, document=document, number=number)
    served = service.content_for(
        db, store, actor=actor, document=document, version=version, tmp_dir=settings.tmp_dir
    )
    # pdf.js fetches a file in many ranges: an open is the request for its first byte.
    span = request.headers.get("range", "")
    prefetch = request.headers.get("x-kyhop-prefetch") == "1"  # "download for offline"
    if not prefetch and (not span or span.startswith("bytes=0-")):
        service.record_open(db, actor=actor, document=document, version=version, meta=meta)
    return files.serve(request, store, served)


@router.get("/documents/{document_id}/content")
@writes_on_get  # logs the open, may make the reader's stamped copy
def document_content(
    document_id: DbInt,
    request: Request,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> Response:
    """The current version as PDF; honours Range (206) and If-None-Match (304)."""
    return _serve(request, document_id, None, actor, db, meta, store, settings)


@router.get("/documents/{document_id}/versions", response_model=list[VersionOut])
def list_versions(document_id: DbInt, actor: CurrentActor, db: DbSession) -> Sequence[object]:
    document = policy.document_for_write(db, actor, document_id)
    return service.versions(db, document=document)


@router.get("/documents/{document_id}/versions/{number}/content")
@writes_on_get
def version_content(
    document_id: DbInt,
    number: DbInt,
    request: Request,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> Response:
    """An older version (staff only): replaced documents stay readable to the office."""
    return _serve(request, document_id, number, actor, db, meta, store, settings)


@router.get("/documents/{document_id}/versions/{number}/original")
def version_original(
    document_id: DbInt,
    number: DbInt,
    request: Request,
    actor: CurrentActor,
    db: DbSession,
    store: Store,
) -> Response:
    """The office file a version was converted from (staff only)."""
    document = policy.document_for_write(db, actor, document_id)
    version = service.version_of(db, actor=actor, document=document, number=number)
    return files.serve(request, store, service.original_of(store, version))


@router.post(
    "/meetings/{meeting_id}/paper-documents", response_model=PaperDocumentOut, status_code=201
)
def register_paper_document(
    meeting_id: DbInt, data: PaperDocumentCreate, actor: CurrentActor, db: DbSession, meta: Meta
) -> PaperDocumentOut:
    meeting = policy.meeting_for_write(db, actor, meeting_id)
    entry = service.add_paper_document(db, actor=actor, meeting=meeting, data=data, meta=meta)
    return _paper_out(entry, show_title=True)


@router.patch("/paper-documents/{entry_id}", response_model=PaperDocumentOut)
def update_paper_document(
    entry_id: DbInt, data: PaperDocumentUpdate, actor: CurrentActor, db: DbSession, meta: Meta
) -> PaperDocumentOut:
    entry = policy.paper_document_for_write(db, actor, entry_id)
    entry = service.update_paper_document(db, actor=actor, entry=entry, data=data, meta=meta)
    return _paper_out(entry, show_title=True)


@router.get("/meetings/{meeting_id}/paper-documents", response_model=list[PaperDocumentOut])
def list_paper_documents(
    meeting_id: DbInt, actor: CurrentActor, db: DbSession
) -> list[PaperDocumentOut]:
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    show = policy.can_see_paper_titles(actor, meeting)
    return [_paper_out(e, show_title=show) for e in service.paper_documents(db, meeting=meeting)]


def _paper_out(entry: PaperDocument, *, show_title: bool) -> PaperDocumentOut:
    return PaperDocumentOut(
        id=entry.id,
        meeting_id=entry.meeting_id,
        agenda_item_id=entry.agenda_item_id,
        title=entry.title if show_title else t("documents.secret_placeholder"),
        secrecy=entry.secrecy,
        copies=entry.copies,
        recipients=entry.recipients if show_title else "",
        returned=entry.returned,
        notice=t("documents.paper_notice"),
    )


@router.get("/documents/{document_id}/notes", response_model=list[NoteOut])
def list_notes(document_id: DbInt, actor: CurrentActor, db: DbSession) -> Sequence[object]:
    """The caller's own private notes on the document."""
    document = policy.document_for_read(db, actor, document_id)
    return service.notes_of(db, actor=actor, document=document)


@router.put("/documents/{document_id}/notes/{page}", response_model=NoteOut | None)
def save_note(
    document_id: DbInt, page: int, data: NoteIn, actor: CurrentActor, db: DbSession
) -> object:
    """Write the caller's note on a page; an empty text deletes it."""
    document = policy.document_for_read(db, actor, document_id)
    version = service.version_of(db, actor=actor, document=document, number=None)
    if not 1 <= page <= version.pages:
        raise NotFound()
    return service.save_note(db, actor=actor, document=document, page=page, text=data.text)

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated

from anyio.to_thread import run_sync
from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from app.api import files
from app.api.deps import UPLOAD_LIMIT, AppSettings, Store
from app.audit.service import RequestMeta
from app.config import Settings
from app.db import Database, Db, DbInt, DbSession
from app.documents import intake, reading, service
from app.documents.models import Document, DocumentVersion, PaperDocument
from app.documents.schemas import (
    DocumentOut,
    NoteIn,
    NoteOut,
    PaperDocumentCreate,
    PaperDocumentOut,
    PaperDocumentUpdate,
    UploadResult,
    VersionOut,
)
from app.errors import NotFound
from app.i18n import local_today, t
from app.security import policy
from app.security.actor import Actor
from app.security.auth import Caller, CurrentActor, Meta, ShortActor
from app.signing import register
from app.storage import ObjectStore

router = APIRouter(prefix="/api", tags=["documents"])


def _result(document: Document, version: DocumentVersion) -> UploadResult:
    return UploadResult(
        id=document.id,
        version=version.version,
        sha256=version.sha256,
        size=version.size,
        pages=version.pages,
    )


async def _accept(
    request: Request,
    database: Database,
    store: ObjectStore,
    settings: Settings,
    actor: Actor,
    meeting_id: int,
    meta: RequestMeta,
) -> UploadResult:
    """The request's multipart body, streamed into a new document of the meeting."""
    return _result(
        *await intake.accept_document(
            database,
            store,
            settings,
            actor=actor,
            meeting_id=meeting_id,
            content_type=request.headers.get("content-type", ""),
            body=request.stream(),
            meta=meta,
        )
    )


# The upload routes hold no connection while the body arrives and the file is checked: they
# authenticate in a short read (`ShortActor`) and write in a short transaction (`Db`).
@router.post(
    "/meetings/{meeting_id}/documents",
    response_model=UploadResult,
    status_code=201,
    dependencies=[UPLOAD_LIMIT],
)
async def upload_document(
    meeting_id: DbInt,
    request: Request,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> UploadResult:
    """Multipart: `file` (PDF), `title`, `classification`, optional `doc_type`, `number`,
    `agenda_item_id`, `audience` ("body:ID"/"user:ID"), `secrecy_override_reason`.
    A state-secret classification or a secrecy mark on page 1 → 422, nothing kept."""
    return await _accept(request, database, store, settings, actor, meeting_id, meta)


@router.post(
    "/councils/{council_id}/issued-documents",
    response_model=UploadResult,
    status_code=201,
    dependencies=[UPLOAD_LIMIT],
)
async def issue_outside_meetings(
    council_id: DbInt,
    request: Request,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> UploadResult:
    """A document the council issues outside any session (thông báo, kế hoạch, báo cáo,
    quyết định…): a meeting's upload fields, kept in the year's register meeting; then
    numbered, signed and published like any other."""
    year = local_today().year

    def place(db: Session) -> int:
        council = policy.council_for_write(db, actor, council_id)
        return register.register_meeting(db, actor=actor, council=council, year=year, meta=meta)

    meeting_id = await run_sync(database.write, place)
    return await _accept(request, database, store, settings, actor, meeting_id, meta)


@router.post(
    "/documents/{document_id}/versions",
    response_model=UploadResult,
    status_code=201,
    dependencies=[UPLOAD_LIMIT],
)
async def replace_document(
    document_id: DbInt,
    request: Request,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> UploadResult:
    """A new version of the document (multipart `file`, optional `secrecy_override_reason`)."""
    return _result(
        *await intake.accept_version(
            database,
            store,
            settings,
            actor=actor,
            document_id=document_id,
            content_type=request.headers.get("content-type", ""),
            body=request.stream(),
            meta=meta,
        )
    )


@router.get("/meetings/{meeting_id}/documents", response_model=list[DocumentOut])
def list_documents(meeting_id: DbInt, actor: CurrentActor, db: DbSession) -> list[DocumentOut]:
    meeting = policy.meeting_for_read(db, actor, meeting_id)
    return [
        DocumentOut.model_validate(view, from_attributes=True)
        for view in reading.list_documents(db, actor=actor, meeting=meeting)
    ]


def _serve(
    request: Request,
    document_id: int,
    number: int | None,
    caller: Callable[[Session], Actor],
    database: Database,
    meta: RequestMeta,
    store: ObjectStore,
    settings: Settings,
    for_viewer: bool = False,
) -> Response:
    # pdf.js fetches a file in many ranges: an open is the request for its first byte.
    span = request.headers.get("range", "")
    prefetch = request.headers.get("x-kyhop-prefetch") == "1"  # "download for offline"
    served = reading.open_document(
        database,
        store,
        caller=caller,
        document_id=document_id,
        number=number,
        log_open=not prefetch and (not span or span.startswith("bytes=0-")),
        meta=meta,
        tmp_dir=settings.tmp_dir,
        for_viewer=for_viewer,
    )
    return files.serve(request, store, served)


@router.get("/documents/{document_id}/content")
def document_content(
    document_id: DbInt,
    request: Request,
    caller: Caller,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
    reading: bool = False,
) -> Response:
    """The current version as PDF; honours Range (206) and If-None-Match (304). Logs the
    open and may make the reader's stamped copy, in short scopes of its own. `reading=1`
    (the viewer): a public version comes as its reading copy, laid out for ranges; without
    it, byte-exact."""
    return _serve(
        request, document_id, None, caller, database, meta, store, settings, for_viewer=reading
    )


@router.get("/documents/{document_id}/first-page")
def document_first_page(
    document_id: DbInt,
    request: Request,
    caller: Caller,
    database: Db,
    store: Store,
    settings: AppSettings,
    v: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """Page 1 of the current version (or version `v`) as a WebP image, for a first look
    while the viewer loads; internal documents carry the reader's watermark."""
    look = reading.first_look(
        database, store, caller=caller, document_id=document_id, number=v, tmp_dir=settings.tmp_dir
    )
    if isinstance(look, reading.ServedObject):
        return files.serve(request, store, look)
    return Response(look, media_type="image/webp", headers={"Cache-Control": "private, no-store"})


@router.get("/documents/{document_id}/versions", response_model=list[VersionOut])
def list_versions(document_id: DbInt, actor: CurrentActor, db: DbSession) -> Sequence[object]:
    document = policy.document_for_write(db, actor, document_id)
    return reading.versions(db, document=document)


@router.get("/documents/{document_id}/versions/{number}/content")
def version_content(
    document_id: DbInt,
    number: DbInt,
    request: Request,
    caller: Caller,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> Response:
    """An older version (staff only): replaced documents stay readable to the office."""
    return _serve(request, document_id, number, caller, database, meta, store, settings)


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
    version = reading.version_of(db, actor=actor, document=document, number=number)
    return files.serve(request, store, reading.original_of(store, version))


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
    version = reading.version_of(db, actor=actor, document=document, number=None)
    if not 1 <= page <= version.pages:
        raise NotFound()
    return service.save_note(db, actor=actor, document=document, page=page, text=data.text)

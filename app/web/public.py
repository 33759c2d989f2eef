"""What needs no account: a convened meeting's programme and its public documents, reached
through the meeting's public QR code (guests and press in the hall), and the verification of
signed documents (a PDF dropped on the page, or the QR printed on an issued document)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from app.access import qr
from app.api import files
from app.api.deps import VERIFY_LIMIT, AppSettings, Store
from app.config import Settings
from app.db import DbInt, DbSession
from app.documents import portal, reading
from app.errors import DomainError
from app.floor import votes as voting
from app.i18n import MESSAGES
from app.meetings import service as meetings
from app.security import policy
from app.signing import service as signing
from app.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/p/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting_page(request: Request, meeting_id: DbInt, db: DbSession) -> Response:
    meeting = policy.public_meeting(db, meeting_id)
    return render(
        request,
        "public/meeting.html",
        actor=None,
        meeting=meeting,
        council=policy.public_council(db, meeting.council_id),
        term=meetings.term_name(db, meeting),
        agenda=meetings.agenda(db, meeting=meeting),
        docs=reading.list_documents(db, actor=None, meeting=meeting),
        votes=[voting.result(db, v, viewer=None) for v in policy.public_votes(db, meeting)],
    )


@router.get("/p/councils/{council_id}", response_class=HTMLResponse)
def council_page(
    request: Request,
    council_id: DbInt,
    db: DbSession,
    settings: AppSettings,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The council's portal: its sessions, its published documents and resolutions (with
    their verification pages), a search that ignores diacritics, the feed and the widget."""
    council = policy.public_council(db, council_id)
    found = portal.find(db, policy.public_documents, portal.Filters(council.id, query=q))
    return render(
        request,
        "public/council.html",
        actor=None,
        council=council,
        q=q,
        found=found,
        meetings=policy.public_meetings(db, council.id),
        base_url=settings.base_url.rstrip("/"),
        verification_url=signing.verification_url,
    )


@router.get("/p/documents/{document_id}/content")
def document_content(request: Request, document_id: DbInt, db: DbSession, store: Store) -> Response:
    """Public documents byte-exact, with ranges; no account, so nothing to log per reader."""
    document = policy.public_document(db, document_id)
    return files.serve(request, store, reading.public_content(db, document=document))


@router.get("/p/meetings/{meeting_id}/qr.svg")
def meeting_qr(meeting_id: DbInt, db: DbSession, settings: AppSettings) -> Response:
    """The meeting's public QR code, to print on the hall's doors and press tables."""
    meeting = policy.public_meeting(db, meeting_id)
    return Response(
        qr.svg(portal.public_meeting_url(settings.base_url, meeting.id)), media_type="image/svg+xml"
    )


# --- verifying a signed document ------------------------------------------------------------


def _verify_page(
    request: Request,
    db: Session,
    *,
    code: str | None,
    file: UploadFile | None,
    settings: Settings,
) -> Response:
    """The drop-a-PDF page; reached by a document's QR it also shows the record."""
    record = policy.document_by_verify_code(db, code) if code is not None else None
    result, error, status = None, None, 200
    if file is not None and file.filename:
        data = files.read_upload(file, settings.max_verify_bytes)
        try:
            report = signing.verify_file(db, data)
            matches = signing.matches_record(db, record, data) if record is not None else None
            result = signing.report_out(report, data, matches)
        except DomainError as refused:
            error, status = refused.message(), refused.status
    return render(
        request,
        "public/verify.html",
        status,
        actor=None,
        record=record,
        record_signatures=signing.signatures_of(db, record) if record is not None else [],
        result=result,
        error=error,
        verify_reason=verify_reason,
    )


def verify_reason(sub_indication: str) -> str:
    """The catalog key explaining a verdict's reason in plain words ("FORMAT_FAILURE:
    PdfReadError" is a FORMAT_FAILURE); an unforeseen reason gets the general one."""
    key = f"verify.reason.{sub_indication.split(':')[0].strip()}"
    return key if key in MESSAGES else "verify.reason.other"


@router.get("/verify", response_class=HTMLResponse)
def verify_page(request: Request, db: DbSession, settings: AppSettings) -> Response:
    return _verify_page(request, db, code=None, file=None, settings=settings)


@router.post("/verify", response_class=HTMLResponse, dependencies=[VERIFY_LIMIT])
def verify_upload(
    request: Request,
    db: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    return _verify_page(request, db, code=None, file=file, settings=settings)


@router.get("/verify/{code}", response_class=HTMLResponse)
def record_page(request: Request, code: str, db: DbSession, settings: AppSettings) -> Response:
    return _verify_page(request, db, code=code, file=None, settings=settings)


@router.post("/verify/{code}", response_class=HTMLResponse, dependencies=[VERIFY_LIMIT])
def record_upload(
    request: Request,
    code: str,
    db: DbSession,
    settings: AppSettings,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    return _verify_page(request, db, code=code, file=file, settings=settings)

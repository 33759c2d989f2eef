"""Trust anchors, signing credentials, issuing (number, certify, seal) and verification."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Query, UploadFile
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from app.api import files
from app.api.deps import IMPORT_LIMIT, VERIFY_LIMIT, AppSettings, Limiter, Store
from app.audit.service import RequestMeta
from app.config import Settings
from app.db import Db, DbInt, DbSession
from app.documents.models import DocumentVersion
from app.i18n import local_today
from app.security import policy
from app.security.auth import CurrentActor, Meta, ShortActor
from app.security.ratelimit import RateLimiter
from app.signing import desk, register, requests, service
from app.signing.models import SigningCredential, SigningRequest, TrustAnchor
from app.signing.schemas import (
    CredentialOut,
    DeferredComplete,
    DeferredCreate,
    DeferredOut,
    DeskTicketOut,
    DeskTicketStatus,
    NumberedOut,
    NumberRequest,
    RegisterEntry,
    RemoteCredentialCreate,
    SignedOut,
    SigningRequestOut,
    SignRequest,
    TicketInfoOut,
    TokenCredentialCreate,
    TrustAnchorOut,
    VerificationOut,
)

router = APIRouter(prefix="/api", tags=["signing"])


@router.post("/trust-anchors", response_model=TrustAnchorOut, status_code=201)
def add_trust_anchor(
    file: Annotated[UploadFile, File()], actor: CurrentActor, db: DbSession, meta: Meta
) -> TrustAnchor:
    """A root certificate (PEM or DER) the verifier trusts: VGCA's, a commercial CA's…"""
    policy.require_trust_admin(actor)
    return service.add_trust_anchor(
        db, actor=actor, data=files.read_upload(file, 64 * 1024), meta=meta
    )


@router.get("/trust-anchors", response_model=list[TrustAnchorOut])
def list_trust_anchors(actor: CurrentActor, db: DbSession) -> Sequence[TrustAnchor]:
    policy.require_trust_admin(actor)
    return db.scalars(select(TrustAnchor).order_by(TrustAnchor.id)).all()


@router.post(
    "/me/signing-credentials",
    response_model=CredentialOut,
    status_code=201,
    dependencies=[IMPORT_LIMIT],
)
def add_pkcs12(
    file: Annotated[UploadFile, File()],
    passphrase: Annotated[str, Form(max_length=256)],
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    settings: AppSettings,
) -> SigningCredential:
    """Your PKCS#12 file: stored encrypted; the passphrase is asked again at each signing."""
    policy.require_credential_holder(actor)
    return service.add_pkcs12(
        db,
        actor=actor,
        data=files.read_upload(file, settings.max_import_bytes),
        passphrase=passphrase,
        secret=settings.secret_key,
        meta=meta,
    )


@router.post("/me/token-credentials", response_model=CredentialOut, status_code=201)
def add_token(
    data: TokenCredentialCreate,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    settings: AppSettings,
) -> SigningCredential:
    """A key on a PKCS#11 token or HSM; the certificate is read from the token."""
    policy.require_credential_holder(actor)
    return service.add_token(
        db,
        actor=actor,
        module=settings.pkcs11_module,
        token_label=data.token_label,
        key_label=data.key_label,
        pin=data.pin,
        meta=meta,
    )


@router.get("/me/signing-credentials", response_model=list[CredentialOut])
def list_credentials(actor: CurrentActor, db: DbSession) -> Sequence[SigningCredential]:
    policy.require_credential_holder(actor)
    return service.credentials_of(db, actor)


@router.post("/documents/{document_id}/number", response_model=NumberedOut)
def number_document(
    document_id: DbInt,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
    data: NumberRequest | None = None,
) -> NumberedOut:
    """Take the next number of the council's register and print it, with the verification
    QR, on page 1: the final text the chair signs. A draft the council voted down answers
    409 `vote_not_passed` unless `despite_vote` says the office issues it anyway."""
    document, version = service.number_document(
        database,
        store,
        actor=actor,
        document_id=document_id,
        base_url=settings.base_url,
        meta=meta,
        tmp_dir=settings.tmp_dir,
        despite_vote=data.despite_vote if data else False,
    )
    return NumberedOut(
        id=version.id,
        document_id=document.id,
        version=version.version,
        sha256=version.sha256,
        number=document.number,
        verification_url=service.verification_url(settings.base_url, document.verify_code or ""),
    )


@router.post(
    "/documents/{document_id}/sign",
    response_model=SignedOut,
    status_code=201,
    responses={202: {"model": SigningRequestOut}},
)
def sign_document(
    document_id: DbInt,
    data: SignRequest,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> SignedOut | JSONResponse:
    """The chair certifies; the office applies the organisation's seal. With a remote
    credential: 202 while the signer approves on their phone (`GET /signing-requests/{id}`)."""
    done = requests.sign(
        database,
        store,
        settings=settings,
        actor=actor,
        document_id=document_id,
        credential_id=data.credential_id,
        passphrase=data.passphrase,
        pin=data.pin,
        meta=meta,
    )
    if isinstance(done, SigningRequest):
        out = SigningRequestOut.model_validate(done)
        return JSONResponse(out.model_dump(mode="json"), status_code=202)
    return _signed_out(done)


@router.post("/me/remote-signing-credentials", response_model=CredentialOut, status_code=201)
def add_remote_credential(
    data: RemoteCredentialCreate,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    settings: AppSettings,
) -> SigningCredential:
    """An account at a remote-signing provider (CSC): its certificate is fetched from there."""
    return requests.enrol(
        database,
        settings=settings,
        actor=actor,
        provider=data.provider,
        fields=data.model_dump(exclude={"provider"}),
        meta=meta,
    )


@router.get("/signing-requests/{request_id}", response_model=SigningRequestOut)
def signing_request(
    request_id: DbInt, actor: ShortActor, database: Db, store: Store, settings: AppSettings
) -> SigningRequest:
    """Where the awaited signature stands (the provider is asked once if it still waits)."""
    return requests.status_of(
        database, store, settings=settings, actor=actor, request_id=request_id
    )


@router.post("/signing-requests/{request_id}/cancel", response_model=SigningRequestOut)
def cancel_signing_request(
    request_id: DbInt, actor: ShortActor, database: Db, meta: Meta
) -> SigningRequest:
    """Stop waiting: an approval given afterwards signs nothing."""
    requests.cancel(database, actor=actor, request_id=request_id, meta=meta)
    return database.read(lambda db: policy.own_signing_request(db, actor, request_id))


@router.post(
    "/documents/{document_id}/signing-requests", response_model=DeferredOut, status_code=201
)
def prepare_deferred(
    document_id: DbInt,
    data: DeferredCreate,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> DeferredOut:
    """Deferred signing, step 1: the server prepares the document and returns what the
    token or remote-signing service must sign (as USB-token plugins and "ký số từ xa" do)."""
    task = requests.prepare_deferred(
        database,
        store,
        settings=settings,
        actor=actor,
        document_id=document_id,
        certificate=data.certificate,
        meta=meta,
    )
    return _deferred_out(task)


@router.post("/signing-requests/{request_id}/signature", response_model=SignedOut, status_code=201)
def complete_deferred(
    request_id: DbInt,
    data: DeferredComplete,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
) -> SignedOut:
    """Deferred signing, step 2: the signature (raw value or CMS) is checked and embedded."""
    version = requests.complete_deferred(
        database,
        store,
        settings=settings,
        actor=actor,
        request_id=request_id,
        signature=data.signature,
        raw=data.format == "raw",
        meta=meta,
    )
    return _signed_out(version)


def _deferred_out(task: requests.DeferredTask) -> DeferredOut:
    return DeferredOut(
        id=task.request.id,
        data_to_sign=task.data_to_sign,
        digest=task.digest,
        expires_at=task.request.expires_at,
    )


def _signed_out(version: DocumentVersion) -> SignedOut:
    return SignedOut(
        id=version.id,
        document_id=version.document_id,
        version=version.version,
        sha256=version.sha256,
    )


def _guard(meta: RequestMeta, limiter: RateLimiter, settings: Settings) -> desk.Guard:
    return desk.Guard(meta, limiter, settings.link_max_failures)


@router.post("/documents/{document_id}/desk-tickets", response_model=DeskTicketOut, status_code=201)
def issue_desk_ticket(
    document_id: DbInt, actor: CurrentActor, db: DbSession, meta: Meta, settings: AppSettings
) -> DeskTicketOut:
    """«Ký bằng USB token»: a one-time ticket for the signing command on the signer's own
    computer (shown once, in the command line)."""
    issued = desk.issue(
        db,
        actor=actor,
        document_id=document_id,
        minutes=settings.signing_request_minutes,
        meta=meta,
    )
    return DeskTicketOut(
        id=issued.ticket.id,
        command=desk.command(settings.base_url, issued.token),
        expires_at=issued.ticket.expires_at,
    )


@router.get("/desk-tickets/{ticket_id}", response_model=DeskTicketStatus)
def desk_ticket_status(ticket_id: DbInt, actor: CurrentActor, db: DbSession) -> DeskTicketStatus:
    """Where the signer's own computer has got to (for the page that waits for it)."""
    return DeskTicketStatus.model_validate(
        {"id": ticket_id, "status": desk.progress(db, actor=actor, ticket_id=ticket_id)}
    )


@router.get("/desk/{ticket}", response_model=TicketInfoOut)
def desk_ticket(
    ticket: Annotated[str, Path(max_length=100)],
    db: DbSession,
    meta: Meta,
    limiter: Limiter,
    settings: AppSettings,
) -> desk.TicketInfo:
    """The signing command's first look: which document, for whom (the ticket is the key)."""
    return desk.describe(db, token=ticket, guard=_guard(meta, limiter, settings))


@router.post("/desk/{ticket}/prepare", response_model=DeferredOut, status_code=201)
def desk_prepare(
    ticket: Annotated[str, Path(max_length=100)],
    data: DeferredCreate,
    database: Db,
    meta: Meta,
    limiter: Limiter,
    store: Store,
    settings: AppSettings,
) -> DeferredOut:
    """The token's certificate in; what the token must sign out."""
    task = desk.prepare(
        database,
        store,
        settings=settings,
        token=ticket,
        certificate=data.certificate,
        guard=_guard(meta, limiter, settings),
    )
    return _deferred_out(task)


@router.post("/desk/{ticket}/signature", response_model=SignedOut, status_code=201)
def desk_signature(
    ticket: Annotated[str, Path(max_length=100)],
    data: DeferredComplete,
    database: Db,
    meta: Meta,
    limiter: Limiter,
    store: Store,
    settings: AppSettings,
) -> SignedOut:
    """The token's signature back into the waiting document."""
    version = desk.complete(
        database,
        store,
        settings=settings,
        token=ticket,
        signature=data.signature,
        raw=data.format == "raw",
        guard=_guard(meta, limiter, settings),
    )
    return _signed_out(version)


@router.post("/verify", response_model=VerificationOut, dependencies=[VERIFY_LIMIT])
def verify(
    file: Annotated[UploadFile, File()], db: DbSession, settings: AppSettings
) -> VerificationOut:
    """Anyone may check a PDF: each signature's signer, chain to a configured trust anchor,
    timestamp, coverage and later changes, with a verdict per signature and overall."""
    data = files.read_upload(file, settings.max_verify_bytes)
    return service.report_out(service.verify_file(db, data), data)


@router.get("/councils/{council_id}/issued-documents", response_model=list[RegisterEntry])
def issued_documents(
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    q: Annotated[str, Query(max_length=200)] = "",
) -> list[RegisterEntry]:
    """The register of issued documents (sổ văn bản đi) of a year: number, date, type, title,
    signers, where each stands (numbered, certified, issued, published)."""
    council = policy.council_for_staff(db, actor, council_id)
    shown = year or local_today().year
    return register.entries(db, actor=actor, council_id=council.id, year=shown, q=q)


@router.get("/councils/{council_id}/issued-documents.xlsx")
def issued_documents_workbook(
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Response:
    council = policy.council_for_staff(db, actor, council_id)
    shown = year or local_today().year
    rows = register.entries(db, actor=actor, council_id=council.id, year=shown)
    return files.attachment(
        register.workbook(council.name, shown, rows),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"so-van-ban-di-{shown}.xlsx",
    )


@router.get("/documents/{document_id}/package.zip")
def issued_package(
    document_id: DbInt, actor: ShortActor, database: Db, store: Store, settings: AppSettings
) -> Response:
    """An issued document as one package another system imports: the signed PDF byte for
    byte and `metadata.json` (issuer, number, date, type, title, signers, hash, verification
    page)."""
    package = database.read(
        lambda db: register.package_of(db, actor, document_id, settings.base_url)
    )
    return files.attachment(
        register.write_package(store, package, settings.tmp_dir),
        "application/zip",
        package.filename,
    )

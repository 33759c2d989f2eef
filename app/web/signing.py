"""The signing desk: what awaits the caller's signature (the chair certifies, the office
seals), where each numbered document stands, the next sessions, and the caller's own
credentials. Signing from here or from a meeting page: a PKCS#12 passphrase, a token PIN, or
the deferred flow, where the key stays on the signer's own device and only a digest travels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.api import files
from app.api.deps import AppSettings, Store
from app.db import Database, Db, DbInt, DbSession
from app.errors import Forbidden, InvalidInput
from app.i18n import local_today, t
from app.meetings import service as meetings
from app.security import policy
from app.security.actor import Actor
from app.security.auth import CurrentActor, Meta, ShortActor
from app.signing import desk, register, remote, requests
from app.signing import service as signing
from app.signing.models import CredentialKind, RequestStatus, SigningRequest
from app.signing.schemas import DeferredComplete, DeferredCreate
from app.web.meetings import slow_action
from app.web.render import attempt, attempt_alone, done, render

router = APIRouter(include_in_schema=False)
DESK = "/office/signing"
UPCOMING = 3  # sessions shown on the desk
WAITING_REFRESH_SECONDS = 3


@router.get(DESK, response_class=HTMLResponse)
def desk_page(
    request: Request, actor: CurrentActor, db: DbSession, settings: AppSettings
) -> Response:
    if not policy.signs_anything(db, actor):
        raise Forbidden()
    return _desk(request, db, actor, settings.base_url)


def _desk(
    request: Request,
    db: DbSession,
    actor: Actor,
    base_url: str,
    status: int = 200,
    error: str = "",
) -> Response:
    desk = signing.issuing_desk(db, actor)
    credentials = signing.credentials_of(db, actor)
    providers = remote.configured(request.app.state.settings)
    council = policy.home_council(actor)
    upcoming = (
        meetings.upcoming(db, actor=actor, council_id=council, limit=UPCOMING)
        if council is not None
        else []
    )
    return render(
        request,
        "signing.html",
        status,
        awaiting=[d for d in desk if d.awaits_caller],
        issued=[d for d in desk if not d.awaits_caller],
        upcoming=upcoming,
        credentials=credentials,
        local=[c for c in credentials if c.kind is not CredentialKind.remote],
        remote_credentials=[c for c in credentials if c.kind is CredentialKind.remote],
        providers=providers,
        provider_label=lambda name: providers.get(name, {}).get("label") or name,
        verify_url=lambda code: signing.verification_url(base_url, code),
        error=error or None,
    )


@router.post(f"{DESK}/credentials", response_class=HTMLResponse)
def add_credential(
    request: Request,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    settings: AppSettings,
    file: Annotated[UploadFile, File()],
    passphrase: Annotated[str, Form(max_length=256)],
) -> Response:
    policy.require_credential_holder(actor)
    _, error = attempt(
        db,
        lambda: signing.add_pkcs12(
            db,
            actor=actor,
            data=files.read_upload(file, settings.max_import_bytes),
            passphrase=passphrase,
            secret=settings.secret_key,
            meta=meta,
        ),
    )
    if error:
        return _desk(request, db, actor, settings.base_url, error[1], error[0])
    return done(DESK, "credential_added")


Back = Literal["meeting", "desk"]


def _desk_action(
    request: Request,
    database: Database,
    actor: Actor,
    base_url: str,
    ok: str,
    action: Callable[[], object],
) -> Response:
    """A desk form's action that waits on slow work in short scopes of its own: on refusal
    the desk again, with the message."""
    error = attempt_alone(action)
    return _refused(request, database, actor, base_url, error) if error else done(DESK, ok)


def _refused(
    request: Request,
    database: Database,
    actor: Actor,
    base_url: str,
    error: tuple[str, int, object],
) -> Response:
    return database.read(lambda db: _desk(request, db, actor, base_url, error[1], error[0]))


@router.post("/office/documents/{document_id}/sign", response_class=HTMLResponse)
def sign_document(
    request: Request,
    document_id: DbInt,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
    passphrase: Annotated[str, Form(max_length=256)] = "",
    credential_id: Annotated[DbInt | None, Form()] = None,
    back: Annotated[Back, Form()] = "meeting",
) -> Response:
    """The chair's signature or the office's seal, whichever the caller applies, from the desk
    or a meeting page; the token or the timestamp authority is waited on holding nothing. A
    remote credential leads to the page that waits for the approval on the signer's phone."""
    waiting: list[SigningRequest] = []

    def sign() -> object:
        result = requests.sign(
            database,
            store,
            settings=settings,
            actor=actor,
            document_id=document_id,
            credential_id=credential_id,
            passphrase=passphrase or None,
            pin=passphrase or None,  # one field on the page: the PIN or the passphrase
            meta=meta,
        )
        if isinstance(result, SigningRequest):
            waiting.append(result)
        return result

    if back == "desk":
        response = _desk_action(
            request, database, actor, settings.base_url, "document_signed", sign
        )
    else:
        document = database.read(lambda db: policy.document_for_read(db, actor, document_id))
        response = slow_action(
            request, database, actor, document.meeting_id, "document_signed", sign
        )
    return RedirectResponse(_waiting_url(waiting[0].id), 303) if waiting else response


def _waiting_url(request_id: int) -> str:
    return f"/office/signing-requests/{request_id}"


@router.get("/office/signing-requests/{request_id}", response_class=HTMLResponse)
def waiting_page(
    request: Request,
    request_id: DbInt,
    actor: ShortActor,
    database: Db,
    store: Store,
    settings: AppSettings,
) -> Response:
    """«Chờ phê duyệt trên điện thoại»: each look asks the provider once; the page looks again
    by itself every few seconds, and goes back to the desk once the document is signed."""
    awaited = requests.status_of(
        database, store, settings=settings, actor=actor, request_id=request_id
    )
    if awaited.status is RequestStatus.signed:
        return done(DESK, "document_signed")
    document = database.read(lambda db: policy.document_for_read(db, actor, awaited.document_id))
    return render(
        request,
        "signing_waiting.html",
        awaited=awaited,
        document=document,
        refresh=WAITING_REFRESH_SECONDS,
    )


@router.post("/office/signing-requests/{request_id}/cancel", response_class=HTMLResponse)
def cancel_waiting(
    request: Request, request_id: DbInt, actor: ShortActor, database: Db, meta: Meta
) -> Response:
    error = attempt_alone(
        lambda: requests.cancel(database, actor=actor, request_id=request_id, meta=meta)
    )
    if error:
        return RedirectResponse(_waiting_url(request_id), 303)
    return done(DESK, "signing_cancelled")


@router.post(f"{DESK}/remote-credentials", response_class=HTMLResponse)
def add_remote_credential(
    request: Request,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    settings: AppSettings,
    provider: Annotated[str, Form(max_length=40)],
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    credential_id: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """The signer's account at a remote-signing provider, for signing approved on the phone."""
    return _desk_action(
        request,
        database,
        actor,
        settings.base_url,
        "credential_added",
        lambda: requests.enrol(
            database,
            settings=settings,
            actor=actor,
            provider=provider,
            fields={"username": username, "password": password, "credential_id": credential_id},
            meta=meta,
        ),
    )


@router.post("/office/documents/{document_id}/signing-requests", response_class=HTMLResponse)
def prepare_deferred(
    request: Request,
    document_id: DbInt,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
    certificate: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """Deferred signing, step 1: the page shows what the signer's device must sign."""
    tasks: list[requests.DeferredTask] = []
    error = attempt_alone(
        lambda: tasks.append(
            requests.prepare_deferred(
                database,
                store,
                settings=settings,
                actor=actor,
                document_id=document_id,
                certificate=DeferredCreate(certificate=certificate).certificate,
                meta=meta,
            )
        )
    )
    if error:
        return _refused(request, database, actor, settings.base_url, error)
    return render(
        request,
        "signing_deferred.html",
        task=tasks[0],
        document=database.read(lambda db: policy.document_for_read(db, actor, document_id)),
    )


@router.post("/office/documents/{document_id}/token-signing", response_class=HTMLResponse)
def token_signing(
    request: Request,
    document_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    meta: Meta,
    settings: AppSettings,
) -> Response:
    """«Ký bằng USB token»: the command to run on the signer's own computer, with its one-time
    ticket; the page follows the signing and returns to the desk once it is done."""
    issued, error = attempt(
        db,
        lambda: desk.issue(
            db,
            actor=actor,
            document_id=document_id,
            minutes=settings.signing_request_minutes,
            meta=meta,
        ),
    )
    if error:
        return _desk(request, db, actor, settings.base_url, error[1], error[0])
    return render(
        request,
        "signing_token.html",
        document=policy.document_for_read(db, actor, document_id),
        command=desk.command(settings.base_url, issued.token),
        ticket=issued.ticket,
    )


@router.post("/office/signing-requests/{request_id}/signature", response_class=HTMLResponse)
def complete_deferred(
    request: Request,
    request_id: DbInt,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
    signature: Annotated[str, Form(max_length=200_000)] = "",
    format: Annotated[Literal["raw", "cms"], Form()] = "raw",
) -> Response:
    """Deferred signing, step 2: the signature the device made goes into the document."""
    return _desk_action(
        request,
        database,
        actor,
        settings.base_url,
        "document_signed",
        lambda: requests.complete_deferred(
            database,
            store,
            settings=settings,
            actor=actor,
            request_id=request_id,
            signature=DeferredComplete(signature=signature.strip(), format=format).signature,
            raw=format == "raw",
            meta=meta,
        ),
    )


STAMP = "/office/documents/{document_id}/stamp"


@router.get(STAMP, response_class=HTMLResponse)
def stamp_page(
    request: Request,
    document_id: DbInt,
    actor: ShortActor,
    database: Db,
    store: Store,
    settings: AppSettings,
) -> Response:
    """The office picks where the chair signs, on a preview of the last page."""
    return _stamp_page(request, database, store, actor, document_id, settings)


def _stamp_page(
    request: Request,
    database: Database,
    store: Store,
    actor: Actor,
    document_id: int,
    settings: AppSettings,
    error: tuple[str, int, object] | None = None,
) -> Response:
    place = signing.stamp_place(
        database, store, actor=actor, document_id=document_id, tmp_dir=settings.tmp_dir
    )
    return render(
        request,
        "stamp.html",
        error[1] if error else 200,
        place=place,
        width=signing.PICKER_WIDTH,
        error=error[0] if error else None,
    )


@router.get(f"{STAMP}.png")
def stamp_preview(
    document_id: DbInt, actor: ShortActor, database: Db, store: Store, settings: AppSettings
) -> Response:
    image = signing.stamp_preview(
        database, store, actor=actor, document_id=document_id, tmp_dir=settings.tmp_dir
    )
    return Response(image, media_type="image/png", headers={"Cache-Control": "private, no-store"})


@router.post(STAMP, response_class=HTMLResponse)
def place_stamp(
    request: Request,
    document_id: DbInt,
    actor: ShortActor,
    database: Db,
    meta: Meta,
    store: Store,
    settings: AppSettings,
    x: Annotated[int | None, Form(alias="at.x", ge=0)] = None,
    y: Annotated[int | None, Form(alias="at.y", ge=0)] = None,
    height: Annotated[int, Form(ge=1, le=10_000)] = 1,
    automatic: Annotated[bool, Form()] = False,
) -> Response:
    """Where the office clicked on the preview (pixels of the image), or back to automatic."""

    def place() -> object:
        at = None
        if not automatic:
            if x is None or y is None:
                raise InvalidInput(details=[{"field": "at", "message": t("validation.invalid")}])
            at = (x / signing.PICKER_WIDTH, 1 - y / height)
        return database.write(
            lambda db: signing.place_stamp(
                db, actor=actor, document_id=document_id, at=at, meta=meta
            )
        )

    error = attempt_alone(place)
    if error:
        return _stamp_page(request, database, store, actor, document_id, settings, error)
    return done(STAMP.format(document_id=document_id), "stamp_placed")


@router.get("/office/councils/{council_id}/register", response_class=HTMLResponse)
def register_page(
    request: Request,
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The register of issued documents (sổ văn bản đi): a year's numbers in their series,
    searchable, with the workbook to archive."""
    council = policy.council_for_staff(db, actor, council_id)
    shown = year or local_today().year
    return render(
        request,
        "register.html",
        council=council,
        year=shown,
        q=q,
        entries=register.entries(db, actor=actor, council_id=council.id, year=shown, q=q),
    )

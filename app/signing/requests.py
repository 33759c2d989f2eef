"""Signatures made elsewhere, awaited: the key stays on the signer's own device (a USB token
at their desk) or with a remote-signing provider (approved on their phone).

The document is prepared once (its signature field, stamp and the CMS signed attributes to
sign), and a request waits for the value. The signer's device sends it back; or, with a
remote credential, the platform asks the provider for the signer's approval and looks again
later (the page, the API and the worker all ask; a lease keeps it to one at a time), never
holding a request or a transaction while the signer decides. Only a complete, verified
signature becomes a version: refused, expired or cancelled requests leave the document as it
was."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.audit import service as audit
from app.audit.service import RequestMeta
from app.config import Settings
from app.db import Database, utcnow
from app.directory.models import User
from app.documents.models import Document, DocumentVersion
from app.security import policy
from app.security import service as sessions
from app.security.actor import Actor
from app.signing import engine, keys, remote
from app.signing import service as signing
from app.signing.errors import (
    BadSignatureValue,
    CredentialExpired,
    DocumentChanged,
    NotRemote,
    RemoteUnavailable,
    RequestClosed,
    WrongStep,
)
from app.signing.models import CredentialKind, RequestStatus, SigningCredential, SigningRequest
from app.signing.remote.base import Access, Approved, Pending, Progress, Refused
from app.storage import ObjectStore, StoredObject

log = logging.getLogger(__name__)
WORKER_META = RequestMeta(ip="", user_agent="kyhop remote signing")
LEASE = timedelta(seconds=60)  # longer than a provider's slowest answer (its timeout is 10 s)
SEP = " / "  # between the lines of a signing capacity, as kept with a waiting request


@dataclass(frozen=True)
class DeferredTask:
    request: SigningRequest
    data_to_sign: str  # base64 DER of the signed attributes
    digest: str  # base64 SHA-256 of them: what a token signs when it takes a digest


def _prepare(
    database: Database,
    store: ObjectStore,
    *,
    settings: Settings,
    actor: Actor,
    plan: signing.Plan,
    cert: keys.Certificate,
    credential: SigningCredential | None,
    access: Access | None,
    meta: RequestMeta,
) -> DeferredTask:
    """The prepared document in storage and its waiting request, in one short write."""
    if cert.not_after <= utcnow():
        raise CredentialExpired()
    with signing.workdir(settings.tmp_dir) as work:
        source, prepared_file = work / "source.pdf", work / "prepared.pdf"
        signing.documents.download(store, plan.base.object_key, source)
        moment = signing.signing_moment()
        spec = signing.stamp_spec(
            plan, settings=settings, signer_name=actor.full_name, source=source, moment=moment
        )
        prepared = engine.prepare(source, prepared_file, cert.der, spec)
        with prepared_file.open("rb") as handle:
            stored = store.put(handle, prefix="signing")

    def write(db: Session) -> SigningRequest:
        document = signing.still_current(db, plan)
        request = SigningRequest(
            created_at=moment,  # the time its stamp shows
            document_id=document.id,
            user_id=actor.user_id,
            role=plan.step.role,
            level=spec.level,
            base_version=plan.base.version,
            object_key=stored.key,
            document_digest=prepared.document_digest,
            reserved_start=prepared.reserved_start,
            reserved_end=prepared.reserved_end,
            signed_attrs=prepared.signed_attrs,
            certificate=cert.der,
            subject=cert.subject,
            capacity=SEP.join(plan.capacity.lines),
            expires_at=utcnow() + timedelta(minutes=settings.signing_request_minutes),
            credential_id=credential.id if credential else None,
            sealed_access=_seal_access(access, settings) if access else None,
        )
        db.add(request)
        db.flush()
        audit.record(
            db,
            action="document.signing_prepared",
            meta=meta,
            actor=actor,
            council_id=document.council_id,
            object_type="document",
            object_id=document.id,
            details={
                "request": request.id,
                "subject": cert.subject,
                "role": plan.step.role.value,
                "provider": credential.provider if credential else "",
            },
        )
        return request

    try:
        request = database.write(write)
    except BaseException:
        store.delete(stored.key)
        raise
    return DeferredTask(
        request,
        base64.b64encode(prepared.signed_attrs).decode(),
        base64.b64encode(hashlib.sha256(prepared.signed_attrs).digest()).decode(),
    )


def _planned(
    database: Database, settings: Settings, actor: Actor, document_id: int
) -> signing.Plan:
    def plan_signature(db: Session) -> signing.Plan:
        document, capacity = policy.document_for_signing(db, actor, document_id)
        return signing.signing_plan(db, settings, document, capacity)

    return database.read(plan_signature)


def prepare_deferred(
    database: Database,
    store: ObjectStore,
    *,
    settings: Settings,
    actor: Actor,
    document_id: int,
    certificate: str,
    meta: RequestMeta,
) -> DeferredTask:
    """The signer's device signs: `certificate` (PEM, or DER in base64) is read only once the
    caller's right is checked."""
    plan = _planned(database, settings, actor, document_id)
    return _prepare(
        database,
        store,
        settings=settings,
        actor=actor,
        plan=plan,
        cert=keys.certificate_from_text(certificate),
        credential=None,
        access=None,
        meta=meta,
    )


def _open_request(db: Session, actor: Actor, request_id: int) -> SigningRequest:
    request = policy.own_signing_request(db, actor, request_id)
    if request.status is not RequestStatus.waiting or request.expires_at <= utcnow():
        raise RequestClosed()
    return request


def _complete(
    database: Database,
    store: ObjectStore,
    *,
    settings: Settings,
    request: SigningRequest,
    actor: Actor,
    value: bytes,
    raw: bool,
    meta: RequestMeta,
) -> DocumentVersion:
    """The value goes into the prepared document, which is kept only if the request still
    waits and the document is still where it was."""

    def plan_completion(db: Session) -> signing.Plan:
        document = db.get(Document, request.document_id)
        if document is None or document.current_version != request.base_version:
            raise RequestClosed()
        capacity = policy.Capacity(request.role, tuple(filter(None, request.capacity.split(SEP))))
        return signing.signing_plan(db, settings, document, capacity)

    plan = database.read(plan_completion)
    with signing.workdir(settings.tmp_dir) as work:
        prepared_file = work / "prepared.pdf"
        signing.documents.download(store, request.object_key, prepared_file)
        engine.complete(
            prepared_file,
            engine.Prepared(
                request.document_digest,
                request.reserved_start,
                request.reserved_end,
                request.signed_attrs,
            ),
            cert_der=request.certificate,
            signature=value,
            raw=raw,
            level=request.level,
            tsa_url=settings.tsa_url,
        )

        def write(db: Session, stored: StoredObject) -> DocumentVersion:
            current = db.get_one(SigningRequest, request.id)
            if current.status is not RequestStatus.waiting or current.expires_at <= utcnow():
                raise RequestClosed()
            document = signing.still_current(db, plan)
            current.status, current.completed_at = RequestStatus.signed, utcnow()
            return signing.record_signature(
                db,
                actor=actor,
                document=document,
                base=plan.base,
                stored=stored,
                step=plan.step,
                level=request.level,
                kind=CredentialKind.remote,
                subject=request.subject,
                capacity=plan.capacity.text,
                signed_at=request.created_at,
                meta=meta,
            )

        return signing.keep_signed(database, store, prepared_file, write)


def complete_deferred(
    database: Database,
    store: ObjectStore,
    *,
    settings: Settings,
    actor: Actor,
    request_id: int,
    signature: str,
    raw: bool,
    meta: RequestMeta,
) -> DocumentVersion:
    """The signer's device's value (base64, raw or CMS), read once the caller's right is
    checked."""
    request = database.read(lambda db: _open_request(db, actor, request_id))
    if request.credential_id is not None:
        raise NotRemote()  # the provider's signature comes from the provider
    return _complete(
        database,
        store,
        settings=settings,
        request=request,
        actor=actor,
        value=keys.decode_base64(signature),
        raw=raw,
        meta=meta,
    )


# --- remote signing -------------------------------------------------------------------------


def _seal_access(access: Access, settings: Settings) -> bytes:
    return keys.seal(json.dumps([access.token, access.secret]).encode(), settings.secret_key)


def _access(request: SigningRequest, settings: Settings) -> Access:
    token, secret = json.loads(keys.unseal(request.sealed_access or b"", settings.secret_key))
    return Access(token=token, secret=secret)


def _renew_secret(db: Session, credential_id: int, secret: str, settings: Settings) -> None:
    credential = db.get(SigningCredential, credential_id)
    if credential is not None:
        credential.sealed_secret = keys.seal(secret.encode(), settings.secret_key)


def enrol(
    database: Database,
    *,
    settings: Settings,
    actor: Actor,
    provider: str,
    fields: dict[str, str],
    meta: RequestMeta,
) -> SigningCredential:
    """The signer's account at a provider becomes a credential: the provider is asked (no
    transaction open) for the key's certificate and a secret to reach the account again; the
    password is not kept."""
    policy.require_credential_holder(actor)
    enrolment = remote.provider(settings, provider).enrol(fields)
    cert = keys.load_certificate(enrolment.certificate)
    if cert.not_after <= utcnow():
        raise CredentialExpired()
    return database.write(
        lambda db: signing.add_credential(
            db,
            actor=actor,
            meta=meta,
            cert=cert,
            kind=CredentialKind.remote,
            provider=provider,
            remote_ref=enrolment.reference,
            sign_algorithm=enrolment.sign_algorithm,
            sealed_secret=keys.seal(enrolment.secret.encode(), settings.secret_key),
        )
    )


def sign(
    database: Database,
    store: ObjectStore,
    *,
    settings: Settings,
    actor: Actor,
    document_id: int,
    credential_id: int | None,
    passphrase: str | None,
    pin: str | None,
    meta: RequestMeta,
) -> DocumentVersion | SigningRequest:
    """The chair's or the office's signature: made here (a file, a token), or, with a remote
    credential, a request that waits for the signer's approval on their phone."""

    def credential_of(db: Session) -> SigningCredential:
        policy.document_for_signing(db, actor, document_id)
        return signing.chosen_credential(db, actor, credential_id)

    if database.read(credential_of).kind is CredentialKind.remote:
        return start_remote(
            database,
            store,
            settings=settings,
            actor=actor,
            document_id=document_id,
            credential_id=credential_id or 0,
            meta=meta,
        )
    return signing.sign_document(
        database,
        store,
        settings=settings,
        actor=actor,
        document_id=document_id,
        credential_id=credential_id,
        passphrase=passphrase,
        pin=pin,
        meta=meta,
    )


def start_remote(
    database: Database,
    store: ObjectStore,
    *,
    settings: Settings,
    actor: Actor,
    document_id: int,
    credential_id: int,
    meta: RequestMeta,
) -> SigningRequest:
    """Prepare the document, then ask the provider for the signer's approval of its digest.
    Returns at once: the request waits (or is already signed, where no approval was asked)."""

    def plan_signature(db: Session) -> tuple[signing.Plan, SigningCredential, str]:
        document, capacity = policy.document_for_signing(db, actor, document_id)
        return (
            signing.signing_plan(db, settings, document, capacity),
            signing.chosen_credential(db, actor, credential_id),
            document.title,
        )

    plan, credential, title = database.read(plan_signature)
    provider = remote.provider(settings, credential.provider)
    secret = keys.unseal(credential.sealed_secret or b"", settings.secret_key).decode()
    access = provider.open(secret)
    if access.secret and access.secret != secret:  # rotated: the old one is spent already
        database.write(lambda db: _renew_secret(db, credential.id, access.secret, settings))
    task = _prepare(
        database,
        store,
        settings=settings,
        actor=actor,
        plan=plan,
        cert=keys.load_certificate(credential.certificate),
        credential=credential,
        access=access,
        meta=meta,
    )
    request = task.request
    try:
        progress = provider.authorize(
            access, credential.remote_ref, hashlib.sha256(request.signed_attrs).digest(), title
        )
    except RemoteUnavailable:
        return request  # asked again on the next look
    if isinstance(progress, Pending) or _claim(database, request.id):
        _advance_with(database, store, settings, request.id, progress)
    return database.read(lambda db: db.get_one(SigningRequest, request.id))


def _claim(database: Database, request_id: int) -> bool:
    """Take the one lease on polling this request; close it first if its time is up."""
    now = utcnow()

    def claim(db: Session) -> bool:
        taken = db.execute(
            update(SigningRequest)
            .where(
                SigningRequest.id == request_id,
                SigningRequest.status == RequestStatus.waiting,
                SigningRequest.expires_at > now,
                or_(SigningRequest.lease_until.is_(None), SigningRequest.lease_until <= now),
            )
            .values(lease_until=now + LEASE)
        )
        if taken.rowcount:  # type: ignore[attr-defined]
            return True
        request = db.get_one(SigningRequest, request_id)
        if request.status is RequestStatus.waiting and request.expires_at <= now:
            _close(db, request, RequestStatus.expired, "")
        return False

    return database.write(claim)


def _close(db: Session, request: SigningRequest, status: RequestStatus, reason: str) -> None:
    request.status, request.reason, request.lease_until = status, reason[:200], None
    request.completed_at = utcnow()
    document = db.get(Document, request.document_id)
    audit.record(
        db,
        action=f"document.signing_{status.value}",
        meta=WORKER_META,
        actor=None,
        council_id=document.council_id if document else None,
        object_type="document",
        object_id=request.document_id,
        details={"request": request.id, "subject": request.subject, "reason": reason[:200]},
    )


def _release(database: Database, request_id: int, handle: str | None = None) -> None:
    def release(db: Session) -> None:
        request = db.get_one(SigningRequest, request_id)
        request.lease_until = None
        if handle is not None:
            request.handle = handle[:500]

    database.write(release)


def advance(database: Database, store: ObjectStore, settings: Settings, request_id: int) -> None:
    """Look once whether the signer approved; with the approval, have the provider sign and
    keep the signed document. Quietly leaves it waiting when the provider does not answer."""
    if not _claim(database, request_id):
        return

    def load(db: Session) -> tuple[SigningRequest, SigningCredential | None]:
        request = db.get_one(SigningRequest, request_id)
        return request, db.get(SigningCredential, request.credential_id or 0)

    request, credential = database.read(load)
    if credential is None:
        _finish(database, request_id, RequestStatus.refused, "credential removed")
        return
    try:
        provider = remote.provider(settings, credential.provider)
        access = _access(request, settings)
        digest = hashlib.sha256(request.signed_attrs).digest()
        if request.handle:
            progress = provider.check(access, credential.remote_ref, request.handle)
        else:
            progress = provider.authorize(access, credential.remote_ref, digest, request.subject)
    except RemoteUnavailable:
        _release(database, request_id)
        return
    _advance_with(database, store, settings, request_id, progress)


def _advance_with(
    database: Database,
    store: ObjectStore,
    settings: Settings,
    request_id: int,
    progress: Progress,
) -> None:
    """What the provider said, acted on by the holder of the request's lease."""
    if isinstance(progress, Pending):
        _release(database, request_id, progress.handle)
        return
    if isinstance(progress, Refused):
        _finish(database, request_id, RequestStatus.refused, progress.reason)
        return
    _sign_approved(database, store, settings, request_id, progress)


def _sign_approved(
    database: Database,
    store: ObjectStore,
    settings: Settings,
    request_id: int,
    approved: Approved,
) -> None:
    def load(db: Session) -> tuple[SigningRequest, SigningCredential, Actor]:
        request = db.get_one(SigningRequest, request_id)
        credential = db.get_one(SigningCredential, request.credential_id)
        return request, credential, sessions.actor_for(db, db.get_one(User, request.user_id))

    request, credential, signer = database.read(load)
    try:
        value = remote.provider(settings, credential.provider).sign(
            _access(request, settings),
            credential.remote_ref,
            credential.sign_algorithm,
            approved.activation,
            hashlib.sha256(request.signed_attrs).digest(),
        )
    except RemoteUnavailable:
        _release(database, request_id)
        return
    try:
        _complete(
            database,
            store,
            settings=settings,
            request=request,
            actor=signer,
            value=value,
            raw=True,
            meta=WORKER_META,
        )
    except (RequestClosed, DocumentChanged, WrongStep, BadSignatureValue) as exc:
        _finish(database, request_id, RequestStatus.refused, exc.code)
    except BaseException:  # a timestamp authority down, say: the approval is asked again
        _release(database, request_id)
        raise


def _finish(database: Database, request_id: int, status: RequestStatus, reason: str) -> None:
    def finish(db: Session) -> None:
        request = db.get_one(SigningRequest, request_id)
        if request.status is RequestStatus.waiting:
            _close(db, request, status, reason)

    database.write(finish)


def status_of(
    database: Database, store: ObjectStore, *, settings: Settings, actor: Actor, request_id: int
) -> SigningRequest:
    """The caller's request as it stands, after one look at the provider if it still waits."""
    request = database.read(lambda db: policy.own_signing_request(db, actor, request_id))
    if request.status is RequestStatus.waiting and request.credential_id is not None:
        advance(database, store, settings, request_id)
    elif request.status is RequestStatus.waiting and request.expires_at <= utcnow():
        _claim(database, request_id)  # closes it as expired
    return database.read(lambda db: policy.own_signing_request(db, actor, request_id))


def cancel(database: Database, *, actor: Actor, request_id: int, meta: RequestMeta) -> None:
    """The signer stops waiting: an approval given afterwards signs nothing."""

    def write(db: Session) -> None:
        request = _open_request(db, actor, request_id)
        request.status, request.completed_at, request.lease_until = (
            RequestStatus.cancelled,
            utcnow(),
            None,
        )
        document = db.get_one(Document, request.document_id)
        audit.record(
            db,
            action="document.signing_cancelled",
            meta=meta,
            actor=actor,
            council_id=document.council_id,
            object_type="document",
            object_id=document.id,
            details={"request": request.id},
        )

    database.write(write)


def advance_waiting(database: Database, store: ObjectStore, settings: Settings) -> int:
    """The worker's round: every remote request still waiting is looked at once; returns how
    many were signed, refused or expired."""
    waiting = database.read(
        lambda db: db.scalars(
            select(SigningRequest.id)
            .where(
                SigningRequest.status == RequestStatus.waiting,
                SigningRequest.credential_id.is_not(None),
            )
            .order_by(SigningRequest.id)
        ).all()
    )
    for request_id in waiting:
        try:
            advance(database, store, settings, request_id)
        except Exception:  # a timestamp authority down, say: the others still get their turn
            log.exception("remote signing request %d: asked again on the next round", request_id)
    return database.read(
        lambda db: len(
            db.scalars(
                select(SigningRequest.id).where(
                    SigningRequest.id.in_(waiting),
                    SigningRequest.status != RequestStatus.waiting,
                )
            ).all()
        )
    )

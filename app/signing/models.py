"""Trust anchors, signing credentials, signatures made, the number register and deferred
signing requests."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, str_enum, utcnow


class SignatureLevel(enum.StrEnum):
    b_b = "B-B"
    b_t = "B-T"
    b_lt = "B-LT"
    b_lta = "B-LTA"


class CredentialKind(enum.StrEnum):
    pkcs12 = "pkcs12"  # a file uploaded by its owner, stored encrypted, passphrase never kept
    pkcs11 = "pkcs11"  # a key on a token or HSM, unlocked with the owner's PIN
    remote = "remote"  # the key never reaches the server: a provider's, or the signer's device


class SignatureRole(enum.StrEnum):
    certify = "certify"  # the chair: certifies the resolution, only further signatures allowed
    seal = "seal"  # the organisation: seals it (locks the document)


class RequestStatus(enum.StrEnum):
    waiting = "waiting"  # for the signature: the signer's approval, or their device's value
    signed = "signed"
    refused = "refused"  # the signer (or their provider) said no; or the document moved on
    expired = "expired"
    cancelled = "cancelled"


class TrustAnchor(Base):
    """A root the verifier trusts (VGCA roots and any other): configuration, never code."""

    __tablename__ = "trust_anchors"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(500))
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the DER
    der: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class SigningCredential(Base):
    """A person's signing key: a PKCS#12 blob encrypted under the deployment's key, the label
    of a key on a PKCS#11 token, or an account at a remote-signing provider (its name for the
    key, and the sealed secret that reaches the account). The certificate is kept in clear."""

    __tablename__ = "signing_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[CredentialKind] = mapped_column(str_enum(CredentialKind, "credential_kind"))
    subject: Mapped[str] = mapped_column(String(500))
    not_after: Mapped[datetime] = mapped_column()
    certificate: Mapped[bytes] = mapped_column(LargeBinary)
    sealed_pkcs12: Mapped[bytes | None] = mapped_column(LargeBinary)
    token_label: Mapped[str] = mapped_column(String(100), default="")
    key_label: Mapped[str] = mapped_column(String(100), default="")
    provider: Mapped[str] = mapped_column(String(40), default="")
    remote_ref: Mapped[str] = mapped_column(String(200), default="")
    sign_algorithm: Mapped[str] = mapped_column(String(40), default="")
    sealed_secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column()


class DocumentSignature(Base):
    """One signature applied by the platform: which version it produced, by whom, how."""

    __tablename__ = "document_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    role: Mapped[SignatureRole] = mapped_column(str_enum(SignatureRole, "signature_role"))
    level: Mapped[SignatureLevel] = mapped_column(str_enum(SignatureLevel, "signature_level"))
    kind: Mapped[CredentialKind] = mapped_column(str_enum(CredentialKind, "credential_kind"))
    subject: Mapped[str] = mapped_column(String(500))
    # In what capacity, as the stamp says: "TM. HỘI ĐỒNG NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    capacity: Mapped[str] = mapped_column(String(300), default="")
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("document_id", "role"),)


class NumberSequence(Base):
    """The council's register: one counter per series ("NQ", "BB", ...) and year. Numbers are
    taken inside the issuing transaction, so a rollback returns them and none is ever reused."""

    __tablename__ = "number_sequences"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="RESTRICT"))
    series: Mapped[str] = mapped_column(String(20))
    year: Mapped[int]
    last: Mapped[int] = mapped_column(default=0)

    __table_args__ = (UniqueConstraint("council_id", "series", "year"),)


class SigningRequest(Base):
    """A signature made elsewhere, awaited: the prepared PDF (in storage) and what the key must
    sign. With a remote credential the platform asks the provider and polls for the signer's
    approval (``handle``, and the sealed access of this one signing); otherwise the signer's
    device sends the value back."""

    __tablename__ = "signing_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[SignatureRole] = mapped_column(str_enum(SignatureRole, "signature_role"))
    level: Mapped[SignatureLevel] = mapped_column(str_enum(SignatureLevel, "signature_level"))
    base_version: Mapped[int]
    object_key: Mapped[str] = mapped_column(String(100), unique=True)
    document_digest: Mapped[bytes] = mapped_column(LargeBinary)
    reserved_start: Mapped[int]
    reserved_end: Mapped[int]
    signed_attrs: Mapped[bytes] = mapped_column(LargeBinary)
    certificate: Mapped[bytes] = mapped_column(LargeBinary)
    subject: Mapped[str] = mapped_column(String(500))
    capacity: Mapped[str] = mapped_column(String(300), default="")  # as its stamp says
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    completed_at: Mapped[datetime | None] = mapped_column()
    status: Mapped[RequestStatus] = mapped_column(
        str_enum(RequestStatus, "signing_request_status"), default=RequestStatus.waiting
    )
    reason: Mapped[str] = mapped_column(String(200), default="")
    credential_id: Mapped[int | None] = mapped_column(
        ForeignKey("signing_credentials.id", ondelete="SET NULL")
    )
    handle: Mapped[str] = mapped_column(String(500), default="")
    sealed_access: Mapped[bytes | None] = mapped_column(LargeBinary)
    # One poll of the provider at a time: the page, the API and the worker all ask.
    lease_until: Mapped[datetime | None] = mapped_column()


class DeskTicket(Base):
    """What the signing command on the signer's own computer presents: one document, one
    signer, a short while. Only its hash is kept; it prepares one request, whose signature
    it then carries back."""

    __tablename__ = "desk_tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("signing_requests.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()

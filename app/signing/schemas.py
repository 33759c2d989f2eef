from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.db import DbInt
from app.documents.models import DocumentType


class TrustAnchorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    subject: str
    fingerprint: str


class CredentialOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    subject: str
    not_after: datetime


class TokenCredentialCreate(BaseModel):
    token_label: str = Field(min_length=1, max_length=100)
    key_label: str = Field(min_length=1, max_length=100)
    pin: str = Field(min_length=1, max_length=64)


class RemoteCredentialCreate(BaseModel):
    """An account at a remote-signing provider; the password is used once, not kept."""

    provider: str = Field(min_length=1, max_length=40)
    username: str = Field(default="", max_length=200)
    password: str = Field(default="", max_length=200)
    credential_id: str = Field(default="", max_length=200)  # the provider's key; first if empty
    # or tokens from the provider's own OAuth sign-in, instead of the user name and password
    refresh_token: str = Field(default="", max_length=4000)
    access_token: str = Field(default="", max_length=4000)


class NumberRequest(BaseModel):
    despite_vote: bool = False  # issue a draft the council voted down (audited)


class SignRequest(BaseModel):
    passphrase: str | None = Field(default=None, max_length=256)
    pin: str | None = Field(default=None, max_length=64)
    credential_id: DbInt | None = None


class SignedOut(BaseModel):
    id: int  # the new, signed version
    document_id: DbInt
    version: int
    sha256: str


class SigningRequestOut(BaseModel):
    """A signature awaited: from the signer's device, or their approval at a provider."""

    model_config = ConfigDict(from_attributes=True)

    signing_request_id: int = Field(validation_alias="id")
    document_id: int
    status: Literal["waiting", "signed", "refused", "expired", "cancelled"]
    reason: str
    expires_at: datetime


class NumberedOut(SignedOut):
    number: str
    verification_url: str


class DeferredCreate(BaseModel):
    certificate: str = Field(min_length=1, max_length=20_000, description="PEM (or base64 DER)")


class DeferredOut(BaseModel):
    id: int
    hash_algorithm: Literal["sha256"] = "sha256"
    data_to_sign: str  # base64 DER of the CMS signed attributes
    digest: str  # base64 SHA-256 of data_to_sign
    expires_at: datetime


class DeskTicketOut(BaseModel):
    id: int
    command: str  # what the signer runs on their computer: holds the one-time ticket
    expires_at: datetime


class DeskTicketStatus(BaseModel):
    id: int
    status: Literal["device", "waiting", "signed", "refused", "expired", "cancelled"]


class TicketInfoOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    document_id: int
    title: str
    number: str
    signer: str
    expires_at: datetime


class DeferredComplete(BaseModel):
    signature: str = Field(min_length=1, max_length=200_000, description="base64")
    format: Literal["raw", "cms"] = "raw"


class VerificationOut(BaseModel):
    indication: str
    sub_indication: str = ""
    unsigned_tail: int = 0  # bytes appended after the signed document
    signatures: list[dict[str, Any]]
    sha256: str
    matches_record: bool | None = None


class RegisterEntry(BaseModel):
    """A line of the register of issued documents (sổ văn bản đi)."""

    id: int
    number: str
    day: date  # issued (sealed), else numbered
    doc_type: DocumentType
    title: str
    meeting_id: int
    meeting_title: str
    signers: list[str]
    status: Literal["numbered", "certified", "issued", "published"]

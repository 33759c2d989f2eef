from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.db import DbInt
from app.documents.errors import InvalidAudience
from app.documents.models import Classification, DocumentType, SecretLevel

Text500 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class DocumentFields(BaseModel):
    """The form fields that come with an uploaded file."""

    model_config = ConfigDict(extra="forbid")

    title: Text500
    classification: Classification
    doc_type: DocumentType = DocumentType.other
    number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""
    agenda_item_id: DbInt | None = None
    # the Ban (or the Standing Committee) issuing it; default: the meeting's Ban, else the council
    issuer_body_id: DbInt | None = None
    # "body:3" or "user:7", repeated or comma-separated: who a restricted document is for.
    audience: list[str] = Field(default_factory=list, max_length=200)
    secrecy_override_reason: Annotated[str, StringConstraints(max_length=400)] = ""

    def audience_refs(self) -> list[tuple[Literal["body", "user"], int]]:
        refs: list[tuple[Literal["body", "user"], int]] = []
        for token in (p.strip() for raw in self.audience for p in raw.split(",")):
            if not token:
                continue
            kind, _, ident = token.partition(":")
            if kind not in ("body", "user") or not ident.isdigit():
                raise InvalidAudience()
            refs.append(("body" if kind == "body" else "user", int(ident)))
        return refs


class UploadResult(BaseModel):
    id: int
    version: int
    sha256: str
    size: int
    pages: int


class DocumentOut(BaseModel):
    id: int
    meeting_id: DbInt
    agenda_item_id: DbInt | None
    title: str
    doc_type: DocumentType
    number: str
    classification: Classification
    version: int
    sha256: str
    size: int
    pages: int
    filename: str
    updated_at: datetime
    badge: Literal["new", "updated", "seen"]


class VersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    sha256: str
    size: int
    pages: int
    filename: str
    created_at: datetime
    secrecy_override: str


class PaperDocumentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Text500
    secrecy: SecretLevel
    copies: int = Field(gt=0, le=1000)
    recipients: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] = ""
    agenda_item_id: DbInt | None = None


class PaperDocumentUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recipients: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] | None = (
        None
    )
    returned: bool | None = None
    copies: int | None = Field(default=None, gt=0, le=1000)


class PaperDocumentOut(BaseModel):
    id: int
    meeting_id: DbInt
    agenda_item_id: DbInt | None
    title: str
    secrecy: SecretLevel
    copies: int
    recipients: str
    returned: bool
    notice: str


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, StringConstraints(max_length=10_000)]


class NoteOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    page: int
    text: str
    updated_at: datetime

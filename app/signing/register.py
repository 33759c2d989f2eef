"""The register of issued documents (sổ văn bản đi): every document the council numbered for
issue, in its series and year, with who signed it and where it stands; searchable and
exported as a workbook for the office's archive."""

from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.service import RequestMeta
from app.directory.models import Council
from app.documents import service as documents
from app.documents.models import Document
from app.i18n import VIETNAM_TZ, Lang, t
from app.i18n.text import fold
from app.meetings import service as meetings
from app.meetings.models import Meeting, MeetingKind, MeetingStatus
from app.security import policy
from app.security.actor import Actor
from app.signing.models import DocumentSignature, SignatureRole
from app.signing.schemas import RegisterEntry
from app.signing.service import verification_url
from app.storage import ObjectStore

LANG: Lang = "vi"  # the register is an official record
PACKAGE_PDF = "van-ban.pdf"


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    start = datetime.combine(date(year, 1, 1), time(), VIETNAM_TZ).astimezone(UTC)
    end = datetime.combine(date(year + 1, 1, 1), time(), VIETNAM_TZ).astimezone(UTC)
    return start, end


def entries(
    db: Session, *, actor: Actor, council_id: int, year: int, q: str = ""
) -> list[RegisterEntry]:
    """The year's numbered documents the actor may read, in the order of their series and
    number; `q` finds words of the title or the number, with or without diacritics."""
    start, end = _year_bounds(year)
    day = func.coalesce(Document.issued_at, Document.updated_at)
    rows = db.execute(
        policy.visible_documents(
            actor,
            select(Document, Meeting.title)
            .join(Meeting, Meeting.id == Document.meeting_id)
            .where(
                Document.council_id == council_id,
                Document.verify_code.is_not(None),
                day >= start,
                day < end,
            ),
        )
    ).all()
    signed: dict[int, list[tuple[SignatureRole, str]]] = defaultdict(list)
    for document_id, role, subject, capacity in db.execute(
        select(
            DocumentSignature.document_id,
            DocumentSignature.role,
            DocumentSignature.subject,
            DocumentSignature.capacity,
        )
        .where(DocumentSignature.document_id.in_([d.id for d, _ in rows]))
        .order_by(DocumentSignature.signed_at)
    ):
        signed[document_id].append((role, f"{subject} ({capacity})" if capacity else subject))
    words = fold(q).split()[:8]
    out = []
    for document, meeting_title in rows:
        if words and not all(w in fold(f"{document.number} {document.title}") for w in words):
            continue
        out.append(
            RegisterEntry(
                id=document.id,
                number=document.number,
                day=(document.issued_at or document.updated_at).astimezone(VIETNAM_TZ).date(),
                doc_type=document.doc_type,
                title=document.title,
                meeting_id=document.meeting_id,
                meeting_title=meeting_title,
                signers=[subject for _role, subject in signed[document.id]],
                status=_status(document, signed[document.id]),
            )
        )
    return sorted(out, key=_order)


def register_meeting(
    db: Session, *, actor: Actor, council: Council, year: int, meta: RequestMeta
) -> int:
    """Where the documents the council issues outside any session are kept: one meeting of
    its Standing Committee a year, convened (its published documents reach the portal; its
    members read the rest), made the first time. Numbering, signing and publishing then work
    as for a session's documents."""
    title = t("register.meeting_title", LANG, year=year)
    found = db.scalar(
        select(Meeting.id).where(
            Meeting.council_id == council.id,
            Meeting.kind == MeetingKind.standing_committee,
            Meeting.title == title,
        )
    )
    if found is not None:
        return found
    meeting = meetings.standing_committee_meeting(
        db,
        actor=actor,
        council=council,
        title=title,
        meta=meta,
        starts_at=datetime.combine(date(year, 1, 1), time(8), VIETNAM_TZ),
    )
    meeting.status = MeetingStatus.convened  # a register, not a sitting: nobody is invited
    db.flush()
    return meeting.id


def _status(document: Document, signatures: list[tuple[SignatureRole, str]]) -> str:
    if document.published_at is not None:
        return "published"
    if document.issued_at is not None:
        return "issued"
    return "certified" if signatures else "numbered"


def _order(entry: RegisterEntry) -> tuple[str, int, str]:
    """By series, then by the number's own order (2 before 10)."""
    serial, _, series = entry.number.partition("/")
    return series, int(serial) if serial.isdigit() else 0, entry.number


def workbook(council_name: str, year: int, rows: list[RegisterEntry]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = t("register.sheet", LANG, year=year)
    sheet.append([t("register.title_of", LANG, council=council_name, year=year)])
    header = ["number", "day", "type", "title", "signers", "status", "meeting"]
    sheet.append([t(f"register.col_{key}", LANG) for key in header])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                row.number,
                row.day,
                t(f"doctype.{row.doc_type.value}", LANG),
                row.title,
                "; ".join(row.signers),
                t(f"register.status.{row.status}", LANG),
                row.meeting_title,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Package:
    """What the office's document-management system imports: the issued PDF and its record."""

    object_key: str
    metadata: dict[str, object]
    filename: str


def package_of(db: Session, actor: Actor, document_id: int, base_url: str) -> Package:
    """An issued document's record for another system (a short read; the bytes come after)."""
    document = policy.issued_document_for_office(db, actor, document_id)
    assert document.issued_at is not None  # the policy answered for it
    version = documents.current_version(db, document=document)
    council = db.get_one(Council, document.council_id)
    signatures = db.scalars(
        select(DocumentSignature)
        .where(DocumentSignature.document_id == document.id)
        .order_by(DocumentSignature.signed_at)
    ).all()
    metadata: dict[str, object] = {
        "issuer": council.name,
        "number": document.number,
        "issued_at": document.issued_at.isoformat(),
        "doc_type": document.doc_type.value,
        "doc_type_name": t(f"doctype.{document.doc_type.value}", LANG),
        "title": document.title,
        "classification": document.classification.value,
        "published": document.published_at is not None,
        "signers": [
            {
                "role": s.role.value,
                "subject": s.subject,
                "capacity": s.capacity,
                "level": s.level.value,
                "signed_at": s.signed_at.isoformat(),
            }
            for s in signatures
        ],
        "file": {"name": PACKAGE_PDF, "sha256": version.sha256, "size": version.size},
        "verification_url": verification_url(base_url, document.verify_code or ""),
    }
    slug = document.number.replace("/", "-") or str(document.id)
    return Package(version.object_key, metadata, f"van-ban-{slug}.zip")


def write_package(store: ObjectStore, package: Package, tmp_dir: Path) -> bytes:
    """The ZIP (the PDF as stored, byte for byte, and metadata.json), made holding nothing."""
    with documents.scratch_file(tmp_dir, PACKAGE_PDF) as pdf:
        documents.download(store, package.object_key, pdf)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(pdf, PACKAGE_PDF)
            archive.writestr(
                "metadata.json", json.dumps(package.metadata, ensure_ascii=False, indent=2)
            )
    return out.getvalue()

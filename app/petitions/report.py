"""The report to a session of the petitions handled since the previous session (báo cáo kết
quả giải quyết kiến nghị cử tri): a Word document the office edits, stored as one of the
meeting's documents and converted to PDF by the upload pipeline."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from docx.shared import Cm
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.directory.models import Council
from app.documents import service as documents
from app.documents.models import Classification, DocumentType
from app.documents.schemas import DocumentFields
from app.floor.minutes import official_docx
from app.floor.records import LANG
from app.i18n import local_time, t
from app.meetings.models import SESSION_KINDS, Meeting
from app.petitions.models import Petition, PetitionStatus
from app.petitions.service import views

COLUMN_WIDTHS_CM = (1.0, 6.5, 2.5, 3.0, 5.0)  # #, content, area, agency, answer: A4 portrait
HANDLED = (PetitionStatus.answered, PetitionStatus.resolved, PetitionStatus.rejected)


def previous_session_start(db: Session, meeting: Meeting) -> datetime | None:
    return db.scalar(
        select(Meeting.starts_at)
        .where(
            Meeting.council_id == meeting.council_id,
            Meeting.kind.in_(SESSION_KINDS),
            Meeting.starts_at < meeting.starts_at,
            Meeting.id != meeting.id,
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )


def handled_since(db: Session, meeting: Meeting) -> Sequence[Petition]:
    """Answered, resolved or rejected after the previous session began (all, for the first)."""
    since = previous_session_start(db, meeting)
    stmt = select(Petition).where(
        Petition.council_id == meeting.council_id, Petition.status.in_(HANDLED)
    )
    if since is not None:
        stmt = stmt.where(or_(Petition.answered_at >= since, Petition.closed_at >= since))
    return db.scalars(stmt.order_by(Petition.field, Petition.id)).all()


def write_report(db: Session, meeting: Meeting, dst: Path) -> None:
    council = db.get_one(Council, meeting.council_id)
    rows = views(db, handled_since(db, meeting))
    since = previous_session_start(db, meeting)
    doc = official_docx(council, t("petitions.report_title", LANG), meeting.title)
    period = local_time(since, False) if since else t("petitions.report_from_start", LANG)
    doc.add_paragraph(
        t(
            "petitions.report_summary",
            LANG,
            since=period,
            total=len(rows),
            answered=sum(1 for r in rows if r.status is not PetitionStatus.rejected),
            rejected=sum(1 for r in rows if r.status is PetitionStatus.rejected),
        )
    )
    headers = ("#", "petitions.content", "petitions.area", "petitions.agency", "petitions.answer")
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, key in zip(table.rows[0].cells, headers, strict=True):
        cell.text = key if key == "#" else t(key, LANG)
    for number, row in enumerate(rows, 1):
        result = row.answer or f"{t('petitions.status.rejected', LANG)}: {row.reject_reason}"
        cells = table.add_row().cells
        cells[0].text = str(number)
        topic = f"{row.topic} · " if row.topic else ""
        cells[1].text = f"[{topic}{t('petitions.field.' + row.field.value, LANG)}] {row.content}"
        cells[2].text = row.area
        cells[3].text = row.agency or ""
        cells[4].text = result
    for column, width in zip(table.columns, COLUMN_WIDTHS_CM, strict=True):
        for cell in column.cells:
            cell.width = Cm(width)
    doc.save(str(dst))


@contextmanager
def draft(db: Session, meeting: Meeting, tmp_dir: Path) -> Iterator[Path]:
    with documents.scratch_file(tmp_dir, "bao-cao-kien-nghi.docx") as path:
        write_report(db, meeting, path)
        yield path


def document_fields(meeting: Meeting) -> DocumentFields:
    """Public, as councils publish these answers."""
    return DocumentFields(
        title=t("petitions.report_document_title", LANG, title=meeting.title)[:300],
        doc_type=DocumentType.report,
        classification=Classification.public,
    )

"""The draft minutes (biên bản kỳ họp) assembled from the meeting's data: time and place,
attendance, the agenda with its speakers and votes. A Word document the office edits; stored
as a meeting document it is also converted to PDF (by the upload pipeline) for signing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from docx import Document as Docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from sqlalchemy.orm import Session

from app.directory.models import Council
from app.documents import service as documents
from app.documents.models import Classification, DocumentType
from app.documents.schemas import DocumentFields
from app.floor import records
from app.floor import service as floor
from app.floor import votes as voting
from app.floor.models import Presence, SpeechStatus
from app.floor.records import LANG, record_paragraphs
from app.i18n import local_time, t
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.security import policy

FONT = "Times New Roman"  # what the office's Word has; LibreOffice substitutes on the server
NATIONAL_HEADING = (
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
    ("Độc lập – Tự do – Hạnh phúc", False),
)


def official_docx(council: Council, title: str, subject: str) -> DocxDocument:
    """A Word document in the official font, headed by the council, the national motto, the
    document's title and its subject, centred."""
    doc = Docx()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    issuer = f"HỘI ĐỒNG NHÂN DÂN {council.name.removeprefix('HĐND ').upper()}"
    for text, bold in ((issuer, True), *NATIONAL_HEADING, (title, True), (subject, True)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold
    return doc


def write_minutes(db: Session, meeting: Meeting, dst: Path) -> None:
    council = db.get_one(Council, meeting.council_id)
    doc = Docx()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)

    def centred(text: str, *, bold: bool = False, size: int = 13) -> None:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(size)

    def heading(text: str) -> None:
        doc.add_paragraph().add_run(text).bold = True

    for line in records.issuer(db, meeting):
        centred(line, bold=True)
    for text, bold in NATIONAL_HEADING:
        centred(text, bold=bold)
    centred(t("minutes.title", LANG), bold=True, size=15)
    centred(meeting.title, bold=True)

    heading(t("minutes.when_where", LANG))
    doc.add_paragraph(
        t(
            "minutes.when_where_text",
            LANG,
            when=local_time(meeting.starts_at, with_seconds=False),
            where=meeting.location or "—",
        )
    )
    heading(t("minutes.attendance", LANG))
    quorum = floor.quorum(db, meeting)
    doc.add_paragraph(
        t("minutes.attendance_text", LANG, total=quorum.total, present=quorum.present)
    )
    rows = floor.attendance(db, meeting)
    online = [r.full_name for r in rows if r.online]
    if online:
        note = "" if quorum.online_counts else f" ({t('floor.online_not_counted', LANG)})"
        doc.add_paragraph(t("minutes.online", LANG, names=", ".join(online), note=note))
    for presence in (Presence.excused, Presence.absent):
        names = [
            r.full_name + (f" ({r.reason})" if r.reason else "")
            for r in rows
            if r.presence is presence
        ]
        if names:
            doc.add_paragraph(f"{t(f'floor.{presence.value}', LANG)}: {', '.join(names)}.")

    heading(t("minutes.proceedings", LANG))
    votes = voting.votes_of(db, meeting)
    speeches = [s for s in floor.speaker_rows(db, meeting) if s.status is not SpeechStatus.waiting]
    items = [
        (item.id, f"{item.position}. {item.title}") for item in meetings.agenda(db, meeting=meeting)
    ]
    for item_id, title in [*items, (None, t("minutes.other", LANG))]:
        said = [s for s in speeches if s.agenda_item_id == item_id]
        decided = [v for v in votes if v.agenda_item_id == item_id and v.status.value != "draft"]
        if item_id is not None or said or decided:
            doc.add_paragraph().add_run(title).italic = True
        for s in said:
            doc.add_paragraph(
                t("floor.kind." + s.kind.value, LANG)
                + f": {s.full_name}"
                + (f" — {s.topic}" if s.topic else ""),
                style="List Bullet",
            )
        for vote in decided:
            for line in record_paragraphs(voting.result(db, vote, viewer=None), meeting)[2:]:
                doc.add_paragraph(line, style="List Bullet")

    chair = policy.presiding_chair(db, council.id)
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = t("minutes.secretary", LANG)
    right.text = f"TM. CHỦ TỌA KỲ HỌP\nCHỦ TỊCH\n\n\n\n{chair.full_name if chair else ''}"
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.bold = True
    doc.save(str(dst))


@contextmanager
def draft(db: Session, meeting: Meeting, tmp_dir: Path) -> Iterator[Path]:
    with documents.scratch_file(tmp_dir, "bien-ban-ky-hop.docx") as path:
        write_minutes(db, meeting, path)
        yield path


def document_fields(meeting: Meeting) -> DocumentFields:
    """The draft minutes as a meeting document (internal until the session approves them)."""
    return DocumentFields(
        title=t("minutes.document_title", LANG, title=meeting.title)[:300],
        doc_type=DocumentType.minutes,
        classification=Classification.internal,
    )

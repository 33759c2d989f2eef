"""The report of a written opinion collection (báo cáo kết quả lấy ý kiến): the question
totals against the delegates asked (and, for a decision, against the delegates in office),
who answered and who did not (named forms), the written answers and the comments on the
drafts. A Word document the office edits, filed as a meeting document (the upload pipeline
makes its PDF) to be numbered and signed like any other."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.service import RequestMeta
from app.directory.models import Council
from app.documents import service as documents
from app.documents.models import Classification, Document, DocumentType
from app.documents.schemas import DocumentFields
from app.floor.minutes import official_docx
from app.floor.records import LANG
from app.i18n import local_time, t
from app.meetings import service as meetings
from app.opinions import service as opinions
from app.opinions.models import OpinionForm
from app.security.actor import Actor
from app.security.sealing import Sealer


def filing_meeting(db: Session, *, actor: Actor, form: OpinionForm, meta: RequestMeta) -> int:
    """Where the report is filed: the meeting whose drafts were asked about, else a meeting of
    the Standing Committee made for it (a draft, seen by the office only)."""
    opinions.ensure_counted(form)
    if form.meeting_id is not None:
        return form.meeting_id
    meeting = meetings.standing_committee_meeting(
        db,
        actor=actor,
        council=db.get_one(Council, form.council_id),
        title=t("opinions.filing_meeting", LANG, title=form.title),
        meta=meta,
    )
    form.meeting_id = meeting.id
    return meeting.id


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.2f}".replace(".", ",") if total else "0"


def write_report(db: Session, form: OpinionForm, box: Sealer, dst: Path) -> None:
    council = db.get_one(Council, form.council_id)
    out = opinions.describe(db, form, None, box)
    doc = official_docx(council, t("opinions.report_title", LANG), form.title)
    doc.add_paragraph(
        t(
            "opinions.report_summary",
            LANG,
            deadline=local_time(form.deadline, with_seconds=False),
            asked=out.asked,
            answered=out.answered,
            pct=_pct(out.answered, out.asked),
            secret=t("opinions.secret" if form.secret else "opinions.named", LANG),
        )
    )
    for q in out.questions:
        doc.add_paragraph().add_run(f"{q.number}. {q.text}").bold = True
        if q.approve is not None:
            for key, n in (("approve", q.approve), ("against", q.against), ("other", q.other)):
                doc.add_paragraph(
                    t(
                        "opinions.report_count",
                        LANG,
                        choice=t(f"opinions.choice.{key}", LANG),
                        n=n or 0,
                        asked=out.asked,
                        pct=_pct(n or 0, out.asked),
                    ),
                    style="List Bullet",
                )
        if q.passed is not None:
            doc.add_paragraph(
                t(
                    "opinions.report_decision",
                    LANG,
                    n=q.approve or 0,
                    total=out.total_delegates,
                    pct=_pct(q.approve or 0, out.total_delegates),
                    outcome=t("floor.passed" if q.passed else "floor.not_passed", LANG),
                )
            )
        for text in q.texts or []:
            doc.add_paragraph(f"– {text}")
    if isinstance(out.not_answered, list) and out.answered_names is not None:
        doc.add_paragraph().add_run(t("opinions.answered_list", LANG)).bold = True
        doc.add_paragraph(", ".join(p.full_name for p in out.answered_names) or "—")
        doc.add_paragraph().add_run(t("opinions.not_answered_list", LANG)).bold = True
        doc.add_paragraph(", ".join(p.full_name for p in out.not_answered) or "—")
    comments = opinions.comments_of(db, form, None, box)
    if comments:
        doc.add_paragraph().add_run(t("opinions.comments", LANG)).bold = True
        asked_about = {c.document_id for c in comments if c.document_id}
        titles = dict(
            db.execute(select(Document.id, Document.title).where(Document.id.in_(asked_about)))
            .tuples()
            .all()
        )
        for c in comments:
            where = ", ".join(
                part
                for part in (
                    titles.get(c.document_id or 0, ""),
                    c.article,
                    t("opinions.page", LANG, page=c.page) if c.page else "",
                )
                if part
            )
            who = f"{c.full_name}: " if c.full_name else ""
            doc.add_paragraph(f"{who}{c.text}" + (f" ({where})" if where else ""))
    doc.save(str(dst))


@contextmanager
def draft(db: Session, form: OpinionForm, box: Sealer, tmp_dir: Path) -> Iterator[Path]:
    with documents.scratch_file(tmp_dir, "bao-cao-ket-qua-lay-y-kien.docx") as path:
        write_report(db, form, box, path)
        yield path


def document_fields(form: OpinionForm) -> DocumentFields:
    return DocumentFields(
        title=t("opinions.report_document_title", LANG, title=form.title)[:300],
        doc_type=DocumentType.report,
        classification=Classification.internal,
    )

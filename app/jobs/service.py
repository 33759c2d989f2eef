"""Running background jobs: each claimed, run outside any transaction, then recorded. A job
that fails is retried a few times, then shown as failed; none runs twice at once."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app import pdf
from app.audit.service import RequestMeta
from app.db import utcnow
from app.documents import ocr
from app.documents import service as documents
from app.documents.models import Document, DocumentVersion
from app.jobs.models import Job, JobKind, JobStatus
from app.search import service as search
from app.storage import ObjectStore

MAX_ATTEMPTS = 3
WORKER_META = RequestMeta(ip="worker", user_agent="kyhop worker")


def progress(db: Session, document_ids: list[int]) -> dict[int, Job]:
    """The latest job of each document, for the office pages."""
    jobs = db.scalars(select(Job).where(Job.document_id.in_(document_ids)).order_by(Job.id)).all()
    return {job.document_id: job for job in jobs}


def run_due(factory: sessionmaker[Session], store: ObjectStore, tmp_dir: Path) -> int:
    """Run every pending job; returns how many finished."""
    finished = 0
    while (job_id := _claim(factory)) is not None:
        _run(factory, store, tmp_dir, job_id)
        finished += 1
    return finished


def _claim(factory: sessionmaker[Session]) -> int | None:
    with factory() as db, db.begin():
        job = db.scalar(
            select(Job)
            .where(Job.status == JobStatus.pending)
            .order_by(Job.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if job is None:
            return None
        job.status, job.started_at, job.progress = JobStatus.running, utcnow(), 10
        job.attempts += 1
        return job.id


def _run(factory: sessionmaker[Session], store: ObjectStore, tmp_dir: Path, job_id: int) -> None:
    with factory() as db:
        job = db.get_one(Job, job_id)
        version = db.scalar(
            select(DocumentVersion).where(
                DocumentVersion.document_id == job.document_id,
                DocumentVersion.version == job.version,
            )
        )
        key = version.object_key if version else None
    text, error = "", ""
    if key is not None and job.kind is JobKind.ocr:
        tmp_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=tmp_dir) as work:
            source = Path(work, "source.pdf")
            documents.download(store, key, source)
            try:
                text = ocr.recognise(source, Path(work))
            except ocr.OcrFailed as exc:
                error = str(exc)[:500]
    purged: list[str] = []
    with factory() as db, db.begin():
        job = db.get_one(Job, job_id)
        if error or key is None:
            job.error = error or "the document version is gone"
            job.status = JobStatus.failed if job.attempts >= MAX_ATTEMPTS else JobStatus.pending
            job.progress = 0
            return
        purged = _record_text(db, job, text)
        if not purged:
            job.progress, job.finished_at = 100, utcnow()
    for object_key in purged:  # the rows are gone (committed): now the files
        store.delete(object_key)


def _record_text(db: Session, job: Job, text: str) -> list[str]:
    """Keep the recognised text; a scan that turns out to be state-secret is purged instead
    (its object keys are returned for deletion after the commit)."""
    version = db.scalar(
        select(DocumentVersion).where(
            DocumentVersion.document_id == job.document_id,
            DocumentVersion.version == job.version,
        )
    )
    document = db.get_one(Document, job.document_id)
    assert version is not None
    version.text = text
    if document.current_version == job.version:
        search.index(db, document, text)
    job.status = JobStatus.done
    mark = pdf.find_secrecy_mark_in_scan(text.split("\f", 1)[0])
    if mark is None or version.secrecy_override:
        return []
    # the scan carries what the upload check could not read: it must not stay stored
    return documents.purge_secret(db, document=document, mark=mark, meta=WORKER_META)

"""The council's digital-transformation indicators for any period, each with the records
behind it and its month-by-month series; the workbook, the charts, the report to file and
sign; the same added up over the province's councils for its administrator."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from app.api import files
from app.api.deps import AppSettings, From, Store, To
from app.db import Db, DbInt, DbSession
from app.directory.models import Council
from app.documents import intake
from app.documents.schemas import DocumentFields
from app.i18n import t
from app.indicators import report
from app.indicators import service as indicators
from app.indicators.schemas import EvidenceRow, Indicators
from app.meetings import service as meetings
from app.meetings.models import Meeting
from app.security import policy
from app.security.actor import Actor
from app.security.auth import CurrentActor, Meta, ShortActor

router = APIRouter(tags=["indicators"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportFiled(BaseModel):
    document_id: int
    meeting_id: int


def _council(
    db: Session,
    actor: Actor,
    council_id: int,
    start: date | None,
    end: date | None,
    keys: Iterable[str] = indicators.INDICATORS,
) -> tuple[Council, dict[str, list[EvidenceRow]], Indicators]:
    """The council's indicators named by `keys` for the period, with the records behind them
    (read once)."""
    council = policy.council_for_staff(db, actor, council_id)
    scope = indicators.scope_of([council.id], start, end)
    query = f"from={scope.period.start}&to={scope.period.end}"
    base = f"/api/councils/{council.id}/indicators"
    rows = indicators.all_evidence(db, scope, keys)
    data = indicators.compute(db, scope, lambda key: f"{base}/{key}/evidence?{query}", rows)
    return council, rows, data


@router.get("/api/councils/{council_id}/indicators", response_model=Indicators)
def council_indicators(
    council_id: DbInt, actor: CurrentActor, db: DbSession, start: From = None, end: To = None
) -> Indicators:
    """Each indicator's value (a share of its denominator, or a count), its numerator and
    denominator, the link to its evidence, and its value month by month."""
    return _council(db, actor, council_id, start, end)[2]


@router.get(
    "/api/councils/{council_id}/indicators/{key}/evidence", response_model=list[EvidenceRow]
)
def evidence(
    council_id: DbInt,
    key: str,
    actor: CurrentActor,
    db: DbSession,
    start: From = None,
    end: To = None,
) -> list[EvidenceRow]:
    """The records behind one indicator: what each adds to its numerator and denominator."""
    council = policy.council_for_staff(db, actor, council_id)
    return indicators.evidence(db, indicators.scope_of([council.id], start, end), key)


@router.get("/api/councils/{council_id}/indicators.xlsx")
def workbook(
    council_id: DbInt, actor: CurrentActor, db: DbSession, start: From = None, end: To = None
) -> Response:
    council, rows, data = _council(db, actor, council_id, start, end)
    return files.attachment(
        report.workbook(council.name, data, rows), XLSX, f"chi-tieu-{data.start}-{data.end}.xlsx"
    )


@router.get("/api/councils/{council_id}/indicators/{key}/chart.png")
def chart(
    council_id: DbInt,
    key: str,
    actor: CurrentActor,
    db: DbSession,
    start: From = None,
    end: To = None,
) -> Response:
    # one indicator's evidence, not twelve: the page loads a chart per indicator
    data = _council(db, actor, council_id, start, end, [key])[2]
    return Response(
        report.chart(indicators.one(data, key)),
        media_type="image/png",
        headers={"cache-control": "private, no-store"},
    )


@router.get("/api/councils/{council_id}/indicators/report.docx")
def report_draft(
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    settings: AppSettings,
    start: From = None,
    end: To = None,
) -> Response:
    """The report as a Word document to edit before filing it."""
    council, _, data = _council(db, actor, council_id, start, end)
    with report.draft(council, data, settings.tmp_dir) as path:
        content = path.read_bytes()
    return files.attachment(content, DOCX, f"bao-cao-chi-tieu-{data.start}-{data.end}.docx")


@router.post(
    "/api/councils/{council_id}/indicators/report", response_model=ReportFiled, status_code=201
)
def file_report(
    council_id: DbInt,
    actor: ShortActor,
    database: Db,
    store: Store,
    meta: Meta,
    settings: AppSettings,
    start: From = None,
    end: To = None,
) -> ReportFiled:
    """The report (DOCX to edit, its PDF to number and sign) filed in a meeting of the
    Standing Committee made for it."""
    meeting_id = database.write(
        lambda db: (
            meetings.standing_committee_meeting(
                db,
                actor=actor,
                council=policy.council_for_staff(db, actor, council_id),
                title=t("indicators.filing_meeting", "vi"),
                meta=meta,
            ).id
        )
    )

    def prepare(db: Session) -> tuple[Meeting, DocumentFields, AbstractContextManager[Path]]:
        council, _, data = _council(db, actor, council_id, start, end)
        meeting = policy.meeting_for_write(db, actor, meeting_id)
        return meeting, report.document_fields(data), report.draft(council, data, settings.tmp_dir)

    document = intake.add_draft(
        database,
        store,
        actor=actor,
        prepare=prepare,
        recheck=lambda db: policy.meeting_for_write(db, actor, meeting_id),
        meta=meta,
        tmp_dir=settings.tmp_dir,
    )
    return ReportFiled(document_id=document.id, meeting_id=meeting_id)


@router.get("/api/provinces/indicators", response_model=Indicators)
def province(actor: CurrentActor, db: DbSession, start: From = None, end: To = None) -> Indicators:
    """The same indicators over every council of the deployment (the administrator's)."""
    policy.require_admin(actor)
    scope = indicators.scope_of(indicators.council_ids(db), start, end)
    query = f"from={scope.period.start}&to={scope.period.end}"
    return indicators.compute(
        db, scope, lambda key: f"/api/provinces/indicators/{key}/evidence?{query}"
    )


@router.get("/api/provinces/indicators/{key}/evidence", response_model=list[EvidenceRow])
def province_evidence(
    key: str, actor: CurrentActor, db: DbSession, start: From = None, end: To = None
) -> list[EvidenceRow]:
    policy.require_admin(actor)
    return indicators.evidence(db, indicators.scope_of(indicators.council_ids(db), start, end), key)

"""Attendance and votes as spreadsheets: CSV (UTF-8 with a BOM, so Excel reads Vietnamese)
and XLSX. Column headings come from the catalog; secret votes export totals only."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook
from sqlalchemy.orm import Session

from app.floor import service as floor
from app.floor import votes as voting
from app.floor.models import Presence, Vote
from app.i18n import local_time, t
from app.meetings.models import Meeting

Table = tuple[list[str], list[list[object]]]


def _presence(row: floor.AttendanceRow) -> str:
    if row.presence is None:
        return t("floor.not_marked")
    if row.presence is Presence.present:
        return t("floor.present_online" if row.online else "floor.present_hall")
    return t(f"floor.{row.presence.value}")


def attendance_table(db: Session, meeting: Meeting) -> Table:
    headers = [
        t(f"export.{c}") for c in ("full_name", "position", "presence", "method", "reason", "at")
    ]
    rows: list[list[object]] = [
        [
            r.full_name,
            r.position,
            _presence(r),
            t(f"export.method.{r.method.value}") if r.method else "",
            r.reason,
            local_time(r.at) if r.at else "",
        ]
        for r in floor.attendance(db, meeting)
    ]
    return headers, rows


def votes_table(db: Session, votes: Iterable[Vote]) -> Table:
    columns = ("question", "ballot", "threshold", "status", "total", "present", "cast")
    choices = ("approve", "against", "abstain", "not_voted")
    headers = [t(f"export.{c}") for c in columns] + [t(f"choice.{c}") for c in choices]
    headers += [t("export.passed"), t("export.named")]
    rows: list[list[object]] = []
    for vote in votes:
        r = voting.result(db, vote, viewer=None)
        named = "; ".join(
            f"{b.full_name}: {t(f'choice.{b.choice.value}')}" for b in r.ballots or []
        )
        rows.append(
            [
                r.question,
                t(f"floor.ballot.{r.ballot.value}"),
                t(f"floor.threshold.{r.threshold.value}"),
                t(f"vote_status.{r.status.value}"),
                r.total_delegates,
                r.present,
                r.cast,
                r.approve,
                r.against,
                r.abstain,
                r.not_voted,
                "" if r.passed is None else t("floor.passed" if r.passed else "floor.not_passed"),
                named,
            ]
        )
    return headers, rows


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table[0])
    writer.writerows(table[1])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table, sheet: str) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet[:31]
    ws.append(table[0])
    for row in table[1]:
        ws.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    # a cell starting with = + - @ would be a formula in Excel: keep it text
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value

"""The indicators page (laptop or tablet): each figure with its chart and its evidence, the
period to choose, the exports and the report to file; the province's for its administrator."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.api.deps import From, To
from app.db import DbInt, DbSession
from app.i18n import t
from app.indicators import report
from app.indicators import service as indicators
from app.security import policy
from app.security.auth import CurrentActor
from app.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/office/councils/{council_id}/indicators", response_class=HTMLResponse)
def council_page(
    request: Request,
    council_id: DbInt,
    actor: CurrentActor,
    db: DbSession,
    start: From = None,
    end: To = None,
) -> Response:
    council = policy.council_for_staff(db, actor, council_id)
    scope = indicators.scope_of([council.id], start, end)
    query = f"from={scope.period.start}&to={scope.period.end}"
    base = f"/office/councils/{council.id}/indicators"
    data = indicators.compute(db, scope, lambda key: f"{base}/{key}?{query}")
    return render(
        request,
        "indicators/page.html",
        council=council,
        data=data,
        query=query,
        api=f"/api/councils/{council.id}/indicators",
        figure=report.figure,
    )


@router.get("/office/councils/{council_id}/indicators/{key}", response_class=HTMLResponse)
def evidence_page(
    request: Request,
    council_id: DbInt,
    key: str,
    actor: CurrentActor,
    db: DbSession,
    start: From = None,
    end: To = None,
) -> Response:
    """The records behind one figure: each with what it adds, and a link to it."""
    council = policy.council_for_staff(db, actor, council_id)
    scope = indicators.scope_of([council.id], start, end)
    return render(
        request,
        "indicators/evidence.html",
        council=council,
        key=key,
        title=t(f"indicators.{key}"),
        period=scope.period,
        query=f"from={scope.period.start}&to={scope.period.end}",
        rows=indicators.evidence(db, scope, key),
    )


@router.get("/office/indicators", response_class=HTMLResponse)
def province_page(
    request: Request,
    actor: CurrentActor,
    db: DbSession,
    start: From = None,
    end: To = None,
    key: Annotated[str, Query(max_length=60)] = "digital_session_documents",
) -> Response:
    """The province's figures (every council's records added up), and one indicator compared
    across its councils."""
    policy.require_admin(actor)
    scope = indicators.scope_of(indicators.council_ids(db), start, end)
    query = f"from={scope.period.start}&to={scope.period.end}"
    return render(
        request,
        "indicators/page.html",
        council=None,
        data=indicators.compute(
            db, scope, lambda key: f"/api/provinces/indicators/{key}/evidence?{query}"
        ),
        query=query,
        api="/api/provinces/indicators",
        figure=report.figure,
        compared_key=key,
        compared=indicators.compare(db, scope, key),
        keys=list(indicators.INDICATORS),
    )

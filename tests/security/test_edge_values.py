"""Values the databases cannot hold are refused at the edge with a 4xx, never a 500: every
route of the app, HTML pages included, with every path and query parameter at 2^63, as an
administrator, a clerk and nobody; offsets at 2^63 on the public lists; dates whose conversion
to UTC overflows."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.directory.models import Role
from tests.factories import directory as f
from tests.support.routes import app_routes

HUGE = str(2**63)
WHOLE_NUMBER_PARAM = re.compile(r"\{(\w+)\}")


def test_every_route_answers_an_id_of_2_to_the_63_with_a_4xx(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    council = f.council(db)
    admin = f.login(client, f.admin(db))
    clerk = f.login(client, f.user(db, council=council, role=Role.clerk))
    # every route with a path or query parameter, each at 2^63 (a text one is simply odd)
    routes = [
        (m, path, [q.alias for q in route.dependant.query_params])
        for m, path, route in app_routes(app)
        if route.dependant.path_params or route.dependant.query_params
    ]
    assert len(routes) > 100  # API and HTML routes alike
    failures = []
    for method, path, query in routes:
        url = WHOLE_NUMBER_PARAM.sub(HUGE, path) + "".join(
            f"{'&' if i else '?'}{name}={HUGE}" for i, name in enumerate(query)
        )
        for headers in (admin, clerk, {}):
            answer = client.request(method, url, headers={**headers, "Accept": "text/html"})
            if answer.status_code >= 500:
                failures.append((method, url, answer.status_code))
    assert not failures, failures


@pytest.mark.parametrize(
    "url",
    [
        f"/p/meetings/{HUGE}",
        f"/api/public/documents?offset={HUGE}",
        f"/api/public/petitions?offset={HUGE}",
        f"/api/public/documents?council_id={HUGE}",
        f"/api/public/meetings?council_id={HUGE}",
        f"/p/councils/1?offset={HUGE}",
    ],
)
def test_anonymous_lists_refuse_huge_numbers(client: TestClient, url: str) -> None:
    answer = client.get(url)
    assert 400 <= answer.status_code < 500, (url, answer.status_code, answer.text[:200])


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_a_meeting_date_that_overflows_is_a_422(
    client: TestClient, db: Session, moment: str
) -> None:
    council = f.council(db)
    clerk = f.login(client, f.user(db, council=council, role=Role.clerk))
    answer = client.post(
        "/api/meetings",
        headers=clerk,
        json={
            "council_id": council.id,
            "kind": "regular_session",
            "title": "Kỳ họp",
            "starts_at": moment,
        },
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "validation_error"

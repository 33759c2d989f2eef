"""Property-based fuzzing of the whole API from its OpenAPI schema (schemathesis): whatever a
client sends, well-formed or not, the answer is never a 500. Run as a clerk of a council with a
meeting and as the administrator (so requests get past authentication into the routes), on
PostgreSQL, whose types are the stricter (integer range, NUL bytes in text)."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from sqlalchemy.orm import Session

from app.directory.models import Role
from tests.factories import directory as f
from tests.factories import meetings as m

MAX_EXAMPLES = 25  # per operation and identity: finds the common classes, quick enough for CI


def _answered(app: FastAPI) -> Any:
    """Starlette re-raises an unhandled error after sending its 500; keep the 500 as the
    answer, as a real server does, so every failure is collected instead of the first."""

    async def contained(scope: Any, receive: Any, send: Any) -> None:
        with contextlib.suppress(Exception):
            await app(scope, receive, send)

    return contained


@pytest.fixture
def headers(db: Session, request: pytest.FixtureRequest) -> dict[str, str]:
    council = f.council(db)
    m.meeting(db, council=council)
    if request.param == "admin":
        return f.bearer(db, f.admin(db))
    return f.bearer(db, f.user(db, council=council, role=Role.clerk))


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
@pytest.mark.parametrize("headers", ["clerk", "admin"], indirect=True)
def test_no_request_makes_a_server_error(app: FastAPI, headers: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", _answered(app))
    # an endless event stream (its auth and scope are tested in tests/floor/test_live.py)
    operations = [r.ok() for r in schema.exclude(path_regex=r"/live$").get_all_operations()]
    assert len(operations) > 100  # the whole API, not a corner of it
    failures: list[str] = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,  # the same cases every run: a failure here is reproducible
            database=None,
        )
        def fuzz(case: Any) -> None:
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} {case.query} {case.body!r:.200}: "
                    f"{response.status_code} {response.text[:200]}"
                )

        fuzz()
    assert failures == [], "\n".join(failures[:30])

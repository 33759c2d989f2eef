"""Each route declares its own body limit with the route (`BodyLimit`); every other route takes
the default (1 MiB). The office's no-JavaScript forms take what their API twins take: a 3 MiB
PDF as a new version from the office page was refused 413 while the API accepted it."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import Settings
from app.directory.models import Clearance, Council, Role
from app.documents.models import Document
from app.security.middleware import BodyLimit
from tests.factories import directory as f
from tests.support.office import office_login
from tests.support.pdfs import padded_pdf
from tests.support.routes import app_routes


def _declared(app: FastAPI) -> dict[tuple[str, str], BodyLimit]:
    return {
        (method, path): dependency.call
        for method, path, route in app_routes(app)
        for dependency in route.dependant.dependencies
        if isinstance(dependency.call, BodyLimit)
    }


def test_pages_declare_the_limits_of_their_api_twins(app: FastAPI, settings: Settings) -> None:
    limits = _declared(app)
    twins = [
        ("/api/meetings/{meeting_id}/documents", "/office/meetings/{meeting_id}/documents"),
        ("/api/documents/{document_id}/versions", "/office/documents/{document_id}/versions"),
        ("/api/councils/{council_id}/users/import", "/office/councils/{council_id}/import"),
        ("/api/verify", "/verify"),
        ("/api/verify", "/verify/{code}"),
        ("/api/petitions/{petition_id}/attachments", "/p/councils/{council_id}/petitions"),
    ]
    for api, page in twins:
        assert limits["POST", api].bytes(settings) == limits["POST", page].bytes(settings)
        assert limits["POST", page].bytes(settings) > settings.max_body_bytes
    # nothing but these few routes takes more than the default
    assert {path for _, path in limits} == {path for pair in twins for path in pair} | {
        "/api/me/signing-credentials",
        "/api/councils/{council_id}/issued-documents",  # a meeting's upload, outside meetings
    }


def test_the_office_new_version_form_takes_a_3_mib_pdf(
    client: TestClient,
    db: Session,
    office: tuple[Council, dict[str, str], int],
    settings: Settings,
    tmp_path,
) -> None:
    council, headers, meeting = office
    first = padded_pdf(tmp_path / "du-thao.pdf", 64 * 1024)
    with first.open("rb") as handle:
        created = client.post(
            f"/api/meetings/{meeting}/documents",
            headers=headers,
            data={"title": "Dự thảo nghị quyết", "classification": "internal"},
            files={"file": (first.name, handle, "application/pdf")},
        )
    assert created.status_code == 201, created.text
    document = created.json()["id"]

    clerk = f.user(db, council=council, role=Role.clerk, clearance=Clearance.restricted)
    csrf = office_login(client, clerk.username, f.PASSWORD)
    bigger = padded_pdf(tmp_path / "du-thao-sua.pdf", 3 * 1024 * 1024)
    assert bigger.stat().st_size > settings.max_body_bytes
    with bigger.open("rb") as handle:
        replaced = client.post(
            f"/office/documents/{document}/versions",
            headers={"X-CSRF-Token": csrf, "Accept": "text/html"},
            files={"file": (bigger.name, handle, "application/pdf")},
            follow_redirects=False,
        )
    assert replaced.status_code == 303, replaced.text
    db.expire_all()
    assert db.get_one(Document, document).current_version == 2

    # past its own limit the same form is refused, before the document changes
    settings.max_upload_bytes = 1024 * 1024
    with bigger.open("rb") as handle:
        refused = client.post(
            f"/office/documents/{document}/versions",
            headers={"X-CSRF-Token": csrf, "Accept": "text/html"},
            files={"file": (bigger.name, handle, "application/pdf")},
            follow_redirects=False,
        )
    assert refused.status_code == 413
    db.expire_all()
    assert db.get_one(Document, document).current_version == 2

"""A test PKI and timestamp authority shared by the signing tests, and a resolution to sign."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import Settings
from app.directory.models import Council, Role, User
from app.documents.models import Classification, Document, DocumentType
from app.storage import ObjectStore
from tests.factories import directory as f
from tests.factories import meetings as m
from tests.support.pdfs import CHAIR_NAME, resolution_pdf
from tests.support.pki import Identity, TestPKI, TsaServer, make_pki, run_tsa

PASSPHRASE = "mat-khau-ky-so-2026"


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPKI:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def tsa(pki: TestPKI) -> Iterator[TsaServer]:
    with run_tsa(pki) as server:
        yield server


@pytest.fixture(scope="session")
def chair_identity(pki: TestPKI) -> Identity:
    return pki.issue(CHAIR_NAME, "HĐND xã Thử nghiệm")


@pytest.fixture(scope="session")
def seal_identity(pki: TestPKI) -> Identity:
    return pki.issue("Hội đồng nhân dân xã Thử nghiệm", "HĐND xã Thử nghiệm")


@pytest.fixture
def settings(tmp_path: Path, tsa: TsaServer) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path / "data",
        base_url="http://testserver",
        tsa_url=tsa.url,
    )


@dataclass
class Council_:
    council: Council
    clerk: User
    chair: User
    delegate: User
    admin: User
    resolution: Document


@pytest.fixture
def issuing(db: Session, store: ObjectStore) -> Council_:
    council = f.council(db, name=f"HĐND xã Thử nghiệm {id(db)}")
    meeting = m.meeting(db, council=council)
    resolution = m.document(
        db,
        store,
        meeting=meeting,
        classification=Classification.public,
        content=resolution_pdf(),
        title="Nghị quyết về kế hoạch đầu tư công năm 2027",
    )
    resolution.doc_type = DocumentType.draft_resolution
    db.flush()
    return Council_(
        council=council,
        clerk=f.user(db, council=council, role=Role.clerk, full_name="Lê Văn Thư"),
        chair=f.user(db, council=council, role=Role.chair, full_name=CHAIR_NAME),
        delegate=f.user(db, council=council, role=Role.delegate),
        admin=f.admin(db),
        resolution=resolution,
    )


def add_anchor(client: TestClient, admin: User, pem: bytes) -> int:
    response = client.post(
        "/api/trust-anchors", headers=f.login(client, admin), files={"file": ("root.pem", pem)}
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def add_pkcs12(client: TestClient, user: User, identity: Identity) -> int:
    response = client.post(
        "/api/me/signing-credentials",
        headers=f.login(client, user),
        files={"file": ("key.p12", identity.pkcs12(PASSPHRASE))},
        data={"passphrase": PASSPHRASE},
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])
